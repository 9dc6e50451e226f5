"""Purging a case: only a team lead, only a closed case, with the code name typed. The case's
key goes first, then its rows; the names it put in the register leave with it unless another
case still needs them, and names that were in the register before stay."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.casework.helpers import ACCOUNT, make_user
from wagtail_coc.casework.access_log import verify_chain
from wagtail_coc.casework.models import (
    Case,
    CaseAccess,
    CaseMessage,
    InvolvedPerson,
    TeamNote,
)
from wagtail_coc.transparency.models import ProtectedName

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(db):
    return make_user("lead", "CoC team", "CoC team leads", first_name="Lee", last_name="Lead")


def closed_case(site, *names):
    case = Case.open(site=site, **ACCOUNT)
    for name in names:
        InvolvedPerson.objects.create(case=case, role="reported", name=name)
    TeamNote.objects.create(case=case, body="Spoke to venue security")
    CaseMessage.objects.create(case=case, direction="to_reporter", body="Thank you")
    for state in ("acknowledged", "not_a_violation"):
        case.transition(state)
    return case


def purge(client, case, confirm=None):
    return client.post(
        reverse("coc_cases:edit", args=[case.pk]),
        {
            "form": "purge",
            "purge-version": case.version,
            "purge-confirm": confirm or case.code_name,
        },
    )


def register():
    return sorted(entry.value for entry in ProtectedName.objects.all())


def test_a_lead_purges_a_closed_case_and_its_names_leave_the_register(client, site, lead):
    ProtectedName.objects.create(site=site, value="Barnaby Thistlewood")  # typed in by hand
    case = closed_case(site, "Zephyrine Okonkwo-Lindqvist", "barnaby  THISTLEWOOD")
    assert register() == ["Barnaby Thistlewood", "Zephyrine Okonkwo-Lindqvist"]
    number = case.pk
    client.force_login(lead)

    response = purge(client, case, confirm=case.code_name.upper())

    assert response.status_code == 302
    assert response["Location"] == reverse("coc_cases:index")
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("was purged" in m and "coc_rotate_keys" in m for m in told)
    assert not Case.objects.filter(pk=number).exists()
    assert not InvolvedPerson.objects.exists()
    assert not TeamNote.objects.exists() and not CaseMessage.objects.exists()
    # The name the case added is gone; the one typed into the register by hand stays.
    assert register() == ["Barnaby Thistlewood"]
    purged = CaseAccess.objects.get(action="purged")
    assert (purged.case_number, purged.actor) == (number, lead)
    assert verify_chain() == []


def test_a_name_another_case_needs_stays_until_that_case_is_purged(client, site, lead):
    first = closed_case(site, "Zephyrine Okonkwo-Lindqvist")
    second = closed_case(site, "zephyrine okonkwo-lindqvist")
    client.force_login(lead)
    purge(client, first)
    assert register() == ["Zephyrine Okonkwo-Lindqvist"]
    purge(client, Case.objects.get(pk=second.pk))
    assert register() == []


@pytest.mark.parametrize(
    "who, state, confirm, why",
    [
        ("member", "not_a_violation", None, "only a lead purges"),
        ("lead", "investigating", None, "only a closed case"),
        ("lead", "not_a_violation", "Some Other Name", "the code name must be typed"),
    ],
)
def test_purge_is_refused(client, site, lead, member, who, state, confirm, why):
    case = closed_case(site, "Zephyrine Okonkwo-Lindqvist")
    if state != case.state:
        case.transition(state)
    client.force_login({"lead": lead, "member": member}[who])
    purge(client, Case.objects.get(pk=case.pk), confirm=confirm)
    assert Case.objects.filter(pk=case.pk).exists(), why
    assert register() == ["Zephyrine Okonkwo-Lindqvist"], why
    assert not CaseAccess.objects.filter(action="purged").exists()


def test_only_a_lead_is_offered_the_purge(client, site, lead, member):
    case = closed_case(site)
    url = reverse("coc_cases:edit", args=[case.pk])
    client.force_login(member)
    assert "Purge this case" not in client.get(url).text
    client.force_login(lead)
    assert "Purge this case" in client.get(url).text
