"""Public rendering: blocks, template tags, site defaults, privacy and template overrides."""

import datetime
import importlib

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils.formats import date_format
from home.models import HomePage
from wagtail.models import Site
from wagtail.test.utils import WagtailTestUtils

from tests.factories import build_coc_page, build_team
from wagtail_coc.models import CoCSettings, EmergencyNumber, ShortVersion

GENDER_MARKERS = ["gender-marker-alpha", "gender-marker-beta", "gender-marker-gamma"]


def soup(html):
    return WagtailTestUtils.get_soup(html)


def render(source, request=None, **context):
    template = Template("{% load wagtail_coc_tags %}" + source)
    return template.render(Context({"request": request, **context}))


@pytest.fixture
def site_request(rf: RequestFactory, root_page):
    request = rf.get("/")
    request.site = Site.objects.get(is_default_site=True)
    return request


@pytest.fixture
def private_team(db):
    """A team whose members hold private details the public must never see."""
    team = build_team(member_count=3)
    for member, marker in zip(team.members.exclude(role="escalation"), GENDER_MARKERS, strict=True):
        member.gender_description = marker
        member.save()
    return team


@pytest.fixture
def short_version(coc_page):
    return ShortVersion.objects.create(
        name="Slide",
        text="Be kind.\nReport problems.",
        contact_note="ask any volunteer",
        coc_page=coc_page,
    )


def fresh(request):
    """A new request for the same site: Wagtail caches site settings on each request."""
    new_request = RequestFactory().get(request.path)
    new_request.site = request.site
    return new_request


def set_defaults(request, **defaults):
    CoCSettings.objects.update_or_create(site=request.site, defaults=defaults)


def assert_no_private_details(html, team):
    for member in team.members.all():
        if member.email and not member.publish_email:
            assert member.email not in html
        if member.phone and not member.publish_phone:
            assert member.phone not in html
            assert member.phone.removeprefix("+1") not in html
            assert "(415) 555-0100" not in html
        if member.gender_description:
            assert member.gender_description not in html


def test_coc_team_tag_with_explicit_team(private_team):
    html = render("{% coc_team team %}", team=private_team)
    page = soup(html)
    assert page.select_one("section.coc-team h2").get_text(strip=True) == (
        "Contact the PyHarbour CoC team"
    )
    mailto = page.select_one('.coc-team-contacts a[href^="mailto:"]')
    assert mailto["href"] == "mailto:conduct@pyharbour.example"
    hotline = page.select_one('.coc-team-contacts a[href^="tel:"]')
    # The link says what it calls, in text screen readers read and print leaves out.
    assert (hotline["href"], hotline.get_text()) == (
        "tel:+14155550123",
        "Call the PyHarbour CoC team hotline: (415) 555-0123",
    )
    assert hotline.select_one(".coc-visually-hidden").get_text() == (
        "Call the PyHarbour CoC team hotline: "
    )
    names = [p.get_text(" ", strip=True) for p in page.select(".coc-member-name")]
    assert names[0] == "Member 0 (they/them)"
    assert len(names) == 4
    # Published emails are shown, private ones are not.
    assert "member0@pyharbour.example" in html
    assert "member2@pyharbour.example" in html
    assert_no_private_details(html, private_team)


def test_coc_team_tag_heading_level(team):
    page = soup(render("{% coc_team team heading_level=3 %}", team=team))
    assert page.select_one("section.coc-team > h3") is not None


def test_coc_team_tag_uses_site_default(site_request, team):
    set_defaults(site_request, default_team=team)
    html = render("{% coc_team %}", request=site_request)
    assert "conduct@pyharbour.example" in html


def test_tags_render_nothing_without_defaults(site_request, db):
    html = render(
        "{% coc_team %}{% coc_emergency_info %}{% coc_short_version missing %}{% coc_page_url %}",
        request=site_request,
        missing=None,
    )
    assert html == ""
    # Without a request (e.g. in an email), there are no site defaults either.
    assert render("{% coc_team %}{% coc_emergency_info %}{% coc_page_url %}") == ""


def test_unpublished_snippets_stay_off_public_pages(team, short_version):
    team.live = False
    team.save()
    short_version.live = False
    short_version.save()
    html = render("{% coc_team team %}{% coc_short_version sv %}", team=team, sv=short_version)
    assert html == ""


def test_emergency_info_numbers_as_text_and_tel_from_one_value(emergency_info):
    page = soup(render("{% coc_emergency_info info %}", info=emergency_info))
    links = {a.get_text(): a["href"] for a in page.select(".coc-emergency-numbers a[href^='tel:']")}
    # Each link is named by what it calls: a links list reads more than bare numbers.
    assert links == {
        "Call Emergency services: 911": "tel:911",
        "Call Police (non-emergency): (415) 555-0124": "tel:+14155550124",
        "Call Nearest hospital: (415) 555-0199": "tel:+14155550199",
        "Call Venue security: (415) 555-0142": "tel:+14155550142",
        "Call Crisis line: 988": "tel:988",
    }
    labels = [dt.get_text(strip=True) for dt in page.select(".coc-emergency-numbers dt")]
    assert labels[:2] == ["Emergency services", "Police (non-emergency)"]
    assert "Harbour Hall" in page.select_one(".coc-venue").get_text()
    assert "Bayside General Hospital" in page.select_one(".coc-hospital").get_text()


def test_emergency_numbers_abroad_are_shown_in_international_format(emergency_info):
    EmergencyNumber.objects.create(
        info=emergency_info, sort_order=9, kind="other", number="+442079460958"
    )
    page = soup(render("{% coc_emergency_info info %}", info=emergency_info))
    link = page.select_one("a[href='tel:+442079460958']")
    assert link.get_text() == "Call Other: +44 20 7946 0958"


def test_coc_emergency_info_tag_uses_site_default(site_request, emergency_info):
    set_defaults(site_request, default_emergency_info=emergency_info)
    html = render("{% coc_emergency_info %}", request=site_request)
    assert 'href="tel:911"' in html


def test_coc_short_version_tag(short_version, coc_page, site_request):
    html = render("{% coc_short_version sv %}", request=site_request, sv=short_version)
    assert "Be kind.<br>Report problems." in html
    section = soup(html).select_one("section.coc-short-version")
    assert section.select_one(".coc-short-contact").get_text() == (
        "conduct@pyharbour.example · (415) 555-0123 · ask any volunteer"
    )
    assert section.select_one("a")["href"] == coc_page.url


def test_short_version_links_to_site_default_page_when_it_has_none(
    short_version, coc_page, site_request
):
    short_version.coc_page = None
    short_version.save()
    html = render("{% coc_short_version sv %}", request=site_request, sv=short_version)
    assert "Read the full Code of Conduct" not in html
    set_defaults(site_request, default_coc_page=coc_page)
    html = render("{% coc_short_version sv %}", request=fresh(site_request), sv=short_version)
    assert f'href="{coc_page.url}"' in html


def test_coc_page_url_tag(site_request, coc_page):
    assert render("{% coc_page_url page %}", request=site_request, page=coc_page) == coc_page.url
    assert render("{% coc_page_url %}", request=site_request) == ""
    set_defaults(site_request, default_coc_page=coc_page)
    assert render("{% coc_page_url %}", request=fresh(site_request)) == coc_page.url
    coc_page.unpublish()
    assert render("{% coc_page_url %}", request=fresh(site_request)) == ""


def test_coc_page_shows_version_date_sections_and_escalation(client, root_page, private_team):
    page = build_coc_page(root_page, team=private_team)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    document = soup(html)

    version = document.select_one(".coc-version")
    assert "Version 1.0" in version.get_text()
    assert version.select_one("time")["datetime"] == "2027-01-01"
    assert date_format(datetime.date(2027, 1, 1), "DATE_FORMAT") in version.get_text()

    headings = [h.get_text(strip=True) for h in document.select("section.coc-section > h2")]
    assert headings[:3] == ["Expected behaviour", "Unacceptable behaviour", "Consequences"]

    conflict = document.select_one("section.coc-section--conflict_of_interest")
    assert "Escalation Contact" in conflict.get_text()
    assert "escalation@psf.example" in conflict.get_text()
    # Only escalation contacts are listed there, not the whole team.
    assert "Member 0" not in conflict.get_text()

    reporting = document.select_one("section.coc-section--reporting")
    assert reporting.select_one(".coc-team") is not None
    assert_no_private_details(html, private_team)


def test_conflict_section_without_escalation_contacts_lists_nobody(client, root_page):
    team = build_team(member_count=2)
    team.members.filter(role="escalation").delete()
    page = build_coc_page(root_page, team=team)
    document = soup(client.get(page.url).content)
    conflict = document.select_one("section.coc-section--conflict_of_interest")
    assert conflict.select(".coc-members") == []
    assert "Escalation contacts" not in conflict.get_text()


def test_embeddable_blocks_on_home_page(client, root_page, team, emergency_info, short_version):
    home = HomePage(
        title="Welcome",
        slug="welcome",
        body=[
            ("coc_team", team),
            ("emergency_info", emergency_info),
            ("coc_short_version", short_version),
        ],
    )
    root_page.add_child(instance=home)
    home.save_revision().publish()
    response = client.get(home.url)
    assert response.status_code == 200
    document = soup(response.content)
    assert document.select_one("section.coc-team") is not None
    assert document.select_one(".coc-emergency a[href='tel:911']") is not None
    assert document.select_one("section.coc-short-version") is not None
    assert_no_private_details(response.content.decode(), team)
    used = {template.name for template in response.templates}
    assert {
        "wagtail_coc/blocks/team.html",
        "wagtail_coc/includes/team.html",
        "wagtail_coc/includes/emergency_info.html",
        "wagtail_coc/includes/short_version.html",
    } <= used


def test_block_render_directly(team):
    from wagtail_coc.blocks import TeamBlock

    html = TeamBlock().render(team)
    assert "conduct@pyharbour.example" in html


def test_project_template_override_wins(tmp_path, team, settings):
    override = tmp_path / "wagtail_coc" / "includes"
    override.mkdir(parents=True)
    (override / "team.html").write_text('<p class="custom-team">{{ team.name }}</p>')
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        html = render("{% coc_team team %}", team=team)
    assert html == '<p class="custom-team">PyHarbour CoC team</p>'


def test_team_name_is_escaped(team):
    team.name = "<script>alert(1)</script>"
    team.save()
    html = render("{% coc_team team %}", team=team)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_short_version_contacts_migrate_to_a_note_without_contacts():
    migration = importlib.import_module(
        "wagtail_coc.migrations.0003_short_version_contacts_from_team"
    )
    assert (
        migration.without_contacts("conduct@pyharbour.example · hotline (415) 555-0123 · desk")
        == "desk"
    )
    assert migration.without_contacts("Email conduct@x.example or call +1 415 555 0123") == ""
    assert migration.without_contacts("Find us at the registration desk") == (
        "Find us at the registration desk"
    )
