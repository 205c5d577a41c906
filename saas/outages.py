"""When the database or Redis is out of reach. At start, the web server (gunicorn's master
included, see gunicorn.conf.py), the job consumer and the CLI stop with one line and a non-zero
exit status. While running, a page that needs them answers 503 saying the service is
unavailable, and works again as soon as they answer: nothing needs a restart."""
import logging
import queue
import sqlite3

import peewee
import psycopg2
import redis

from saas.databases import Databases
from saas.jobs import check_redis

log = logging.getLogger(__name__)

# SQLite's primary result codes that mean "cannot get at the file now", not a mistake in a query.
SQLITE_OUT_OF_REACH = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR,
                       sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL}


def check_reachable(settings):
    """Raise ConfigError, in one line, if the control database or Redis does not answer."""
    databases = Databases(settings["DATABASE_URL"], settings["INSTANCE_PATH"])
    try:
        databases.check()
    finally:
        databases.close()
    check_redis(settings["REDIS_URL"])


def causes(error):
    """`error` and what it wraps (peewee keeps the driver's exception as its first argument)."""
    seen = []
    while isinstance(error, BaseException) and error not in seen:
        seen.append(error)
        error = error.args[0] if error.args and isinstance(error.args[0], BaseException) else \
            error.__cause__ or error.__context__
    return seen


def out_of_reach(error):
    """Whether `error` says a database or Redis cannot be reached now, rather than that a query is wrong."""
    for cause in causes(error):
        if isinstance(cause, (psycopg2.OperationalError, psycopg2.InterfaceError,
                              redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)):
            return True
        if isinstance(cause, sqlite3.Error):
            return (getattr(cause, "sqlite_errorcode", 0) & 0xFF) in SQLITE_OUT_OF_REACH
    # peewee's own, with no driver error inside: the connection pool found every connection busy.
    return type(error) is peewee.OperationalError and len(causes(error)) == 1


def init_app(app):
    def unavailable(error):
        if not out_of_reach(error):
            raise error
        log.warning("503, out of reach: %s", f"{type(error).__name__}: {error}".strip().splitlines()[0])
        try:  # connections idle in the pool may have died with the server: open fresh ones when it is back
            app.extensions["databases"].close()
        except queue.Empty:
            pass  # another thread took the last one meanwhile
        # Without the context processors: they would ask the database who is signed in.
        page = app.jinja_env.get_template("errors/unavailable.html").render()
        return page, 503, {"Retry-After": "30", "Vary": "HX-Request"}

    for kind in (peewee.OperationalError, peewee.InterfaceError, psycopg2.OperationalError, psycopg2.InterfaceError,
                 redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
        app.register_error_handler(kind, unavailable)
