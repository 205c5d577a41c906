"""The app factory and its settings."""
import subprocess
import sys

import pytest

from saas import ConfigError, create_app
from saas.config import ROOT


def test_default_is_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["ENV"] == "development"
    assert (tmp_path / "control.sqlite3").exists()
    assert (tmp_path / "tenants").is_dir()


def test_production_refuses_the_default_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path), "SMTP_URL": "smtp://x"})


def test_production_starts_with_a_real_secret(tmp_path):
    app = create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path), "BASE_URL": "https://mentorup.example",
                      "SECRET_KEY": "k" * 40, "SMTP_URL": "smtp://127.0.0.1:25"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_unreachable_database_is_one_line_at_start(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "tenant", "list"], cwd=ROOT,
        capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path),
             "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/nowhere"})
    assert result.returncode != 0
    assert result.stderr.strip().startswith("mentorup: cannot reach the control database")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_wsgi_exposes_an_app_for_gunicorn(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi; print(type(wsgi.app).__name__)"], cwd=ROOT,
        capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path)})
    assert result.stdout.strip() == "Flask", result.stderr


def test_pages_vary_on_htmx_requests(client):
    response = client.get("/console/login")
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
