"""Behind a load balancer the client's address comes from trusted proxy headers only
(TRUSTED_PROXIES), so the audit log and the limits see real people, not the proxy."""
import pytest

from saas import ConfigError, create_app
from saas.control import AuditEntry
from saas.proxies import trusted_proxies
from tests.factories import make_consultancy, post_form, sign_in


@pytest.fixture
def app_behind(tmp_path, database_url):
    """app_behind(setting) -> an app with TRUSTED_PROXIES=setting, on SQLite and PostgreSQL."""
    apps = []

    def make(setting):
        apps.append(create_app({"INSTANCE_PATH": str(tmp_path / f"instance{len(apps)}"), "DATABASE_URL": database_url,
                                "TESTING": True, "SECRET_KEY": "test-secret", "BASE_URL": "",
                                "JOBS_IMMEDIATE": True, "TRUSTED_PROXIES": setting}))
        with apps[-1].app_context():
            make_consultancy(email="owner@acme.example")
        return apps[-1]
    yield make
    for app in apps:
        app.extensions["databases"].close()


def signed_in_address(app, client):
    sign_in(client, "/console/login", "owner@acme.example")
    with app.app_context():
        return AuditEntry.select().where(AuditEntry.action == "signed in").order_by(AuditEntry.id.desc()).get().address


def client_via(app, peer, forwarded_for):
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded_for})
    return client


def test_without_trusted_proxies_a_forwarded_header_is_ignored(app_behind):
    app = app_behind("")
    assert signed_in_address(app, client_via(app, "198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_with_a_count_of_proxies_the_client_is_read_from_the_header(app_behind):
    app = app_behind("1")
    # The client claimed to be 1.2.3.4; our one proxy appended what it saw.
    assert signed_in_address(app, client_via(app, "10.0.0.5", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_with_trusted_networks_only_their_headers_are_believed(app_behind):
    app = app_behind("10.0.0.0/8, 192.168.1.5")
    assert signed_in_address(app, client_via(app, "10.0.0.5", "1.2.3.4, 203.0.113.9, 10.1.1.1")) == "203.0.113.9"
    # a stranger connecting directly cannot claim another address
    assert signed_in_address(app, client_via(app, "198.51.100.7", "203.0.113.50")) == "198.51.100.7"


def test_limits_behind_the_proxy_count_each_client_apart(app_behind):
    app = app_behind("1")
    first, second = client_via(app, "10.0.0.5", "203.0.113.1"), client_via(app, "10.0.0.5", "203.0.113.2")
    for _ in range(5):
        sign_in(first, "/console/login", "owner@acme.example", "wrong guess!")
    assert sign_in(first, "/console/login", "owner@acme.example").status_code == 429
    assert sign_in(second, "/console/login", "owner@acme.example").status_code == 302
    statuses = [post_form(first, "/console/forgot", {"email": f"p{n}@x.example"}).status_code for n in range(11)]
    assert statuses[-1] == 429
    assert post_form(second, "/console/forgot", {"email": "q@x.example"}).status_code == 302


@pytest.mark.parametrize("setting", ["many", "11", "10.0.0.0/33", "10.0.0.1, nope"])
def test_a_setting_that_cannot_be_read_stops_the_start_with_a_sentence(tmp_path, setting):
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        create_app({"INSTANCE_PATH": str(tmp_path), "TRUSTED_PROXIES": setting})


def test_the_setting_reads_counts_and_networks():
    assert trusted_proxies("") == 0 and trusted_proxies(" 2 ") == 2
    assert [str(n) for n in trusted_proxies("10.0.0.0/8,192.168.1.5, ::1")] == ["10.0.0.0/8", "192.168.1.5/32", "::1/128"]
