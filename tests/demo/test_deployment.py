"""The demo deploys safely: production settings pass ``check --deploy``, middleware is in
Django's order, SQLite runs in WAL mode, the public key never leaves the demo, and error
pages are friendly."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "example_project"
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "conduct.example.org",
    "DATABASE_URL": "postgres://wagtail:secret@db.internal:5432/wagtail_coc",
    "WAGTAIL_COC_ENCRYPTION_KEYS": "u1LNSw-iEJUS1oeg0EkTn2-IEJYqztkhaDhSKhCfgrE=",
    "WAGTAILADMIN_BASE_URL": "https://conduct.example.org",
}


def manage(*args, settings_module="example_project.settings", **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=DEMO,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": f"{ROOT}:{DEMO}",
            "DJANGO_SETTINGS_MODULE": settings_module,
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_check_deploy():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        settings_module="example_project.settings_production", **PRODUCTION_ENV,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_settings_name_each_missing_secret(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = manage("check", settings_module="example_project.settings_production", **env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_settings_never_use_the_demo_key():
    result = manage(
        "shell", "-c",
        "from django.conf import settings; print(settings.WAGTAIL_COC_ENCRYPTION_KEYS, "
        "settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.MIDDLEWARE[:2])",
        settings_module="example_project.settings_production", **PRODUCTION_ENV,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert PRODUCTION_ENV["WAGTAIL_COC_ENCRYPTION_KEYS"] in result.stdout
    assert "False True" in result.stdout
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in result.stdout
    assert "public" not in result.stderr.lower()


def test_demo_without_debug_has_no_key_and_fails_the_check():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode == 1
    assert "wagtail_coc.E303" in result.stderr
    assert "Fernet.generate_key()" in result.stderr


def test_demo_with_debug_falls_back_to_its_public_key_loudly():
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "PUBLIC demo key" in result.stderr


# (earlier, later) pairs from Django's middleware ordering notes.
MIDDLEWARE_ORDER = [
    ("sessions.middleware.SessionMiddleware", "middleware.locale.LocaleMiddleware"),
    ("middleware.locale.LocaleMiddleware", "middleware.common.CommonMiddleware"),
    ("sessions.middleware.SessionMiddleware", "middleware.csrf.CsrfViewMiddleware"),
    ("sessions.middleware.SessionMiddleware", "auth.middleware.AuthenticationMiddleware"),
    ("auth.middleware.AuthenticationMiddleware", "messages.middleware.MessageMiddleware"),
]


def test_middleware_is_in_djangos_recommended_order():
    assert settings.MIDDLEWARE[0] == "django.middleware.security.SecurityMiddleware"

    def position(suffix):
        return next(i for i, name in enumerate(settings.MIDDLEWARE) if name.endswith(suffix))

    for earlier, later in MIDDLEWARE_ORDER:
        assert position(earlier) < position(later), (earlier, later)


def test_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print([c.execute(f'PRAGMA {p}').fetchone()[0] for p in "
        "('journal_mode', 'secure_delete', 'busy_timeout')])",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        WAGTAIL_COC_ENCRYPTION_KEYS=PRODUCTION_ENV["WAGTAIL_COC_ENCRYPTION_KEYS"],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['wal', 1, 20000]"


def test_missing_page_is_a_friendly_404(client, root_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "Go to the home page" in html


def test_server_error_page_needs_nothing_that_could_fail_again():
    # No database access is allowed in this test: a query would raise.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "it was not saved unless you saw a confirmation" in html
