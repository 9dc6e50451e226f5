import io
import json

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry, Site

from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.transparency import encryption
from wagtail_coc.transparency.models import (
    ProtectedName,
    protected_names_for_page,
    protected_names_for_site,
)
from wagtail_coc.transparency.permissions import CoCTeamOnlyPermissionPolicy, is_coc_team_member

NAME = "Zyxwa Quellington"
NOTE = "Reported person in the Friday hallway incident"
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def other_site(site):
    home = Page.get_first_root_node().add_child(title="Other event", slug="other-event")
    return Site.objects.create(hostname="other.example", root_page=home)


@pytest.fixture
def entry(site):
    return ProtectedName.objects.create(site=site, value=NAME, note=NOTE)


def admin_user(username, groups=(), is_superuser=False):
    user = get_user_model().objects.create_user(
        username=username, password="pw", is_superuser=is_superuser
    )
    user.groups.set(groups)
    if not is_superuser:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def team_member(db):
    return admin_user("team", groups=[Group.objects.create(name="CoC team")])


@pytest.fixture
def editor(db):
    """An editor outside the team who holds every Django permission on the model."""
    editors = Group.objects.create(name="Programme editors")
    editors.permissions.set(Permission.objects.filter(codename__endswith="_protectedname"))
    return admin_user("editor", groups=[editors])


@pytest.fixture
def superuser(db):
    return admin_user("root", is_superuser=True)


def raw_column(pk, column):
    table = connection.ops.quote_name(ProtectedName._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk]
        )
        return cursor.fetchone()[0]


def text_in_database(*needles):
    """Every (table, value) in any text-like column of any table that contains a needle."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
                    if isinstance(text, str) and any(
                        n.casefold() in text.casefold() for n in needles
                    ):
                        found.append((table, text))
    return found


# Encryption at rest


def test_stored_only_as_ciphertext(entry):
    for column, plaintext in (("value", NAME), ("note", NOTE)):
        stored = raw_column(entry.pk, column)
        assert stored.startswith(encryption.TOKEN_PREFIX)
        assert plaintext not in stored
        assert (
            Fernet(encryption.configured_keys()[0]).decrypt(stored.encode()).decode() == plaintext
        )
    reloaded = ProtectedName.objects.get(pk=entry.pk)
    assert (reloaded.value, reloaded.note) == (NAME, NOTE)


def test_filtering_by_value_is_refused_rather_than_silently_empty(entry):
    with pytest.raises(FieldError, match="Unsupported lookup"):
        list(ProtectedName.objects.filter(value=NAME))
    with pytest.raises(FieldError, match="Unsupported lookup"):
        list(ProtectedName.objects.filter(note__icontains="hallway"))


def test_blank_note_stays_blank(site):
    entry = ProtectedName.objects.create(site=site, value=NAME)
    assert raw_column(entry.pk, "note") == ""
    assert ProtectedName.objects.get(pk=entry.pk).note == ""


def test_string_form_never_holds_the_name(entry):
    assert str(entry) == f"Protected name #{entry.pk}"
    assert NAME not in repr(entry)
    assert NAME not in str(ProtectedName(value=NAME))


def test_dumpdata_writes_ciphertext_and_loaddata_reads_it_back(entry, tmp_path):
    out = io.StringIO()
    call_command("dumpdata", "wagtail_coc_transparency.protectedname", stdout=out)
    dump = out.getvalue()
    assert NAME not in dump
    assert NOTE not in dump
    fields = json.loads(dump)[0]["fields"]
    assert fields["value"].startswith(encryption.TOKEN_PREFIX)

    fixture = tmp_path / "names.json"
    fixture.write_text(dump)
    ProtectedName.objects.all().delete()
    call_command("loaddata", str(fixture), verbosity=0)
    loaded = ProtectedName.objects.get()
    assert (loaded.value, loaded.note) == (NAME, NOTE)
    assert NAME not in raw_column(loaded.pk, "value")


def test_keys_are_independent_of_secret_key(entry):
    with override_settings(SECRET_KEY="a-completely-different-secret"):
        assert ProtectedName.objects.get(pk=entry.pk).value == NAME


def test_missing_key_is_a_clear_configuration_error(site, monkeypatch):
    monkeypatch.delenv("WAGTAIL_COC_ENCRYPTION_KEYS", raising=False)
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[]):
        with pytest.raises(ImproperlyConfigured, match="WAGTAIL_COC_ENCRYPTION_KEYS") as error:
            ProtectedName.objects.create(site=site, value=NAME)
    assert "Fernet.generate_key()" in str(error.value)
    assert not ProtectedName.objects.exists()


def test_keys_fall_back_to_the_environment(site, monkeypatch):
    monkeypatch.setenv("WAGTAIL_COC_ENCRYPTION_KEYS", f" {KEY_A} , {KEY_B} ")
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=None):
        entry = ProtectedName.objects.create(site=site, value=NAME)
        assert ProtectedName.objects.get(pk=entry.pk).value == NAME
    assert Fernet(KEY_A).decrypt(raw_column(entry.pk, "value").encode()).decode() == NAME


def test_invalid_key_is_reported_without_echoing_it(site):
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_A, "not-a-real-key"]):
        with pytest.raises(ImproperlyConfigured, match="Key number 2") as error:
            ProtectedName.objects.create(site=site, value=NAME)
    assert "not-a-real-key" not in str(error.value)


def test_rotate_keys_re_encrypts_so_the_old_key_can_be_dropped(site):
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_A]):
        entry = ProtectedName.objects.create(site=site, value=NAME, note=NOTE)
        blank_note = ProtectedName.objects.create(site=site, value="Second Person")
    before = raw_column(entry.pk, "value")

    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        out = io.StringIO()
        call_command("coc_rotate_keys", stdout=out)
    assert "Re-encrypted 2 protected names with the first key." in out.getvalue()
    after = raw_column(entry.pk, "value")
    assert after != before
    assert Fernet(KEY_B).decrypt(after.encode()).decode() == NAME
    assert raw_column(blank_note.pk, "note") == ""

    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B]):
        rotated = ProtectedName.objects.get(pk=entry.pk)
        assert (rotated.value, rotated.note) == (NAME, NOTE)
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_A]):
        with pytest.raises(ImproperlyConfigured, match="could not be decrypted"):
            ProtectedName.objects.get(pk=entry.pk)


def test_rotate_without_the_old_key_fails_and_changes_nothing(site):
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_A]):
        entry = ProtectedName.objects.create(site=site, value=NAME)
    before = raw_column(entry.pk, "value")
    with override_settings(WAGTAIL_COC_ENCRYPTION_KEYS=[KEY_B]):
        with pytest.raises(ImproperlyConfigured, match="keep the old key"):
            call_command("coc_rotate_keys", stdout=io.StringIO())
    assert raw_column(entry.pk, "value") == before


# The register's API


def test_names_are_per_site(site, other_site):
    ProtectedName.objects.create(site=site, value=NAME)
    ProtectedName.objects.create(site=site, value="@zq")
    ProtectedName.objects.create(site=other_site, value="Someone Else")
    assert sorted(protected_names_for_site(site)) == ["@zq", NAME]
    assert protected_names_for_site(other_site.pk) == ["Someone Else"]
    assert protected_names_for_site(None) == []
    assert protected_names_for_page(other_site.root_page) == ["Someone Else"]


def test_duplicate_spelling_on_the_same_site_is_a_form_error(site, other_site, entry):
    with pytest.raises(ValidationError) as error:
        ProtectedName(site=site, value="  zyxwa   QUELLINGTON ").full_clean()
    assert "already in the register" in str(error.value.message_dict["value"])
    assert NAME not in str(error.value)
    ProtectedName(site=other_site, value=NAME).full_clean()
    entry.full_clean()  # editing an entry does not clash with itself


def test_blank_name_is_rejected(site):
    with pytest.raises(ValidationError) as error:
        ProtectedName(site=site, value="   ").full_clean()
    assert "value" in error.value.message_dict


# Who can see it


def url(action, *args):
    return reverse(f"coc_protected_names:{action}", args=args)


def register_urls(pk):
    return [
        url("index"),
        url("index_results"),
        url("add"),
        url("edit", pk),
        url("delete", pk),
        url("history", pk),
        url("history_results", pk),
        url("usage", pk),
    ]


def assert_denied(client, user, pk):
    client.force_login(user)
    for address in register_urls(pk):
        for method in (client.get, client.post):
            response = method(address, {"site": "1", "value": "Intruder Name"})
            assert response.status_code in (302, 403), (address, response.status_code)
            assert NAME not in response.content.decode(), address
    assert ProtectedName.objects.count() == 1
    assert ProtectedName.objects.get(pk=pk).value == NAME
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("index") not in home


def assert_allowed(client, user, pk):
    client.force_login(user)
    for address in register_urls(pk):
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
    assert NAME in client.get(url("index")).content.decode()
    assert NAME in client.get(url("edit", pk)).content.decode()
    assert url("index") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_editor_outside_the_team_is_denied_every_view(client, editor, entry):
    assert editor.has_perm("wagtail_coc_transparency.view_protectedname")
    assert_denied(client, editor, entry.pk)


def test_superuser_outside_the_team_is_denied_by_default(client, superuser, entry):
    assert_denied(client, superuser, entry.pk)


@override_settings(WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES=True)
def test_superuser_sees_the_register_when_the_setting_allows(client, superuser, entry):
    assert_allowed(client, superuser, entry.pk)


def test_team_member_can_use_every_view(client, team_member, entry):
    assert_allowed(client, team_member, entry.pk)


@override_settings(WAGTAIL_COC_TEAM_GROUP="Safety team")
def test_team_group_comes_from_settings(client, team_member, entry):
    assert_denied(client, team_member, entry.pk)
    safety = admin_user("safety", groups=[Group.objects.create(name="Safety team")])
    assert_allowed(client, safety, entry.pk)


def test_inactive_team_member_is_not_in_the_team(team_member):
    team_member.is_active = False
    assert not is_coc_team_member(team_member)


def test_policy_lists_only_team_members(team_member, editor, superuser):
    policy = CoCTeamOnlyPermissionPolicy(ProtectedName)
    assert list(policy.users_with_permission("change")) == [team_member]
    with override_settings(WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES=True):
        assert set(policy.users_with_permission("change")) == {team_member, superuser}


def test_django_model_permissions_are_not_offered_in_the_group_editor(superuser, client):
    client.force_login(superuser)
    response = client.get(reverse("wagtailusers_groups:add"))
    assert response.status_code == 200
    assert "protectedname" not in response.content.decode().lower()


# Nothing leaks through the admin


def test_admin_round_trip_leaves_no_plaintext_anywhere(client, team_member, site):
    client.force_login(team_member)
    response = client.post(url("add"), {"site": site.pk, "value": NAME, "note": NOTE})
    assert response.status_code == 302
    entry = ProtectedName.objects.get()
    assert entry.created_by == team_member
    assert (entry.value, entry.note) == (NAME, NOTE)

    edit_page = client.get(url("edit", entry.pk)).content.decode()
    title = edit_page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert NAME not in title
    assert f'value="{NAME}"' in edit_page
    assert 'autocomplete="off"' in edit_page

    renamed = "Zyxwa Q. Quellington"
    response = client.post(url("edit", entry.pk), {"site": site.pk, "value": renamed, "note": NOTE})
    assert response.status_code == 302
    assert ProtectedName.objects.get().value == renamed

    listing = client.get(url("index")).content.decode()
    assert "ordering=created_at" in listing
    assert "ordering=value" not in listing  # sorting ciphertext would be meaningless

    history = client.get(url("history", entry.pk)).content.decode()
    assert f"Protected name #{entry.pk}" in history

    actions = set(
        ModelLogEntry.objects.filter(object_id=str(entry.pk)).values_list("action", flat=True)
    )
    assert {"wagtail.create", "wagtail.edit"} <= actions
    assert text_in_database(NAME, renamed, NOTE, "Quellington") == []

    response = client.post(url("delete", entry.pk))
    assert response.status_code == 302
    assert not ProtectedName.objects.exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete").exists()
    assert text_in_database(NAME, renamed, NOTE, "Quellington") == []


def test_form_errors_are_clear_and_save_nothing(client, team_member, site, entry):
    client.force_login(team_member)
    response = client.post(url("add"), {"site": site.pk, "value": NAME.upper()})
    assert response.status_code == 200
    assert "already in the register for this site" in response.content.decode()
    response = client.post(url("add"), {"site": "", "value": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"site", "value"}
    assert ProtectedName.objects.count() == 1
