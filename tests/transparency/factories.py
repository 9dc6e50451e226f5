"""Builders for transparency report indexes and reports."""

import datetime

from wagtail_coc.transparency.models import (
    TransparencyReportIndexPage,
    TransparencyReportPage,
    TransparencyStatistic,
)


def build_transparency_index(parent, title="Transparency reports", slug="transparency"):
    index_page = TransparencyReportIndexPage(title=title, slug=slug)
    parent.add_child(instance=index_page)
    index_page.save_revision().publish()
    return index_page


def build_transparency_report(index_page, year, statistics=(), reports=(), **fields):
    """A published report; ``statistics`` holds (category, outcome, count) triples."""
    page = TransparencyReportPage(
        title=fields.pop("title", f"Transparency report {year}"),
        slug=fields.pop("slug", f"report-{year}"),
        event_name=fields.pop("event_name", f"PyHarbour Conf {year}"),
        period_start=datetime.date(year, 9, 1),
        period_end=datetime.date(year, 9, 3),
        attendees_in_person=fields.pop("attendees_in_person", 400),
        attendees_online=fields.pop("attendees_online", 150),
        reports=list(reports),
        **fields,
    )
    page.statistics = [
        TransparencyStatistic(category=category, outcome=outcome, count=count)
        for category, outcome, count in statistics
    ]
    index_page.add_child(instance=page)
    page.save_revision().publish()
    return page
