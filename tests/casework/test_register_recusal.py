"""A name a case adds to the protected names register does not tell a member recused from that
case that it exists: the entry is missing from their listing, its count and exports, and its
URLs answer 404. Members who may see a case naming the person see it; names typed into the
register by hand are seen by the whole team."""

import pytest
from django.urls import reverse

from wagtail_coc.casework.models import Case, InvolvedPerson, Recusal
from wagtail_coc.transparency.models import ProtectedName

pytestmark = pytest.mark.django_db
NAME = "Zephyrine Okonkwo-Lindqvist"
TYPED_BY_HAND = "Barnaby Thistlewood"


@pytest.fixture
def entries(site, colleague):
    typed = ProtectedName.objects.create(site=site, value=TYPED_BY_HAND)
    case = Case.open(site=site, what_happened="A report")
    case.recuse(colleague, Recusal.Reason.DECLARED)
    for name in (NAME, TYPED_BY_HAND):
        InvolvedPerson.objects.create(case=case, role="reported", name=name)
    return {"case": case, "added": ProtectedName.objects.exclude(pk=typed.pk).get(), "typed": typed}


def register_urls(entry):
    return {
        "listing": reverse("coc_protected_names:index"),
        "export": reverse("coc_protected_names:index") + "?export=csv",
        "edit": reverse("coc_protected_names:edit", args=[entry.pk]),
        "delete": reverse("coc_protected_names:delete", args=[entry.pk]),
        "history": reverse("coc_protected_names:history", args=[entry.pk]),
    }


def test_a_recused_member_never_sees_the_name_a_case_added(client, colleague, entries):
    client.force_login(colleague)
    listing = client.get(reverse("coc_protected_names:index")).text
    assert TYPED_BY_HAND in listing and NAME not in listing
    for name, url in register_urls(entries["added"]).items():
        response = client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert NAME not in body, name
        if name in ("edit", "delete", "history"):
            assert response.status_code == 404, name
    assert client.get(register_urls(entries["typed"])["edit"]).status_code == 200


def test_a_member_who_may_see_the_case_sees_the_name(client, member, entries):
    client.force_login(member)
    assert NAME in client.get(reverse("coc_protected_names:index")).text
    assert client.get(register_urls(entries["added"])["edit"]).status_code == 200


def test_a_name_shows_again_once_a_visible_case_names_the_person(client, site, colleague, entries):
    other = Case.open(site=site, what_happened="Another report")
    InvolvedPerson.objects.create(case=other, role="reported", name=NAME.upper())
    client.force_login(colleague)
    assert NAME in client.get(reverse("coc_protected_names:index")).text
