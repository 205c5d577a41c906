"""gunicorn's settings for MentorUp: `gunicorn -c gunicorn.conf.py -k gthread --threads 8 wsgi:app`.

Before it starts any worker, the master checks that the database and Redis answer; if one does
not, it stops with one line and exit status 1 instead of starting workers that cannot work.
"""
import sys


def on_starting(server):
    from saas.config import ConfigError, from_environment
    from saas.outages import check_reachable

    try:
        check_reachable(from_environment())
    except ConfigError as error:
        print(f"mentorup: {error}", file=sys.stderr)
        sys.exit(1)
