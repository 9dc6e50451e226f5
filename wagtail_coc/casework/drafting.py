"""A transparency report drafted from cases: numbers only, never a word a case holds.

The figures come from ``CaseStatistics`` (so purged cases still count): reports by category and
outcome, reports received against people named, and the median and 90th-percentile hours the
team took to acknowledge and to decide. Cells of one or two reports can point at a person, so
they are flagged, and the team lead may fold every category with such a cell into "Other". The
draft goes through the transparency app's review like any report; the anonymised summaries,
the event's size and the rest are written by people.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug

from wagtail_coc.casework.cases import Case, record_statistics
from wagtail_coc.casework.clocks import median, percentile
from wagtail_coc.casework.commitments import ACKNOWLEDGE, DECIDE
from wagtail_coc.casework.deadlines import CommitmentBook
from wagtail_coc.casework.statistics import CaseStatistics
from wagtail_coc.transparency.models import (
    Category,
    Outcome,
    Scope,
    TransparencyReportPage,
    TransparencyStatistic,
)

# A cell of this many reports or fewer can point at the people in it.
SMALL_COUNT = 2


@dataclass
class DraftFigures:
    cells: Counter = field(default_factory=Counter)  # (category, outcome) -> reports
    reports_received: int = 0
    people_named: int = 0
    acknowledge_hours: list = field(default_factory=list)
    decide_hours: list = field(default_factory=list)

    @property
    def small_cells(self):
        return sorted(key for key, count in self.cells.items() if count <= SMALL_COUNT)

    def merged(self):
        """The same figures with every category that has a small cell folded into "Other"."""
        risky = {category for category, _outcome in self.small_cells}
        cells = Counter()
        for (category, outcome), count in self.cells.items():
            cells[(Category.OTHER if category in risky else category, outcome)] += count
        return DraftFigures(
            cells, self.reports_received, self.people_named,
            self.acknowledge_hours, self.decide_hours,
        )  # fmt: skip

    def rows(self):
        """``(category label, outcome label, count, small)`` in the ladder's order."""
        categories = list(Category)
        outcomes = list(Outcome)
        return [
            (Category(category).label, Outcome(outcome).label, count, count <= SMALL_COUNT)
            for (category, outcome), count in sorted(
                self.cells.items(),
                key=lambda item: (categories.index(item[0][0]), outcomes.index(item[0][1])),
            )
        ]


def statistics_in(site, event, period_start, period_end):
    """The statistics of ``site``'s cases received in the period (by month), of ``event`` when
    given. Cases recorded before statistics existed get theirs first."""
    for case in Case.objects.filter(site=site, statistics__isnull=True):
        record_statistics(case)
    rows = CaseStatistics.objects.filter(
        site=site,
        received_month__gte=period_start.replace(day=1),
        received_month__lte=period_end,
    )
    return rows.filter(event=event) if event else rows


def figures(site, event, period_start, period_end) -> DraftFigures:
    draft = DraftFigures()
    for row in statistics_in(site, event, period_start, period_end):
        outcome = row.outcome or (Outcome.UNRESOLVED if not row.closed else Outcome.NO_ACTION)
        draft.cells[(row.category or Category.OTHER, outcome)] += 1
        draft.reports_received += 1
        draft.people_named += row.people_named
        draft.acknowledge_hours.append(row.hours_to_acknowledge)
        draft.decide_hours.append(row.hours_to_decide)
    return draft


def response_times_text(draft: DraftFigures, commitments=None) -> str:
    """Sentences on how fast the team answered, from the figures alone, each followed by what
    the Code of Conduct promised; empty without figures. ``commitments`` maps a clock to the
    published ``Commitment``."""
    commitments = commitments or {}
    sentences = (
        (
            ACKNOWLEDGE,
            draft.acknowledge_hours,
            _("Reports were acknowledged within %(median)s hours (median); 90%% within %(p90)s."),
        ),
        (
            DECIDE,
            draft.decide_hours,
            _("Decisions were made within %(median)s hours (median); 90%% within %(p90)s."),
        ),
    )
    parts = []
    for clock, hours, sentence in sentences:
        hours = [value for value in hours if value is not None]
        if not hours:
            continue
        text = sentence % {"median": _whole(median(hours)), "p90": percentile(hours, 0.9)}
        if clock in commitments:
            text += " " + _("The Code of Conduct promises: “%(promise)s”.") % {
                "promise": commitments[clock].text
            }
        parts.append(escape(text))
    return "".join(f"<p>{part}</p>" for part in parts)


def _whole(hours):
    # The median of an even count can fall between two cases.
    return int(hours) if float(hours).is_integer() else round(hours, 1)


def commitments_for(event, site):
    """The acknowledgement and decision commitments that applied to ``event``'s cases."""
    book = CommitmentBook()
    return book.reading(book.page_for(book.event(event), site.pk)).commitments


def create_draft(index, *, site, event, period_start, period_end, draft, title, user):
    """A ``TransparencyReportPage`` draft under ``index`` with ``draft``'s figures."""
    page = TransparencyReportPage(
        title=title,
        slug=find_available_slug(index, slugify(title) or "transparency-report"),
        scope=Scope.EVENT if event else Scope.PERIOD,
        event_name=event or site.site_name or site.hostname,
        period_start=period_start,
        period_end=period_end,
        reports_received=draft.reports_received,
        people_named=draft.people_named,
        enforcement=response_times_text(draft, commitments_for(event, site)),
        live=False,
    )
    page.statistics = [
        TransparencyStatistic(category=category, outcome=outcome, count=count)
        for (category, outcome), count in sorted(draft.cells.items())
    ]
    with transaction.atomic():
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page
