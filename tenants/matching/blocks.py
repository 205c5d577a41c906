"""Whole-cohort matrices are filled a block of mentees at a time, on every core.

numpy lets go of the GIL inside its loops, so blocks run side by side in threads, and a
block of a few hundred rows stays in the CPU cache between the passes made over it. Where a
large proposal runs (the job worker), BLAS is held to one thread (`undisturbed`): its threads
keep spinning on the cores for a while after each product, which would slow ours and the solver.
"""
import gc
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from threadpoolctl import ThreadpoolController

ROWS = 256

_shared = {}  # this process's thread pool and BLAS controller, made on first use
_making = threading.Lock()


def _reset_after_fork():
    _shared.clear()  # a forked worker (gunicorn, huey) gets no threads from its parent


os.register_at_fork(after_in_child=_reset_after_fork)


def shared(name, make):
    with _making:
        if name not in _shared:
            _shared[name] = make()
        return _shared[name]


def cores():
    """The cores this process may use (all of them where the system cannot say)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def undisturbed():
    """BLAS on one thread (for the whole process) while pairing runs its own, and the cyclic
    garbage collector paused: a proposal makes thousands of small objects (pairs, their
    breakdowns, sentences) and no reference cycles, which it would only walk again and again.

    Both switches belong to the whole process, so they are for a process that does nothing
    else meanwhile (the job worker, the benchmark), never for a threaded web server."""
    blas = shared("blas", ThreadpoolController)
    collecting = gc.isenabled()
    gc.disable()
    try:
        with blas.limit(limits=1, user_api="blas"):
            yield
    finally:
        if collecting:
            gc.enable()


def in_blocks(fill, rows):
    """fill(slice) for every block of `rows` rows, in parallel when there is more than one."""
    blocks = [slice(start, min(start + ROWS, rows)) for start in range(0, rows, ROWS)]
    if len(blocks) <= 1:
        for block in blocks:
            fill(block)
        return
    threads = shared("threads", lambda: ThreadPoolExecutor(cores(), thread_name_prefix="pairing"))
    for _ in threads.map(fill, blocks):  # re-raises the first error of any block
        pass
