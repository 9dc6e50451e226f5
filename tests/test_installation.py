"""A site that installs the apps wrongly is told how to fix it by ``manage.py check``.

Each case writes a settings module derived from the test settings and runs ``check`` in a
fresh process, as a developer would.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.checks import Error
from django.test import override_settings

from wagtail_coc.transparency.checks import encryption_keys

ROOT = Path(__file__).resolve().parent.parent


def manage_check(tmp_path, settings_code):
    (tmp_path / "broken_settings.py").write_text(
        "from tests.settings import *  # noqa\n" + textwrap.dedent(settings_code)
    )
    return subprocess.run(
        [sys.executable, "-m", "django", "check"],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "broken_settings",
            "PYTHONPATH": f"{tmp_path}:{ROOT}:{ROOT / 'example_project'}",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
    )


def test_every_app_installed_in_order_passes_the_checks(tmp_path):
    result = manage_check(tmp_path, "")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_core_alone_needs_no_encryption_key(tmp_path):
    result = manage_check(
        tmp_path,
        """
        INSTALLED_APPS = [a for a in INSTALLED_APPS if a not in {
            "wagtail_coc.transparency", "wagtail_coc.acceptance", "wagtail_coc.signage",
            "wagtail_coc.casework"}]
        ROOT_URLCONF = "tests.urls_core"
        del WAGTAIL_COC_ENCRYPTION_KEYS
        """,
    )
    assert result.returncode == 0, result.stderr


def test_a_missing_base_template_is_named_with_its_fix(tmp_path):
    result = manage_check(tmp_path, 'WAGTAIL_COC_BASE_TEMPLATE = "layouts/site.html"\n')
    assert result.returncode == 1
    assert "wagtail_coc.E002" in result.stderr
    assert "set WAGTAIL_COC_BASE_TEMPLATE to the name of your site's base template" in (
        result.stderr
    )


def test_a_base_template_without_a_content_block_gets_a_warning(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "plain.html").write_text("<html><body>{% block main %}{% endblock %}")
    result = manage_check(
        tmp_path,
        f"""
        TEMPLATES[0]["DIRS"] = [{str(tmp_path / "templates")!r}, *TEMPLATES[0]["DIRS"]]
        WAGTAIL_COC_BASE_TEMPLATE = "plain.html"
        """,
    )
    assert result.returncode == 0, result.stderr
    assert "wagtail_coc.W001" in result.stderr + result.stdout
    assert "Add {% block content %}{% endblock %}" in result.stderr + result.stdout


def test_a_missing_contrib_app_is_named_with_its_fix(tmp_path):
    result = manage_check(
        tmp_path,
        'INSTALLED_APPS = [a for a in INSTALLED_APPS if a != "wagtail.contrib.settings"]\n',
    )
    assert result.returncode == 1
    assert "wagtail_coc.E001" in result.stderr
    assert "Add 'wagtail.contrib.settings' to INSTALLED_APPS." in result.stderr


def test_transparency_after_wagtail_would_lose_the_publish_scheduled_guard(tmp_path):
    result = manage_check(
        tmp_path,
        """
        INSTALLED_APPS = [a for a in INSTALLED_APPS if a != "wagtail_coc.transparency"]
        INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail") + 1, "wagtail_coc.transparency")
        """,
    )
    assert result.returncode == 1
    assert "wagtail_coc.E302" in result.stderr
    assert "Move 'wagtail_coc.transparency' above 'wagtail'" in result.stderr


@pytest.mark.parametrize(
    ("missing", "fix"),
    [
        ("wagtail_coc", "needs the core app: add 'wagtail_coc' to INSTALLED_APPS"),
        ("wagtail_coc.transparency", "wagtail_coc.casework needs 'wagtail_coc.transparency'"),
    ],
)
def test_an_app_without_the_app_it_builds_on_says_to_add_it(tmp_path, missing, fix):
    result = manage_check(
        tmp_path,
        f"INSTALLED_APPS = [a for a in INSTALLED_APPS if a != {missing!r}]\n",
    )
    assert result.returncode != 0
    assert fix in result.stderr


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        ([], "is not set"),
        (["not-a-key"], "Key number 1 in WAGTAIL_COC_ENCRYPTION_KEYS is not a valid"),
        (
            ["u1LNSw-iEJUS1oeg0EkTn2-IEJYqztkhaDhSKhCfgrE=", "short"],
            "Key number 2 in WAGTAIL_COC_ENCRYPTION_KEYS is not a valid",
        ),
    ],
)
def test_a_missing_or_malformed_encryption_key_is_a_check_error(keys, problem):
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=keys):
        errors = encryption_keys(None)
    assert [error.id for error in errors] == ["wagtail_coc.E303"]
    assert isinstance(errors[0], Error)
    assert problem in errors[0].msg
    assert "Fernet.generate_key()" in errors[0].hint
    # The key itself is never echoed into logs.
    assert "not-a-key" not in errors[0].msg + errors[0].hint
