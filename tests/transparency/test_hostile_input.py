"""Hostile markup in every rich-text field and every block of transparency reports and their
index never reaches the public pages as script, whatever shape it is written in."""

import pytest
from hypothesis import HealthCheck, given, settings
from wagtail.models import Site

from tests.hostile import (
    PAYLOADS,
    SHAPES,
    assert_safe_page,
    hostile_text,
    script_problems,
    stored,
    stream_shapes,
)
from tests.transparency.factories import build_transparency_index, build_transparency_report
from wagtail_coc.transparency.models import TransparencyReportIndexPage, TransparencyReportPage

REPORTS = TransparencyReportPage._meta.get_field("reports")
RICH_TEXT_FIELDS = ("promotion", "enforcement", "takeaways")


@pytest.fixture
def pages(db):
    site = Site.objects.get(is_default_site=True)
    index = build_transparency_index(site.root_page)
    report = build_transparency_report(index, 2026, statistics=[("harassment", "warning", 1)])
    return index, report


def write(index, report, shape, text):
    # QuerySet.update: no sensitive-data guard in the way (a payload may look like a phone
    # number), and the path bulk imports take.
    TransparencyReportPage.objects.filter(pk=report.pk).update(
        reports=stream_shapes(REPORTS.stream_block, text, "")[shape],
        **dict.fromkeys(RICH_TEXT_FIELDS, text),
    )
    TransparencyReportIndexPage.objects.filter(pk=index.pk).update(intro=text)


def assert_pages_safe(client, index, report):
    assert_safe_page(client.get(index.url))
    assert_safe_page(client.get(report.url))
    for name in RICH_TEXT_FIELDS:
        assert not script_problems(stored(TransparencyReportPage, name, report.pk)), name


@pytest.mark.parametrize("shape", SHAPES)
def test_every_payload_on_both_pages(client, pages, shape):
    for payload in PAYLOADS:
        write(*pages, shape, payload)
        assert_pages_safe(client, *pages)


@pytest.mark.parametrize("shape", SHAPES)
def test_hostile_markup_property(client, pages, shape):
    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(text=hostile_text)
    def check(text):
        write(*pages, shape, text)
        assert_pages_safe(client, *pages)

    check()
