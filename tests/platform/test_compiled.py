"""tenants.models.Compiled: a query written once gives what the query itself gives, for any
values, in every tenant, on SQLite and PostgreSQL alike."""
import pytest

from saas.tenancy import tenant_scope
from tenants.models import Compiled
from tenants.people.models import User, user_by_id

by_role_and_name = Compiled(lambda role, name: User.select().where(User.role == role, User.name != name).order_by(User.id))


def test_it_gives_the_rows_the_query_gives_for_each_value_in_each_tenant(app, two_tenants):
    found = set()
    with app.app_context():
        for slug in ("alpha", "beta"):
            with tenant_scope(slug):
                for role, name in (("admin", "nobody"), ("mentor", "Ada Alpha"), ("mentee", "Ben Beta"), ("x", "y")):
                    expected = list(User.select().where(User.role == role, User.name != name).order_by(User.id))
                    got = list(by_role_and_name(role, name))
                    assert [u.__data__ for u in got] == [u.__data__ for u in expected]
                    found |= {u.email for u in got}
    assert found == {"ada@alpha.example", "max@alpha.example", "bea@beta.example", "bob@beta.example"}


created_after = Compiled(lambda since: User.select().where(User.created > since).order_by(User.id))


def test_a_datetime_value_compares_as_the_query_compares_it(app, two_tenants):
    import datetime
    with app.app_context(), tenant_scope("alpha"):
        everyone = list(User.select().order_by(User.id))
        first = everyone[0].created
        for since in (first - datetime.timedelta(days=1), first, first + datetime.timedelta(days=1)):
            expected = [u.id for u in User.select().where(User.created > since).order_by(User.id)]
            assert [u.id for u in created_after(since)] == expected
        assert [u.id for u in created_after(first - datetime.timedelta(days=1))] == [u.id for u in everyone]


def test_a_user_by_id_is_theirs_and_only_in_their_tenant(app, two_tenants):
    with app.app_context():
        with tenant_scope("alpha"):
            ada = User.get(User.email == "ada@alpha.example")
            assert user_by_id(ada.id).email == user_by_id(str(ada.id)).email == "ada@alpha.example"
            assert user_by_id(10**6) is None and user_by_id("1 OR 1=1") is None and user_by_id("9" * 40) is None
            assert user_by_id("²") is None and user_by_id("") is None
        with tenant_scope("beta"):
            assert (user_by_id(ada.id) or User()).email != "ada@alpha.example"


def test_a_value_that_is_not_a_parameter_is_refused(app, two_tenants):
    in_python = Compiled(lambda limit: User.select().limit(limit + 0 if limit > 0 else 1))
    with app.app_context(), tenant_scope("alpha"), pytest.raises(ValueError, match="every value"):
        list(in_python(3))
