import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("WERKSTATT_", "SECRET_KEY", "ALLOWED_HOSTS"))
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_mode_runs_with_no_configuration():
    result = _import_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_mode_refuses_to_start_without_real_secrets(env, message):
    result = _import_settings(WERKSTATT_PRODUCTION="1", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_mode_starts_with_secret_key_and_hosts():
    result = _import_settings(
        WERKSTATT_PRODUCTION="1", SECRET_KEY="k" * 60, ALLOWED_HOSTS="werkstatt.example"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["False", "['werkstatt.example']"]


def test_sqlite_default_uses_wal_busy_timeout_and_immediate_transactions(settings):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on the SQLite default only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] == 20
    assert options["transaction_mode"] == "IMMEDIATE"


def test_every_response_carries_the_strict_content_security_policy(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "unsafe-inline" not in csp


def test_htmx_request_with_expired_session_gets_a_client_redirect_to_login(client, db):
    response = client.get("/workshops/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/konto/anmelden/?next=/workshops/"


def test_plain_request_with_no_session_is_redirected_to_login(client, db):
    response = client.get("/workshops/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/konto/anmelden/?next=/workshops/"


def test_login_page_is_german_by_default(client, db):
    response = client.get("/konto/anmelden/")
    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()
    assert "Benutzername" in response.content.decode()


def test_workshop_dates_read_with_the_weekday_in_each_language():
    import datetime as dt

    from django.template.defaultfilters import date as date_filter
    from django.utils import translation

    day = dt.date(2026, 12, 9)
    with translation.override("de"):
        assert date_filter(day, "DATE_FORMAT") == "Mittwoch, 9. Dezember 2026"
    with translation.override("en"):
        assert date_filter(day, "DATE_FORMAT") == "Wednesday, 9 December 2026"


def test_login_attempts_are_rate_limited_per_address(client, db):
    for _ in range(20):
        assert client.post("/konto/anmelden/", {"username": "x", "password": "falsch"}).status_code == 200
    response = client.post("/konto/anmelden/", {"username": "x", "password": "falsch"})
    assert response.status_code == 429
    assert "Einen Moment bitte" in response.content.decode()
