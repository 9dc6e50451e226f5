"""The read-only API: public CoC content is there, confidential data never is.

The privacy test walks every registered endpoint, every object, every available field (one
at a time and all together) and a list of attempts to ask for private fields, and looks for
distinctive private values anywhere in any response.
"""

import json

import pytest
from example_project.urls import api_router
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site

from tests.factories import build_coc_page, build_team
from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.models import CoCTeam, CodeOfConductPage, CommitteeMember, ShortVersion
from wagtail_coc.phone import present
from wagtail_coc.transparency.models import ProtectedName

API = "/api/v2/"
ENDPOINTS = {"pages", "coc-teams", "coc-emergency-info", "coc-short-versions"}

SECRET_MEMBER = {
    "name": "Public Sam",
    "email": "sentinel-unpublished-email@hidden.example",
    "publish_email": False,
    "phone": "+442079460999",
    "publish_phone": False,
    "chat_handle": "@sentinel-unpublished-chat",
    "publish_chat_handle": False,
    "gender_description": "SENTINEL-GENDER-DESCRIPTION",
}
NEVER_PUBLISHED = "SENTINEL-NEVER-PUBLISHED"
DRAFT_ONLY = "SENTINEL-DRAFT-ONLY"
PRIVATE_PAGE = "SENTINEL-VIEW-RESTRICTED"
PROTECTED_NAME = "Sentinel Protected Person"


def private_values():
    """Every value the API must not show, read from the data rather than hard-coded."""
    values = {NEVER_PUBLISHED, DRAFT_ONLY, PRIVATE_PAGE, PROTECTED_NAME}
    for member in CommitteeMember.objects.select_related("team"):
        if member.gender_description:
            values.add(member.gender_description)
        if member.email and not member.publish_email:
            values.add(member.email)
        if member.chat_handle and not member.publish_chat_handle:
            values.add(member.chat_handle)
        if member.phone and not member.publish_phone:
            shown = present(member.phone, member.team.region)
            values |= {shown.stored, shown.display, shown.stored.lstrip("+")}
    # Protected names are stored encrypted; their plain text must not leak either.
    values |= {entry.value for entry in ProtectedName.objects.all()}
    return values


@pytest.fixture
def content(root_page, team, emergency_info):
    site = Site.objects.get(is_default_site=True)
    CommitteeMember.objects.create(
        team=team,
        sort_order=99,
        photo=get_image_model().objects.create(
            title="Sam", file=get_test_image_file(filename="sam.png")
        ),
        **SECRET_MEMBER,
    )
    team.save_revision().publish()
    # Unpublished changes to a published team live only in its revisions.
    team.refresh_from_db()
    team.name = DRAFT_ONLY
    team.save_revision()

    hidden_team = build_team(name=NEVER_PUBLISHED, shared_email="never@hidden.example")
    CoCTeam.objects.filter(pk=hidden_team.pk).update(live=False)
    # Distinctive values, so that a leak cannot hide behind a common word ("man" is in
    # "permanent").
    for member in CommitteeMember.objects.exclude(name="Public Sam"):
        member.gender_description = f"SENTINEL-GENDER-{member.pk}"
        member.save(update_fields=["gender_description"])

    coc_page = build_coc_page(root_page, team=team, emergency_info=emergency_info)
    coc_page.refresh_from_db()
    coc_page.intro = f"<p>{DRAFT_ONLY} {PROTECTED_NAME}</p>"
    coc_page.save_revision()

    private = build_coc_page(root_page, title=PRIVATE_PAGE, slug="private-coc")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )

    short = ShortVersion.objects.create(
        name="Meetup slide",
        text="Be excellent to each other.",
        contact_note="ask any volunteer",
        coc_page=coc_page,
    )
    short.save_revision().publish()
    ShortVersion.objects.create(
        name=NEVER_PUBLISHED, text=NEVER_PUBLISHED, contact_note="x", live=False
    )
    ProtectedName.objects.create(site=site, value=PROTECTED_NAME)
    return {"coc_page": coc_page, "team": team, "short": short}


def model_field_names(model):
    return {field.name for field in model._meta.get_fields() if not field.auto_created} | {
        field.attname for field in model._meta.concrete_fields
    }


def urls_to_walk(client):
    """Listing and detail URLs for every endpoint, with every way of choosing fields."""
    endpoints = api_router._endpoints  # Wagtail has no public way to list a router's endpoints.
    assert set(endpoints) == ENDPOINTS, "a new endpoint must be added to this privacy test"
    urls = []
    for name, endpoint in endpoints.items():
        models_here = (
            [page.specific_class for page in Page.objects.live().public().exclude(depth=1)]
            if name == "pages"
            else [endpoint.model]
        )
        for model in set(models_here):
            type_param = f"type={model._meta.label}&" if name == "pages" else ""
            listing = f"{API}{name}/?{type_param}limit=20"
            ids = [item["id"] for item in client.get(listing).json()["items"]]
            available = endpoint.get_available_fields(model)
            private_attempts = [
                *sorted(model_field_names(model) - set(available)),
                "members(*)",
                "members(gender_description)",
                "team(*)",
                "team(members(*))",
                "team(members(email,phone,chat_handle,gender_description))",
                "gender_description",
                "email,phone,chat_handle",
            ]
            field_choices = ["", "*", "*,-id", *(f"_,{field}" for field in available)]
            field_choices += private_attempts
            bases = [listing, *(f"{API}{name}/{pk}/?{type_param}" for pk in ids)]
            for base in bases:
                urls += [f"{base}&fields={choice}" if choice else base for choice in field_choices]
                urls.append(f"{base}&format=api")
            urls.append(f"{API}{name}/?gender_description={SECRET_MEMBER['gender_description']}")
    return urls


def test_api_shows_public_content(client, content):
    team = client.get(f"{API}coc-teams/{content['team'].pk}/").json()
    members = {member["name"]: member for member in team["members"]}
    assert team["name"] == "PyHarbour CoC team"
    assert members["Member 0"]["email"] == "member0@pyharbour.example"
    assert members["Escalation Contact"]["role"] == "escalation"
    sam = members["Public Sam"]
    assert (sam["email"], sam["phone"], sam["chat_handle"]) == (None, None, None)
    assert sam["photo"]["url"].endswith(".png") and sam["photo"]["width"] == 160
    assert set(sam) == {
        "name",
        "pronouns",
        "role",
        "role_display",
        "languages",
        "availability",
        "is_direct_contact",
        "email",
        "phone",
        "chat_handle",
        "photo",
    }

    page = client.get(f"{API}pages/{content['coc_page'].pk}/").json()
    assert page["version_label"] == "1.0"
    assert page["team"]["id"] == content["team"].pk
    assert "911" in {number["number"] for number in page["emergency_info"]["numbers"]}
    assert page["body"][0]["type"] == "expected_behaviour"

    shorts = client.get(f"{API}coc-short-versions/?fields=*").json()["items"]
    assert [short["text"] for short in shorts] == ["Be excellent to each other."]
    assert shorts[0]["coc_page"]["url"].endswith(content["coc_page"].url)

    listing = client.get(f"{API}coc-emergency-info/?fields=*").json()["items"]
    assert listing[0]["venue_name"] == "Harbour Hall"
    assert listing[0]["numbers"][0] == {
        "kind": "emergency",
        "label": "Emergency services",
        "number": "911",
        "display": "911",
        "tel": "tel:911",
        "url": "",
    }


def test_unpublished_teams_and_short_versions_are_not_served(client, content):
    hidden = CoCTeam.objects.get(name=NEVER_PUBLISHED)
    assert client.get(f"{API}coc-teams/{hidden.pk}/").status_code == 404
    hidden_short = ShortVersion.objects.get(name=NEVER_PUBLISHED)
    assert client.get(f"{API}coc-short-versions/{hidden_short.pk}/").status_code == 404
    # A page pointing at an unpublished team shows no team rather than its draft roster.
    CodeOfConductPage.objects.filter(pk=content["coc_page"].pk).update(team=hidden)
    assert client.get(f"{API}pages/{content['coc_page'].pk}/").json()["team"] is None


def test_no_endpoint_or_field_reveals_confidential_data(client, content):
    secrets = private_values()
    assert SECRET_MEMBER["gender_description"] in secrets
    assert "member1@pyharbour.example" in secrets  # unpublished in the factory
    urls = urls_to_walk(client)
    assert len(urls) > 100

    served_fields = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            # Decoded too, so that escaped characters cannot hide a value from the check.
            body += json.dumps(response.json(), ensure_ascii=False)
            served_fields += response.status_code == 200
        lowered = body.casefold()
        leaked = sorted(secret for secret in secrets if secret.casefold() in lowered)
        assert not leaked, f"{url} reveals {leaked}"
    assert served_fields > 50


@pytest.mark.parametrize(
    "query",
    [
        "coc-teams/?fields=gender_description",
        "coc-teams/?fields=members(gender_description)",
        "coc-teams/?name=PyHarbour",
        "coc-teams/?search=Sam",
        "coc-short-versions/?fields=name",
        "coc-emergency-info/?fields=name",
    ],
)
def test_private_and_unknown_fields_and_filters_are_refused(client, content, query):
    response = client.get(API + query)
    assert response.status_code == 400
    assert "message" in response.json()
