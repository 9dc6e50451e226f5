"""A wrong encryption key is caught by ``manage.py check --database`` and shown as a clear
message in the register and on publish, never as a server error."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Site

from tests.admin_form_data import transparency_report_data
from tests.transparency.factories import build_transparency_index, build_transparency_report
from tests.transparency.test_protected_names import KEY_A, KEY_B, admin_user
from wagtail_coc.conf import team_group_name
from wagtail_coc.transparency.checks import encryption_keys_read_the_register
from wagtail_coc.transparency.models import ProtectedName


@pytest.fixture
def stored_with_key_a(db):
    site = Site.objects.get(is_default_site=True)
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_A]):
        return ProtectedName.objects.create(site=site, value="Zyxwa Quellington")


def check_ids(keys):
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=keys):
        return [error.id for error in encryption_keys_read_the_register(None, ["default"])]


def test_wrong_key_is_a_database_check_error(stored_with_key_a):
    assert check_ids([KEY_B]) == ["wagtail_coc.E305"]
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B]):
        errors = encryption_keys_read_the_register(None, ["default"])
    assert "WAGTAIL_COC_ENCRYPTION_KEYS" in errors[0].msg
    assert "coc_rotate_keys" in errors[0].hint
    assert KEY_A not in errors[0].msg + errors[0].hint and KEY_B not in errors[0].msg


def test_right_keys_pass_also_mid_rotation(stored_with_key_a):
    assert check_ids([KEY_A]) == []
    assert check_ids([KEY_B, KEY_A]) == []


def test_old_key_dropped_before_rotating_every_entry_is_caught(stored_with_key_a):
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        ProtectedName.objects.create(site=stored_with_key_a.site, value="Ottilie Brandqvist")
    # The newest entry reads with KEY_B; the oldest does not.
    assert check_ids([KEY_B]) == ["wagtail_coc.E305"]


def test_empty_register_and_no_database_pass(db):
    assert check_ids([KEY_B]) == []
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B]):
        assert encryption_keys_read_the_register(None) == []


def test_manage_py_check_database_fails_with_a_wrong_key(stored_with_key_a):
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B]):
        with pytest.raises(SystemCheckError, match=r"wagtail_coc\.E305"):
            call_command("check", databases=["default"], stdout=io.StringIO())
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_A]):
        call_command("check", databases=["default"], stdout=io.StringIO())


@pytest.fixture
def team_member(db):
    return admin_user("team", groups=[Group.objects.create(name="CoC team")])


@pytest.mark.parametrize("action", ["index", "index_results", "edit", "delete", "add"])
def test_register_views_explain_instead_of_failing(client, team_member, stored_with_key_a, action):
    client.force_login(team_member)
    args = [stored_with_key_a.pk] if action in ("edit", "delete") else []
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B]):
        response = client.get(reverse(f"coc_protected_names:{action}", args=args))
    # The add form holds no stored entry: it still works.
    assert response.status_code == (200 if action == "add" else 503)
    if response.status_code == 503:
        assert "cannot be read" in response.content.decode()
        assert "Zyxwa" not in response.content.decode()


def test_publishing_a_report_with_an_unreadable_register_is_refused_clearly(
    admin_client, admin_user, stored_with_key_a
):
    # Only the CoC team edits reports.
    Group.objects.get_or_create(name=team_group_name())[0].user_set.add(admin_user)
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_A]):
        # The index is scanned on publishing too, so it needs the register's key.
        index = build_transparency_index(stored_with_key_a.site.root_page)
        report = build_transparency_report(index, 2027)
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B]):
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[report.pk]),
            transparency_report_data(action="action-publish"),
        )
    assert response.status_code == 200
    assert "Not saved: the protected names register cannot be read" in response.content.decode()
