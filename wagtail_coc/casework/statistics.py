"""What statistics need of a case, kept apart from the case so it outlives the case's purge.

A ``CaseStatistics`` row holds no text and nothing that identifies anyone: the event's name, the
month the report came in, its category and outcome, how many people it named, and how long the
team took to acknowledge it and to decide, in whole hours. ``cases.record_statistics`` refreshes
it whenever the case changes; when the case is purged it stays, without the link.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from wagtail_coc.transparency.models import Category, Outcome

# Sanctions, strongest last: a case's outcome is the strongest consequence any person received.
LADDER = (Outcome.CORRECTION, Outcome.WARNING, Outcome.TEMPORARY_BAN, Outcome.PERMANENT_BAN)
# How a case closed without a sanction, in the transparency statistics' words.
CLOSING_OUTCOMES = {
    "not_a_violation": Outcome.NOT_A_VIOLATION,
    "out_of_scope": Outcome.NOT_A_VIOLATION,
    "closed_on_file": Outcome.HANDLED_BY_OTHERS,
    "resolved": Outcome.NO_ACTION,
}
SECONDS_PER_HOUR = 3600


class CaseStatistics(models.Model):
    case = models.OneToOneField(
        "wagtail_coc_casework.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statistics",
    )
    site = models.ForeignKey(Site, null=True, on_delete=models.SET_NULL, related_name="+")
    event = models.CharField(_("event"), max_length=255, blank=True)
    received_month = models.DateField(_("month received"))
    category = models.CharField(_("category"), max_length=32, choices=Category.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices, blank=True)
    out_of_scope = models.BooleanField(default=False)
    people_named = models.PositiveIntegerField(_("people named"), default=0)
    hours_to_acknowledge = models.PositiveIntegerField(null=True, blank=True)
    hours_to_decide = models.PositiveIntegerField(null=True, blank=True)
    closed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("case statistics")
        verbose_name_plural = _("case statistics")
        ordering = ["received_month", "pk"]
        default_permissions = ()

    def __str__(self):
        return str(_("Statistics #%(number)s") % {"number": self.pk})


def outcome_of(consequences, state) -> str:
    """The strongest of ``consequences`` the people of a case received, else how the case
    closed (``state``)."""
    for sanction in reversed(LADDER):
        if sanction in consequences:
            return sanction
    if consequences:
        return sorted(consequences)[0]
    return CLOSING_OUTCOMES.get(state, "")


def whole_hours(start, end) -> int | None:
    """Hours from ``start`` to ``end``, rounded down: no exact time is kept."""
    if end is None:
        return None
    return max(0, int((end - start).total_seconds() // SECONDS_PER_HOUR))
