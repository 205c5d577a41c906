"""Idle tenant connections: kept for the next request, bounded, and not pushed out by a pass
over every tenant."""
import sqlite3

from saas.databases import IdleConnections


def connection():
    return sqlite3.connect(":memory:", check_same_thread=False)


def test_a_connection_given_back_is_taken_again_by_its_tenant_only():
    idle = IdleConnections(limit=4)
    mine = connection()
    idle.give_back("acme", mine)
    assert idle.take("other") is None
    assert idle.take("acme") is mine and idle.take("acme") is None


def test_no_more_than_the_limit_stay_open_and_those_let_go_are_closed():
    idle = IdleConnections(limit=3)
    given = [connection() for _ in range(10)]
    for n, conn in enumerate(given):
        idle.give_back(f"t{n}", conn)
    assert idle.count == 3
    kept = [conn for n in range(10) if (conn := idle.take(f"t{n}"))]
    assert len(kept) == 3
    for conn in given:
        if conn not in kept:
            try:
                conn.execute("SELECT 1")
            except sqlite3.ProgrammingError:
                continue
            raise AssertionError("a connection let go was left open")


def test_a_busy_tenant_keeps_its_connection_through_a_pass_over_every_other_tenant():
    idle = IdleConnections(limit=4)
    for _ in range(5):  # a tenant in use all day
        idle.give_back("busy", connection())
        idle.take("busy")
    idle.give_back("busy", connection())
    for n in range(100):  # a report that reads every tenant once
        idle.give_back(f"t{n}", connection())
    assert idle.take("busy") is not None


def test_a_half_finished_transaction_is_never_handed_on():
    idle = IdleConnections(limit=4)
    conn = connection()
    conn.isolation_level = None
    conn.execute("BEGIN")
    idle.give_back("acme", conn)
    assert idle.take("acme") is None


def test_tenant_connections_sets_how_many_files_a_process_keeps_open(tmp_path):
    import saas
    from saas.provisioning import create_tenant
    from saas.tenancy import tenant_scope
    from tenants.people.models import User

    app = saas.create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "", "REDIS_URL": "",
                           "TENANT_CONNECTIONS": 2})
    idle = app.extensions["databases"]._idle
    assert idle.limit == 2
    with app.app_context():
        for slug in ("t-one", "t-two", "t-three"):
            create_tenant(slug, slug)
            with tenant_scope(slug):
                User.select().count()
    assert idle.count == 2
    app.extensions["databases"].close()


def test_a_connection_lent_out_keeps_its_place_against_a_newcomer():
    idle = IdleConnections(limit=2)
    for _ in range(3):  # two tenants in use
        for slug in ("a", "b"):
            idle.give_back(slug, idle.take(slug) or connection())
    lent = idle.take("a")
    newcomer = connection()
    idle.give_back("c", newcomer)  # while a's connection is out: there is no room for c
    idle.give_back("a", lent)
    assert idle.take("a") is lent and idle.take("b") is not None and idle.take("c") is None
    try:
        newcomer.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return
    raise AssertionError("the newcomer's connection was kept open")
