"""Closed cases are purged when their retention expires, after a warning to the team.

The periods are a site setting the team leads edit (*Settings → Case retention*); the rules
that turn a case's outcome into a date are ``retention_rules``. ``purge_expired()`` is a plain
function, meant to run once a day: it warns the team by email, by code name only, 7 days before
a case is purged, then purges it with ``Case.purge()`` (the case's key first, then its rows),
recording the purge in the case access log with no actor. A team lead can keep a case longer,
with a reason sealed with the case's key like every other text of the case.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

from wagtail_coc.casework import access_log
from wagtail_coc.casework.cases import CLOSED, Case, CaseChild, InvolvedPerson
from wagtail_coc.casework.crypto import SealedText
from wagtail_coc.casework.notifications import notify_purge_soon
from wagtail_coc.casework.permissions import TeamLeadSettingPolicy
from wagtail_coc.casework.retention_rules import (
    WARNING_DAYS,
    CaseFacts,
    Periods,
    Person,
    Retention,
    Rule,
    due,
    purge_date,
    retention,
)

logger = logging.getLogger(__name__)
DEFAULTS = Periods()
RULE_LABELS = {
    Rule.NOT_A_VIOLATION: _("not a violation"),
    Rule.RESOLVED: _("resolved"),
    Rule.FLAGGED: _("flagged"),
    Rule.BANNED: _("banned"),
    Rule.PERMANENT_BAN: _("permanent ban"),
}


def _months(label, default, help_text):
    return models.PositiveSmallIntegerField(label, default=default, help_text=help_text)


# Backups taken before a purge hold the case's key wrapped by the site's key: only rotating
# the site's key makes them unreadable too.
BACKUPS_REMINDER = _(
    "Backups taken before the purge can still be read until the site's encryption key is "
    "rotated: run coc_rotate_keys, then remove the old key."
)


class RetentionSettings(BaseSiteSetting):
    """How many months after closing a case is kept, per outcome. The defaults are the Django
    Code of Conduct working group's former records policy."""

    not_a_violation_months = _months(
        _("not a violation"),
        DEFAULTS.not_a_violation,
        _("A case closed as not a violation or out of scope. 0: purged when closed."),
    )
    resolved_months = _months(
        _("resolved"),
        DEFAULTS.resolved,
        _("A case closed with no sanction stronger than a correction."),
    )
    flagged_months = _months(
        _("flagged"), DEFAULTS.flagged, _("A warning, or a case marked as a repeat risk.")
    )
    after_ban_months = _months(
        _("after a temporary ban"),
        DEFAULTS.after_ban,
        _("Counted from the day the ban ends. A permanent ban is kept indefinitely."),
    )

    class Meta:
        verbose_name = _("case retention")
        verbose_name_plural = _("case retention")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def get_permission_policy(cls):
        return TeamLeadSettingPolicy(cls)

    def periods(self) -> Periods:
        return Periods(
            not_a_violation=self.not_a_violation_months,
            resolved=self.resolved_months,
            flagged=self.flagged_months,
            after_ban=self.after_ban_months,
        )


class RetentionHold(CaseChild):
    """A decision to keep a case longer than its retention: who, when, until when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="retention_holds")
    until = models.DateField(_("keep until"))
    reason_sealed = models.TextField(editable=False)
    reason = SealedText("reason_sealed")

    class Meta(CaseChild.Meta):
        verbose_name = _("decision to keep longer")

    def __str__(self):
        return str(
            _("Kept longer #%(number)s of %(case)s") % {"number": self.pk, "case": self.case}
        )


def keep_longer(case, user, until: datetime.date, reason: str) -> RetentionHold:
    """Keep ``case`` at least until ``until``, for ``reason`` (sealed with the case's key)."""
    if until <= timezone.localdate():
        raise ValidationError(_("Choose a day after today."))
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for keeping the case longer."))
    return RetentionHold.objects.create(case=case, by=user, until=until, reason=reason.strip())


def periods_by_site() -> dict:
    """The retention periods of each site by its number; ``None`` is the default site's,
    used for cases that have no site."""
    periods = {row.site_id: row.periods() for row in RetentionSettings.objects.all()}
    default = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    periods[None] = periods.get(default, DEFAULTS)
    return periods


def related_cases() -> dict[int, set[int]]:
    """For each case, the other cases reporting the same person: people linked with *same
    person as*, or sharing an entry of the protected names register, joined transitively. A
    person named only as a witness makes no case *about* them."""
    people = InvolvedPerson.objects.values_list(
        "pk", "case_id", "role", "same_person_as_id", "protected_name_id"
    )
    parent = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(one, other):
        parent[find(one)] = find(other)

    reported = []
    for pk, case_id, role, same_as, register_entry in people:
        find(("person", pk))
        if same_as is not None:
            union(("person", pk), ("person", same_as))
        if register_entry is not None:
            union(("person", pk), ("name", register_entry))
        if role == InvolvedPerson.Role.REPORTED:
            reported.append((pk, case_id))
    cases_of = defaultdict(set)
    for pk, case_id in reported:
        cases_of[find(("person", pk))].add(case_id)
    related = defaultdict(set)
    for cases in cases_of.values():
        for case_id in cases:
            related[case_id] |= cases - {case_id}
    return related


@dataclass(frozen=True)
class Scheduled:
    """A case's retention, and the purge day the team was warned of (if it was)."""

    code_name: str
    retention: Retention
    announced_for: datetime.date | None

    def purge_on(self, today) -> datetime.date | None:
        return purge_date(self.retention.expires_on, self.announced_for, today)


def schedule(numbers=None, among=None) -> dict[int, Scheduled]:
    """The retention of the cases numbered ``numbers`` (default: every case). With ``among``
    (case numbers), only those cases can extend it: what a member is told must not depend on
    a case they may not see."""
    related = related_cases()
    if among is not None:
        among = set(among)
        related = {number: others & among for number, others in related.items()}
    wanted = set(Case.objects.values_list("pk", flat=True)) if numbers is None else set(numbers)
    needed = set(wanted)
    for number in wanted:
        needed |= related.get(number, set())
    closed_at = Max("transitions__at", filter=Q(transitions__to_state__in=CLOSED))
    rows = (
        Case.objects.filter(pk__in=needed)
        .annotate(closed_at=closed_at)
        .values_list(
            "pk", "code_name", "received_at", "state", "repeat_risk", "site_id", "closed_at",
            "purge_announced_for",
        )
    )  # fmt: skip
    people = defaultdict(list)
    for case_id, consequence, ban_until in InvolvedPerson.objects.filter(
        case_id__in=needed, role=InvolvedPerson.Role.REPORTED
    ).values_list("case_id", "consequence", "ban_until"):
        people[case_id].append(Person(consequence, ban_until))
    holds = dict(
        RetentionHold.objects.filter(case_id__in=needed)
        .values("case_id")
        .annotate(until=Max("until"))
        .values_list("case_id", "until")
    )
    periods = periods_by_site()
    facts, names, announced = {}, {}, {}
    for pk, code_name, received_at, state, repeat_risk, site_id, closed_at, announced_for in rows:
        facts[pk] = CaseFacts(
            number=pk,
            received=received_at,
            state=state,
            closed_on=timezone.localdate(closed_at) if state in CLOSED and closed_at else None,
            people=tuple(people[pk]),
            repeat_risk=repeat_risk,
            kept_until=holds.get(pk),
            periods=periods.get(site_id, periods[None]),
        )
        names[pk], announced[pk] = code_name, announced_for
    return {
        pk: Scheduled(
            names[pk],
            retention(facts[pk], [facts[other] for other in related.get(pk, ()) if other in facts]),
            announced[pk],
        )
        for pk in wanted
        if pk in facts
    }


def expiring_within(days: int = WARNING_DAYS, today=None) -> list[int]:
    """The numbers of the cases that will be purged within ``days`` days."""
    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=days)
    closed = Case.objects.filter(state__in=CLOSED).values_list("pk", flat=True)
    return [
        pk
        for pk, scheduled in schedule(closed).items()
        if (day := scheduled.purge_on(today)) is not None and day <= limit
    ]


@dataclass
class PurgeRun:
    """What a run of ``purge_expired()`` did (or, on a dry run, would do): code names only."""

    dry_run: bool = False
    warned: list[str] = field(default_factory=list)
    purged: list[str] = field(default_factory=list)


def purge_expired(dry_run: bool = False, now=None) -> PurgeRun:
    """Warn the team of the cases due for purging within 7 days (once per case), and purge the
    cases whose announced day has come. ``dry_run`` changes and sends nothing."""
    today = timezone.localdate(now or timezone.now())
    run = PurgeRun(dry_run=dry_run)
    closed = Case.objects.filter(state__in=CLOSED).values_list("pk", flat=True)
    for pk, scheduled in sorted(schedule(closed).items()):
        action = due(scheduled.retention.expires_on, scheduled.announced_for, today)
        if action == "warn":
            day = scheduled.purge_on(today)
            if dry_run or _warn(pk, day):
                run.warned.append(scheduled.code_name)
        elif action == "purge" and (dry_run or _purge(pk)):
            run.purged.append(scheduled.code_name)
    return run


def _warn(pk, day) -> bool:
    case = Case.objects.get(pk=pk)
    # A failed email leaves the case unannounced: tomorrow's run tries again, and the purge
    # waits for a warning that went out.
    if not notify_purge_soon(case, day):
        return False
    Case.objects.filter(pk=pk).update(purge_announced_for=day)
    return True


def _purge(pk) -> bool:
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=pk, state__in=CLOSED).first()
        if case is None:
            # Reopened since the schedule was read.
            return False
        access_log.record(None, access_log.CaseAccess.Action.PURGED, case)
        case.purge()
    logger.info("Purged case #%s, whose retention expired", pk)
    return True
