"""Joining the team and reading the register are never silent (OWASP ASVS 16.3.2)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.log_actions import LogContext

from tests.transparency.helpers import login, make_user
from wagtail_coc.transparency.models import ProtectedName, RegisterAccess

Action = RegisterAccess.Action
SECRET = "Ottilie Brandqvist"


@pytest.fixture
def team_group(db):
    return Group.objects.create(name="CoC team")


@pytest.fixture
def member(team_group):
    user = make_user("member", first_name="Maya", last_name="Member")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(team_group)
    RegisterAccess.objects.all().delete()
    mail.outbox.clear()
    return user


@pytest.fixture
def intruder(db):
    return make_user("intruder", first_name="Ivo", last_name="Intruder", is_superuser=True)


@pytest.fixture
def entry(site):
    return ProtectedName.objects.create(site=site, value=SECRET)


def assert_names_no_one(*texts):
    for text in texts:
        for name in ("Ivo", "Intruder", "intruder", "Maya", "Member", SECRET):
            assert name not in text


def test_superuser_adding_themselves_to_the_team_in_the_admin_is_logged_and_told(
    client, member, intruder, team_group
):
    response = login(client, intruder).post(
        reverse("wagtailusers_users:edit", args=[intruder.pk]),
        {
            "username": "intruder",
            "email": "intruder@pyharbour.example",
            "first_name": "Ivo",
            "last_name": "Intruder",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [team_group.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    [logged] = RegisterAccess.objects.all()
    assert logged.action == Action.JOINED_TEAM
    assert (logged.actor, logged.member) == (intruder, intruder)
    [message] = mail.outbox
    assert message.to == ["member@pyharbour.example"]
    assert f"user #{intruder.pk}" in message.body
    assert reverse("coc_register_access:index") in message.body
    assert_names_no_one(message.subject, message.body, str(logged))


def test_joining_from_the_groups_side_is_logged(member, intruder, team_group):
    with LogContext(user=intruder):
        team_group.user_set.add(intruder)
    [logged] = RegisterAccess.objects.all()
    assert (logged.action, logged.actor, logged.member) == (Action.JOINED_TEAM, intruder, intruder)
    assert len(mail.outbox) == 1


def test_becoming_or_ceasing_to_be_a_team_lead_is_logged_and_told(member, intruder):
    leads = Group.objects.get_or_create(name="CoC team leads")[0]
    with LogContext(user=intruder):
        intruder.groups.add(leads)
    [joined] = RegisterAccess.objects.all()
    assert (joined.action, joined.actor, joined.member) == (Action.JOINED_LEADS, intruder, intruder)
    assert [message.to for message in mail.outbox] == [["member@pyharbour.example"]]
    leads.user_set.remove(intruder)
    assert RegisterAccess.objects.filter(action=Action.LEFT_LEADS, member=intruder).exists()


def test_leaving_and_clearing_are_logged_and_told(member, intruder, team_group):
    other = make_user("other")
    team_group.user_set.add(intruder, other)
    mail.outbox.clear()
    intruder.groups.remove(team_group)
    team_group.user_set.clear()
    left = RegisterAccess.objects.filter(action=Action.LEFT_TEAM)
    assert sorted(left.values_list("member_number", flat=True)) == sorted(
        [intruder.pk, other.pk, member.pk]
    )
    # Made outside Wagtail's admin: recorded with an unknown actor.
    assert set(left.values_list("actor_number", flat=True)) == {None}
    assert mail.outbox
    assert_names_no_one(*[message.body for message in mail.outbox])


def test_renaming_a_group_to_the_teams_name_is_logged_and_told(member, intruder, team_group):
    team_group.name = "Former CoC team"
    team_group.save()
    friends = Group.objects.create(name="Friends")
    friends.user_set.add(intruder)
    with LogContext(user=intruder):
        friends.name = "CoC team"
        friends.save()
    joined = RegisterAccess.objects.filter(action=Action.JOINED_TEAM).get()
    assert (joined.actor, joined.member) == (intruder, intruder)
    assert RegisterAccess.objects.filter(action=Action.LEFT_TEAM, member=member).exists()
    # The team was told when its group lost the name.
    assert ["member@pyharbour.example"] in [message.to for message in mail.outbox]


def test_becoming_a_superuser_is_joining_when_superusers_see_the_register(member, settings):
    user = make_user("promoted")
    user.is_superuser = True
    user.save()
    assert not RegisterAccess.objects.exists()
    settings.WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES = True
    user.is_superuser = False
    user.save()
    user.is_superuser = True
    user.save()
    assert list(RegisterAccess.objects.values_list("action", "member_number")) == [
        (Action.JOINED_TEAM, user.pk),
        (Action.LEFT_TEAM, user.pk),
    ]
    assert [message.to for message in mail.outbox] == [["member@pyharbour.example"]] * 2


def test_joining_another_group_is_not_logged(member):
    make_user("editor2", "Editors")
    assert not RegisterAccess.objects.exists()


def test_every_read_of_the_register_is_logged(client, member, entry):
    login(client, member)
    urls = {
        Action.LISTED: reverse("coc_protected_names:index"),
        Action.ADDED: reverse("coc_protected_names:add"),
        Action.OPENED: reverse("coc_protected_names:edit", args=[entry.pk]),
        Action.DELETING: reverse("coc_protected_names:delete", args=[entry.pk]),
        Action.HISTORY: reverse("coc_protected_names:history", args=[entry.pk]),
    }
    for action, url in urls.items():
        assert client.get(url).status_code == 200, url
        logged = RegisterAccess.objects.first()
        assert (logged.action, logged.actor) == (action, member), url
    assert RegisterAccess.objects.filter(entry_number=entry.pk).count() == 3
    assert_names_no_one(*[str(row) for row in RegisterAccess.objects.all()])


def test_refused_reads_are_not_reads(client, intruder, entry):
    login(client, intruder).get(reverse("coc_protected_names:index"))
    assert not RegisterAccess.objects.exists()


def test_only_the_team_sees_the_access_log(client, member, intruder, entry):
    with LogContext(user=intruder):
        intruder.groups.add(Group.objects.get(name="CoC team"))
    intruder.groups.clear()
    url = reverse("coc_register_access:index")
    outsider = get_user_model().objects.get(pk=intruder.pk)
    response = login(client, outsider).get(url)
    assert response.status_code == 302
    response = login(client, member).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Joined the CoC team" in html and "Left the CoC team" in html
    assert f"user #{intruder.pk}" in html
    assert SECRET not in html
    # Read-only: nobody adds, edits or deletes entries.
    row = RegisterAccess.objects.first()
    for action, args in (("add", []), ("edit", [row.pk]), ("delete", [row.pk])):
        assert client.get(reverse(f"coc_register_access:{action}", args=args)).status_code == 302
    assert RegisterAccess.objects.filter(pk=row.pk).exists()
