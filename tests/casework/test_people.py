"""People involved in a case: their consequence, and repeat reports about one person linked
across cases by code names, so no name appears in any list and a recused member sees no link."""

import pytest
from django.urls import reverse

from tests.casework.helpers import ACCOUNT
from wagtail_coc.casework.models import Case, InvolvedPerson, Recusal

pytestmark = pytest.mark.django_db
NAME = "Zephyrine Okonkwo-Lindqvist"


@pytest.fixture
def earlier(site):
    case = Case.open(site=site, what_happened="An earlier report")
    InvolvedPerson.objects.create(case=case, role="reported", name=NAME)
    return case


@pytest.fixture
def later(site):
    case = Case.open(site=site, **ACCOUNT)
    InvolvedPerson.objects.create(case=case, role="reported", name=NAME)
    return case


def set_outcome(client, case, **data):
    person = case.people.get()
    return client.post(
        reverse("coc_cases:edit", args=[case.pk]),
        {
            "form": "outcome",
            "outcome-version": Case.objects.get(pk=case.pk).version,
            "outcome-person": person.pk,
            **{f"outcome-{key}": value for key, value in data.items()},
        },
    )


def test_a_member_sets_a_consequence_and_links_a_repeat_report(client, member, earlier, later):
    client.force_login(member)
    earlier_person = earlier.people.get()
    url = reverse("coc_cases:edit", args=[later.pk])
    form_html = client.get(url).text
    # The choice names the other person by code names only.
    assert f"{earlier_person.code_name}, in {earlier.code_name}" in form_html

    response = set_outcome(client, later, consequence="warning", same_person_as=earlier_person.pk)

    assert response.status_code == 302
    person = later.people.get()
    assert (person.consequence, person.same_person_as) == ("warning", earlier_person)
    # Both cases show the link, by code names and a link to the other case.
    for case, other in ((later, earlier), (earlier, later)):
        html = client.get(reverse("coc_cases:edit", args=[case.pk])).text
        assert "The same person as:" in html
        assert reverse("coc_cases:edit", args=[other.pk]) in html
    # The case list never shows a name.
    assert NAME not in client.get(reverse("coc_cases:index")).text


def test_a_member_recused_from_the_other_case_sees_no_link_and_cannot_make_one(
    client, member, earlier, later
):
    earlier.recuse(member, Recusal.Reason.DECLARED)
    earlier_person = earlier.people.get()
    InvolvedPerson.objects.filter(pk=later.people.get().pk).update(same_person_as=earlier_person)
    client.force_login(member)
    html = client.get(reverse("coc_cases:edit", args=[later.pk])).text
    assert earlier.code_name not in html and earlier_person.code_name not in html
    assert "The same person as:" not in html

    InvolvedPerson.objects.filter(pk=later.people.get().pk).update(same_person_as=None)
    response = set_outcome(client, later, same_person_as=earlier_person.pk)
    assert response.status_code == 400
    assert later.people.get().same_person_as is None
