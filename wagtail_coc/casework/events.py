"""Events, so a case's clocks know whether it came in during the event.

A Code of Conduct often promises more during the event than otherwise ("within 1 hour during
the conference, 24 hours otherwise"). An event gives the dates that split the two, and the Code
of Conduct page whose published commitments apply to its cases.

A case keeps naming its event by the event's name, as it always has (``Case.event``): the
statistics, which outlive a purged case, count by that name. Renaming an event renames it in
its cases and their statistics, so the two never drift apart.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_coc.casework.cases import Case
from wagtail_coc.casework.statistics import CaseStatistics


class Event(models.Model):
    name = models.CharField(
        _("name"),
        max_length=255,
        unique=True,
        help_text=_("As cases name it in their classification, e.g. 'PyHarbour 2027'."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    code_of_conduct = models.ForeignKey(
        "wagtail_coc.CodeOfConductPage",
        verbose_name=_("Code of Conduct"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Whose published response times apply to the event's cases. Empty: the first "
            "Code of Conduct of the case's site."
        ),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "name"]
        # Team membership grants access (permissions.TeamToolPolicy), not model permissions.
        default_permissions = ()

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            previous = (
                Event.objects.filter(pk=self.pk).values_list("name", flat=True).first()
                if self.pk
                else None
            )
            super().save(*args, **kwargs)
            if previous is not None and previous != self.name:
                Case.objects.filter(event=previous).update(event=self.name)
                CaseStatistics.objects.filter(event=previous).update(event=self.name)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot come before the first.")})

    def is_on(self, moment) -> bool:
        """Whether ``moment`` falls on one of the event's days, in the site's time zone."""
        return self.starts_on <= timezone.localdate(moment) <= self.ends_on
