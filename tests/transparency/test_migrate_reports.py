"""Existing reports move forward: migrations 0003 and 0004 on a database holding a report of
the earlier shape (one category and one outcome per summary, attendance always a number)."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import JSONField, Value
from django.db.models.functions import Cast
from wagtail.models import Revision, Site

from tests.transparency.factories import build_transparency_index, build_transparency_report
from wagtail_coc.transparency.models import TransparencyReportPage

APP = "wagtail_coc_transparency"
OLD_SUMMARY = {
    "kind": "formal",
    "category": "language",
    "summary": "A lightning talk included a demeaning joke.",
    "outcome": "warning",
    "resolution": "The speaker apologised.",
}


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([(APP, target)])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reports_of_the_earlier_shape_are_moved_forward_with_their_revisions():
    site = Site.objects.get(is_default_site=True)
    report = build_transparency_report(
        build_transparency_index(site.root_page), 2025, attendees_online=0
    )
    revision_pk = report.latest_revision.pk
    migrate("0002_register_access")
    try:
        old = [{"type": "report", "value": OLD_SUMMARY, "id": "s1"}]
        old_stream = json.dumps(old)
        # Raw, past the StreamField (which would read it into today's shape).
        TransparencyReportPage.objects.filter(pk=report.pk).update(
            reports=Value(old, output_field=JSONField())
        )
        revision = Revision.objects.get(pk=revision_pk)
        content = dict(revision.content)
        for key in ("scope", "introduction", "closing", "meetings_held", "spaces"):
            content.pop(key, None)
        content["reports"] = old_stream
        Revision.objects.filter(pk=revision_pk).update(content=content)
    finally:
        migrate("0004_summaries_cover_several_categories_and_outcomes")

    report = TransparencyReportPage.objects.get(pk=report.pk)
    assert report.scope == "event"
    assert (report.attendees_in_person, report.attendees_online) == (400, 0)
    for stream in (report.reports, Revision.objects.get(pk=revision_pk).as_object().reports):
        value = stream[0].value
        assert list(value["categories"]) == ["language"]
        assert [(item["outcome"], item["detail"]) for item in value["outcomes"]] == [
            ("warning", "")
        ]
        assert value["resolution"] == "The speaker apologised."
    # Stored in the new shape, not only read in it: the page row and the revision.
    row = (
        TransparencyReportPage.objects.filter(pk=report.pk)
        .annotate(raw=Cast("reports", JSONField()))
        .values_list("raw", flat=True)
        .get()
    )
    stored_revision = Revision.objects.get(pk=revision_pk).content["reports"]
    for stored in (row, stored_revision):
        stored = json.loads(stored) if isinstance(stored, str) else stored
        assert "category" not in stored[0]["value"]
        assert stored[0]["value"]["categories"] == ["language"]
        assert stored[0]["value"]["outcomes"][0]["type"] == "item"
