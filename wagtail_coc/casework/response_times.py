"""The public promise measured against the team's practice, per event.

Read from ``CaseStatistics``, so purged cases still count: how many cases, and the median and
90th-percentile whole hours to acknowledge and to decide, next to the acknowledgement and
decision commitments of the event's Code of Conduct (the site's first one for cases without an
event, or of an event not recorded as such).
"""

from collections import defaultdict

from django.db.models import Q
from wagtail.models import Site

from wagtail_coc.casework.cases import Case
from wagtail_coc.casework.clocks import median, percentile
from wagtail_coc.casework.commitments import ACKNOWLEDGE, DECIDE
from wagtail_coc.casework.deadlines import CommitmentBook
from wagtail_coc.casework.statistics import CaseStatistics

MEASURED = {ACKNOWLEDGE: "hours_to_acknowledge", DECIDE: "hours_to_decide"}
NINETIETH = 0.9


def measure(hours: list[int]) -> dict:
    return {"count": len(hours), "median": median(hours), "p90": percentile(hours, NINETIETH)}


def measured_against_promises(user) -> list[dict]:
    """One row per event name (the empty name for cases without an event), newest event
    first as the statistics' months say. Only the cases ``user`` may see count, with the
    purged ones, which nobody sees any more: a case a member is recused from is in no count."""
    hours = defaultdict(lambda: {clock: [] for clock in MEASURED})
    cases, latest = defaultdict(int), {}
    rows = CaseStatistics.objects.filter(
        Q(case__in=Case.objects.visible_to(user)) | Q(case__isnull=True)
    ).values("event", "received_month", *MEASURED.values())
    for row in rows.order_by("received_month"):
        cases[row["event"]] += 1
        latest[row["event"]] = row["received_month"]
        for clock, column in MEASURED.items():
            if row[column] is not None:
                hours[row["event"]][clock].append(row[column])
    book = CommitmentBook()
    default_site = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    measured = []
    for name in sorted(cases, key=lambda name: (latest[name], name), reverse=True):
        event = book.event(name)
        reading = book.reading(book.page_for(event, default_site))
        measured.append(
            {
                "event": name,
                "cases": cases[name],
                "measures": {clock: measure(hours[name][clock]) for clock in MEASURED},
                "commitments": {
                    clock: reading.commitments[clock]
                    for clock in MEASURED
                    if clock in reading.commitments
                },
                "not_understood": reading.not_understood,
            }
        )
    return measured
