"""Per-case deadlines from the commitments a Code of Conduct publishes, and the team told
when one is missed.

The commitments of a case are those of its event's Code of Conduct page (``events``), or of the
first live Code of Conduct of the case's site, together with the live companion pages under it
(the page's own commitments first; the first commitment for a clock wins). Only the procedure
sections' structured commitments are read, not sentences elsewhere on the page.

``CommitmentBook`` reads each page once for however many cases, and ``with_clock_times``
fetches the times the clocks need in the cases' own query, so a list of cases costs the same
number of queries whatever its length. ``check_deadlines`` is a plain function, for a scheduled
task to call: it emails the members who may see an overdue case, by code name only, once per
missed deadline.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from wagtail.models import Site

from wagtail_coc.casework.cases import CLOSED, Case, CaseMessage, CaseTransition, State
from wagtail_coc.casework.clocks import (
    DUE_SOON,
    OVERDUE,
    CaseTimes,
    Deadline,
    deadlines_of,
    most_urgent,
)
from wagtail_coc.casework.commitments import (
    ACKNOWLEDGE,
    DAYS,
    DECIDE,
    RESOLVE,
    UPDATE,
    Duration,
    Reading,
    read_commitments,
)
from wagtail_coc.casework.events import Event
from wagtail_coc.casework.notifications import Reason, notify_on_duty
from wagtail_coc.conf import casework_status_update_days
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.models.companions import COMPANION_MODELS

logger = logging.getLogger(__name__)

CLOCK_LABELS = {
    ACKNOWLEDGE: gettext_lazy("Acknowledgement"),
    DECIDE: gettext_lazy("Decision"),
    UPDATE: gettext_lazy("Status update to the reporter"),
    RESOLVE: gettext_lazy("Resolution"),
}
# The states that mean the team decided, as the statistics count them (``record_statistics``).
DECIDED = (State.AWAITING_FEEDBACK, State.ACTION, *CLOSED)
NOTHING_PUBLISHED = Reading({}, ())


def published_pairs(page):
    """The (stage, commitment) pairs of ``page`` and its live companions, in that order."""
    pages = [page]
    for model in COMPANION_MODELS:
        pages += model.objects.live().child_of(page).order_by("path")
    for each in pages:
        for block in each.body:
            if block.block_type == "procedure":
                for item in block.value.get("response_times") or ():
                    yield item.get("stage") or "", item.get("commitment") or ""


@dataclass
class CaseClocks:
    """What a case's deadlines were computed from, and the deadlines."""

    event: Event | None
    page: CodeOfConductPage | None
    during_event: bool
    reading: Reading
    deadlines: list[Deadline] = field(default_factory=list)
    urgent: tuple[str, Deadline] | None = None


class CommitmentBook:
    """The events and the published commitments that apply to cases, each read once."""

    def __init__(self):
        self._events = None
        self._pages = {}
        self._site_pages = {}
        self._readings = {}

    def event(self, name) -> Event | None:
        if self._events is None:
            self._events = {event.name: event for event in Event.objects.all()}
        return self._events.get(name) if name else None

    def site_page(self, site_id) -> CodeOfConductPage | None:
        if site_id not in self._site_pages:
            pages = CodeOfConductPage.objects.live().order_by("path")
            site = Site.objects.select_related("root_page").filter(pk=site_id).first()
            if site is not None:
                pages = pages.descendant_of(site.root_page, inclusive=True)
            self._site_pages[site_id] = pages.first()
        return self._site_pages[site_id]

    def page_for(self, event, site_id) -> CodeOfConductPage | None:
        """The event's Code of Conduct if it names a live one, else the site's."""
        if event is not None and event.code_of_conduct_id is not None:
            number = event.code_of_conduct_id
            if number not in self._pages:
                self._pages[number] = CodeOfConductPage.objects.live().filter(pk=number).first()
            if self._pages[number] is not None:
                return self._pages[number]
        return self.site_page(site_id)

    def reading(self, page) -> Reading:
        if page is None:
            return NOTHING_PUBLISHED
        if page.pk not in self._readings:
            self._readings[page.pk] = read_commitments(published_pairs(page))
        return self._readings[page.pk]

    def clocks(self, case, now=None) -> CaseClocks:
        """The deadlines of ``case``, which ``with_clock_times`` annotated."""
        now = now or timezone.now()
        event = self.event(case.event)
        page = self.page_for(event, case.site_id)
        during_event = event is not None and event.is_on(case.received_at)
        reading = self.reading(page)
        times = CaseTimes(
            received_at=timezone.localtime(case.received_at),
            during_event=during_event,
            acknowledged_at=case.acknowledged_at,
            decided_at=case.decided_at,
            closed_at=case.last_closed_at if case.state in CLOSED else None,
            last_update_at=case.last_update_at,
        )
        interval = Duration(casework_status_update_days(), DAYS)
        deadlines = deadlines_of(times, reading.commitments, interval)
        urgent = most_urgent(deadlines, now)
        return CaseClocks(event, page, during_event, reading, deadlines, urgent)


def with_clock_times(queryset):
    """``queryset`` with the times the clocks need, fetched in the same query."""
    transitions = CaseTransition.objects.filter(case=OuterRef("pk"))
    first = ("at", "pk")
    return queryset.annotate(
        acknowledged_at=Subquery(
            transitions.exclude(to_state=State.RECEIVED).order_by(*first).values("at")[:1]
        ),
        decided_at=Subquery(
            transitions.filter(to_state__in=DECIDED).order_by(*first).values("at")[:1]
        ),
        last_closed_at=Subquery(
            transitions.filter(to_state__in=CLOSED).order_by("-at", "-pk").values("at")[:1]
        ),
        last_update_at=Subquery(
            CaseMessage.objects.filter(
                case=OuterRef("pk"), direction=CaseMessage.Direction.TO_REPORTER
            )
            .order_by("-at", "-pk")
            .values("at")[:1]
        ),
    )


def clocks_of_case(case, now=None) -> CaseClocks:
    return CommitmentBook().clocks(with_clock_times(Case.objects.filter(pk=case.pk)).get(), now)


def open_cases_with_clocks(queryset=None, now=None, book=None):
    """The open cases of ``queryset`` (every case by default), each with its ``clocks``."""
    book = book or CommitmentBook()
    queryset = Case.objects.all() if queryset is None else queryset
    cases = list(with_clock_times(queryset.exclude(state__in=CLOSED)))
    for case in cases:
        case.clocks = book.clocks(case, now)
    return cases


def overdue_cases(queryset=None, now=None, book=None) -> list[Case]:
    """The open cases with a deadline missed."""
    return [
        case
        for case in open_cases_with_clocks(queryset, now, book)
        if case.clocks.urgent and case.clocks.urgent[0] == OVERDUE
    ]


def cases_due_soon(queryset=None, now=None, book=None) -> list[Case]:
    """The open cases with a deadline coming soon and none missed."""
    return [
        case
        for case in open_cases_with_clocks(queryset, now, book)
        if case.clocks.urgent and case.clocks.urgent[0] == DUE_SOON
    ]


class OverdueNotice(models.Model):
    """That the team was told a deadline of a case was missed, so it is told once. A status
    update due again after a new message is a new deadline, with a new notice."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    clock = models.CharField(max_length=16)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "clock", "due_at"], name="wagtail_coc_one_overdue_notice"
            )
        ]
        default_permissions = ()

    def __str__(self):
        return str(_("Overdue notice #%(number)s") % {"number": self.pk})


def check_deadlines(now=None) -> int:
    """Tell the members on duty who may see each case with a newly missed deadline (never a
    member recused from it), naming the case by its code name and the deadlines missed; never
    any content. Returns how many cases were written about."""
    now = now or timezone.now()
    written = 0
    for case in overdue_cases(now=now):
        missed = [
            deadline
            for deadline in case.clocks.deadlines
            if deadline.status(now) == OVERDUE
            and not OverdueNotice.objects.filter(
                case=case, clock=deadline.clock, due_at=deadline.due_at
            ).exists()
        ]
        if missed and _notify_overdue(case, missed):
            OverdueNotice.objects.bulk_create(
                OverdueNotice(case=case, clock=deadline.clock, due_at=deadline.due_at, sent_at=now)
                for deadline in missed
            )
            written += 1
    return written


def _notify_overdue(case, missed) -> bool:
    with override(settings.LANGUAGE_CODE):
        details = [f"- {CLOCK_LABELS[deadline.clock]}" for deadline in missed]
    return notify_on_duty(case, Reason.DEADLINE_OVERDUE, details=details) > 0
