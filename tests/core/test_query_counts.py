"""Rendering a CoC page costs a fixed number of queries, however big the team or the page."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from home.models import HomePage
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from tests.factories import build_coc_page, build_emergency_info, build_team, complete_body
from wagtail_coc.models import CommitteeMember, EmergencyInfo

Image = get_image_model()


def complete_profiles(team):
    """A photo and a published phone for everyone, so renditions and phone formatting run."""
    for index, member in enumerate(team.members.all()):
        member.photo = Image.objects.create(
            title=f"Photo of {member.name}", file=get_test_image_file(size=(200, 200))
        )
        member.phone = f"+141555501{index % 100:02d}"
        member.publish_phone = True
        member.save(update_fields=["photo", "phone", "publish_phone"])


def every_section_type(emergency_info):
    """One of each CoC section, including the blocks that look up the team and snippets."""
    return [
        *complete_body(),
        ("emergency_info", emergency_info),
        ("section", {"heading": "Photography", "body": RichText("<p>Ask first.</p>")}),
        (
            "resources",
            {
                "heading": "Resources",
                "links": [{"title": "PSF", "url": "https://www.python.org/psf/conduct/"}],
            },
        ),
        ("licence", {"text": RichText("<p>CC BY 3.0</p>")}),
    ]


def query_count(client, page):
    # Renditions and site roots are cached after the first render; clearing the cache makes
    # every measurement pay for the same lookups, so only per-item queries could differ.
    caches["default"].clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def measure(client, *pages):
    for page in pages:
        # Warm-up render: creates the photo renditions, which then exist in the database.
        assert client.get(page.url).status_code == 200
    return [query_count(client, page) for page in pages]


@pytest.mark.django_db
def test_query_count_does_not_grow_with_team_members(client, root_page):
    emergency_info = build_emergency_info()
    small, large = build_team(member_count=3), build_team(member_count=100, name="Large team")
    complete_profiles(small)
    complete_profiles(large)
    small_page = build_coc_page(root_page, team=small, emergency_info=emergency_info, slug="a")
    large_page = build_coc_page(root_page, team=large, emergency_info=emergency_info, slug="b")

    (small_count, small_html), (large_count, large_html) = measure(client, small_page, large_page)

    assert small_count == large_count
    # Guards against a cheap count from members or photos silently not being rendered.
    photos = CommitteeMember.objects.filter(team=large, photo__isnull=False).count()
    assert photos == large.members.count() > 100
    assert large_html.count('class="coc-member-photo"') >= photos
    assert "Member 99" in large_html
    assert large_html.count('href="tel:+14155550') >= photos
    assert small_html.count('class="coc-member-photo"') >= 3


@pytest.mark.django_db
def test_query_count_does_not_grow_with_sections(client, root_page):
    team = build_team(member_count=5)
    complete_profiles(team)
    venues = [build_emergency_info() for _ in range(10)]
    few = build_coc_page(
        root_page,
        team=team,
        emergency_info=venues[0],
        body=every_section_type(venues[0]),
        slug="few",
    )
    many_body = [block for venue in venues for block in every_section_type(venue)]
    many = build_coc_page(
        root_page, team=team, emergency_info=venues[0], body=many_body, slug="many"
    )

    (few_count, _), (many_count, many_html) = measure(client, few, many)

    assert len(many.body) == 10 * len(few.body)
    assert few_count == many_count
    assert many_html.count('class="coc-emergency"') == len(venues) + 1
    assert EmergencyInfo.objects.count() == len(venues)


@pytest.mark.django_db
def test_embedded_blocks_query_count_does_not_grow_with_members_or_blocks(client, root_page):
    def team(size, name):
        built = build_team(member_count=size, name=name)
        complete_profiles(built)
        return built

    def home(slug, body):
        page = HomePage(title=slug, slug=slug, body=body)
        root_page.add_child(instance=page)
        page.save_revision().publish()
        return page

    small = home(
        "small", [("coc_team", team(3, "Small")), ("emergency_info", build_emergency_info())]
    )
    large_body = [("coc_team", team(100, "Large"))]
    large_body += [("coc_team", team(2, f"Extra {index}")) for index in range(3)]
    large_body += [("emergency_info", build_emergency_info()) for _ in range(4)]
    large = home("large", large_body)

    (small_count, _), (large_count, large_html) = measure(client, small, large)

    assert small_count == large_count
    assert large_html.count('class="coc-member-photo"') == 101 + 3 * 3
    assert large_html.count('class="coc-emergency"') == 4
