"""The demo content command: complete, idempotent, and free of confidential details."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from home.models import HomePage
from wagtail.models import Revision, Site

from tests.admin_form_data import snippet_url
from wagtail_coc.audit import audit_page
from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.blocks import CodeOfConductBody
from wagtail_coc.casework.models import Event
from wagtail_coc.models import (
    CoCSettings,
    CoCTeam,
    CodeOfConductPage,
    CommitteeMember,
    EmergencyInfo,
    EmergencyNumber,
    ShortVersion,
)
from wagtail_coc.phone import normalise, present

COUNTED_MODELS = [
    Page,
    Revision,
    Site,
    CoCTeam,
    CommitteeMember,
    EmergencyInfo,
    EmergencyNumber,
    ShortVersion,
    CoCSettings,
    get_user_model(),
]


def load_demo():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


@pytest.fixture
def demo(db):
    load_demo()
    return CodeOfConductPage.objects.get()


def public_html(client):
    pages = [client.get("/"), client.get("/code-of-conduct/")]
    assert [response.status_code for response in pages] == [200, 200]
    return "".join(response.content.decode() for response in pages)


def test_running_twice_creates_nothing_new(db):
    output = load_demo()
    first = counts()
    assert load_demo() == output
    assert counts() == first
    assert "Admin: http://127.0.0.1:8000/admin/  user: admin  password: changeme" in output
    assert get_user_model().objects.get(username="admin").check_password("changeme")


def test_home_page_replaces_the_welcome_page_and_keeps_existing_pages(root_page):
    existing = root_page.add_child(instance=Page(title="Venue guide", slug="venue"))
    load_demo()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "PyHarbour Conf 2027"
    assert not Page.objects.filter(pk=root_page.pk).exists()
    assert Page.objects.get(pk=existing.pk).get_parent().pk == site.root_page.pk
    assert CodeOfConductPage.objects.get().url == "/code-of-conduct/"


def test_rerun_restores_an_edited_page_with_one_new_revision(demo):
    demo.version_label = "draft"
    demo.save_revision().publish()
    revisions = demo.revisions.count()
    load_demo()
    demo.refresh_from_db()
    assert demo.version_label == "2027.1"
    assert demo.revisions.count() == revisions + 1


def test_page_uses_every_section_type_and_the_full_ladder(demo):
    assert {block.block_type for block in demo.body} == set(CodeOfConductBody().child_blocks)
    ladder = next(block.value for block in demo.body if block.block_type == "consequences")
    assert [step["name"] for step in ladder["ladder"]] == [
        "Correction",
        "Warning",
        "Temporary ban",
        "Permanent ban",
    ]


def test_team_meets_the_guide(demo):
    team = demo.team
    assert team.shared_email == "conduct@pyharbour.example"
    members = list(team.members.all())
    assert 5 <= len(members) <= 6
    assert all(member.pronouns for member in members)
    roles = {member.role for member in members}
    assert {CommitteeMember.Role.LEAD, CommitteeMember.Role.ESCALATION} <= roles
    direct_genders = {m.gender_description for m in members if m.is_direct_contact}
    assert len(direct_genders - {""}) >= 2


def test_settings_point_at_the_demo(demo):
    site_settings = CoCSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.default_coc_page_id == demo.pk
    assert site_settings.default_team_id == demo.team_id
    assert site_settings.default_emergency_info_id == demo.emergency_info_id
    assert ShortVersion.objects.get().coc_page_id == demo.pk


def test_phone_numbers_are_stored_normalised(demo):
    numbers = [
        (n.number, n.info.region)
        for n in EmergencyNumber.objects.select_related("info").exclude(number="")
    ]
    numbers += [(m.phone, m.team.region) for m in CommitteeMember.objects.exclude(phone="")]
    numbers += [(t.hotline, t.region) for t in CoCTeam.objects.all()]
    assert numbers
    for stored, region in numbers:
        assert stored == normalise(stored, region)
    kinds = set(demo.emergency_info.numbers.values_list("kind", flat=True))
    assert kinds == set(EmergencyNumber.Kind.values) - {EmergencyNumber.Kind.OTHER}


def test_coc_page_shows_team_email_and_tel_links(client, demo):
    response = client.get("/code-of-conduct/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="mailto:conduct@pyharbour.example"' in html
    assert 'href="tel:+14155550123"' in html
    for number in demo.emergency_info.numbers.all():
        assert f'href="{number.phone.tel_uri if number.number else number.url}"' in html
    assert 'href="tel:911"' in html
    assert 'href="tel:988"' in html


def test_home_page_embeds_short_version_team_and_emergency_info(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert [block.block_type for block in HomePage.objects.get().body] == [
        "coc_short_version",
        "coc_team",
        "emergency_info",
    ]
    assert 'class="coc-short-version"' in html
    assert ShortVersion.objects.get().text.split(".")[0] in html
    assert 'class="coc-team"' in html
    assert "Amara Okafor" in html
    assert 'class="coc-emergency"' in html
    assert 'href="tel:+14155550115"' in html
    # The footer link comes from the site's CoC settings.
    assert html.count('href="/code-of-conduct/"') >= 2


def test_gender_and_unpublished_contact_details_stay_private(client, demo):
    html = public_html(client)
    members = list(CommitteeMember.objects.all())

    genders = [m.gender_description for m in members if m.gender_description]
    assert len(genders) >= 2
    for gender in genders:
        assert not re.search(rf"\b{re.escape(gender)}\b", html, re.IGNORECASE), gender

    hidden, shown = [], []
    for member in members:
        if member.email:
            (shown if member.publish_email else hidden).append(member.email)
        if member.phone:
            phone = present(member.phone, member.team.region)
            (shown if member.publish_phone else hidden).extend([phone.stored, phone.display])
        if member.chat_handle:
            (shown if member.publish_chat_handle else hidden).append(member.chat_handle)
    # The demo must exercise both sides of every publish flag for this test to mean anything.
    assert len(hidden) >= 3
    assert len(shown) >= 3
    for value in shown:
        assert value in html
    for value in hidden:
        assert value not in html


def test_demo_page_passes_every_checklist_item(demo):
    report = audit_page(demo)
    assert report.results
    assert report.missing_count == 0, [result.title for result in report.missing]
    warnings = [result.title for result in report.results if result.status == "warning"]
    assert warnings == []
    assert all(result.status == "met" for result in report.results)


def test_demo_content_validates_and_opens_in_the_admin(admin_client, demo):
    home = HomePage.objects.get()
    for page in (demo, home):
        page.full_clean()
        page.body.stream_block.clean(page.body)
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
    snippets = [*CoCTeam.objects.all(), *EmergencyInfo.objects.all(), *ShortVersion.objects.all()]
    assert len(snippets) == 4
    for snippet in snippets:
        snippet.full_clean()
        assert admin_client.get(snippet_url(type(snippet), "edit", snippet.pk)).status_code == 200


def test_the_demo_site_takes_the_address_it_is_served_at(db):
    out = StringIO()
    call_command("load_demo_content", "--address", "192.168.1.20:8080", stdout=out)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("192.168.1.20", 8080)
    assert CodeOfConductPage.objects.get().get_full_url() == (
        "http://192.168.1.20:8080/code-of-conduct/"
    )
    assert "Admin: http://192.168.1.20:8080/admin/" in out.getvalue()


@pytest.mark.parametrize(
    ("address", "expected"),
    [("example.org", ("example.org", 80)), ("[::1]:8000", ("::1", 8000))],
)
def test_demo_addresses_are_read_as_host_and_port(address, expected):
    from home.management.commands.load_demo_content import parse_address

    assert parse_address(address) == expected


@pytest.mark.parametrize("address", ["0.0.0.0:8000", "host:port", "host:70000"])
def test_an_address_nobody_can_reach_is_refused(db, address):
    with pytest.raises(CommandError, match="not an address people can reach"):
        call_command("load_demo_content", "--address", address, stdout=StringIO())


def test_the_report_form_the_code_of_conduct_links_to_exists(client, demo):
    html = client.get("/code-of-conduct/").content.decode()
    [link] = set(re.findall(r'href="http://[^/"]+(/[^"]*)"[^>]*>Report form', html))
    report = client.get(link)
    assert report.status_code == 200
    assert "Report an incident" in report.content.decode()
    # The demo admin reads the reports, leads the team and has an event with deadlines.
    assert Event.objects.get().code_of_conduct.slug == "code-of-conduct"
    admin = get_user_model().objects.get(username="admin")
    assert set(admin.groups.values_list("name", flat=True)) >= {"CoC team", "CoC team leads"}
