"""Pairing is plain logic over plain data: no Flask, no database, no platform code."""
import ast
import subprocess
import sys
from pathlib import Path

import tenants.matching

PAIRING = Path(tenants.matching.__file__).parent
ALLOWED = {"numpy", "scipy", "threadpoolctl"}  # and the standard library


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_pairing_imports_only_numpy_scipy_threadpoolctl_and_the_standard_library():
    for path in PAIRING.glob("*.py"):
        assert set(imported_modules(path)) - sys.stdlib_module_names <= ALLOWED, path.name


def test_importing_pairing_loads_neither_flask_nor_the_platform():
    code = "import sys, tenants.matching; print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'saas', 'peewee')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PAIRING.parent.parent).stdout
    assert out.strip() == "[]"
