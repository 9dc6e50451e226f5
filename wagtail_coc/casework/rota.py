"""The on-duty rota: which team member is on call when, as a primary and a secondary.

The Django Code of Conduct working group keeps a weekly rota of a primary and a secondary
member; a new case goes to them first (``notifications.py``). A shift runs from its start up
to, not including, its end, so at a handover at 09:00 exactly one primary is on duty.

Two shifts of the same role may not overlap, nor two shifts of one member: a second primary
would only blur who answers, and a member cannot back themselves up.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail_coc.casework.permissions import team_members

# How long before a shift starts its member is reminded of it (``remind_upcoming_shifts``).
REMINDER_AHEAD = timedelta(days=1)


class OnDutyShift(models.Model):
    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PRIMARY)
    starts = models.DateTimeField(_("starts"), db_index=True)
    ends = models.DateTimeField(_("ends"), db_index=True)
    # Set once the member was reminded of the shift, so a reminder is sent once.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("on-duty shift")
        verbose_name_plural = _("on-duty rota")
        ordering = ["starts", "role", "pk"]
        # Team membership grants access (permissions.py); model permissions grant nothing.
        default_permissions = ()

    def __str__(self):
        return gettext("%(member)s, %(role)s, from %(starts)s") % {
            "member": member_name(self.member),
            "role": self.get_role_display().lower(),
            "starts": date_format(timezone.localtime(self.starts), "DATETIME_FORMAT"),
        }

    def member_display(self):
        return member_name(self.member)

    def clean(self):
        errors = {}
        if self.starts and self.ends and self.ends <= self.starts:
            errors["ends"] = _("A shift must end after it starts.")
        if self.member_id and not team_members().filter(pk=self.member_id).exists():
            errors["member"] = _(
                "Only an active member of the Code of Conduct team can be on duty."
            )
        if not errors and self.starts and self.ends:
            overlapping = OnDutyShift.objects.filter(
                starts__lt=self.ends, ends__gt=self.starts
            ).exclude(pk=self.pk)
            if overlapping.filter(role=self.role).exists():
                errors["starts"] = _(
                    "Another %(role)s shift overlaps this one: give each time one %(role)s."
                ) % {"role": self.get_role_display().lower()}
            elif self.member_id and overlapping.filter(member_id=self.member_id).exists():
                errors["member"] = _(
                    "This member already has a shift at that time: the primary and the "
                    "secondary must be two people."
                )
        if errors:
            raise ValidationError(errors)


def member_name(user) -> str:
    return user.get_full_name() or user.get_username()


def shifts_at(at=None):
    """The shifts running at ``at`` (default: now), primary first, of active team members
    only: someone who left the team is no longer told about cases."""
    at = at or timezone.now()
    return (
        OnDutyShift.objects.filter(starts__lte=at, ends__gt=at, member__in=team_members())
        .select_related("member")
        # "primary" sorts before "secondary".
        .order_by("role", "starts", "pk")
    )


def on_duty(at=None) -> list:
    """The team members on duty at ``at`` (default: now), the primary first."""
    return [shift.member for shift in shifts_at(at)]


def upcoming_unreminded_shifts(now=None):
    """Shifts starting within ``REMINDER_AHEAD`` whose member was not reminded yet."""
    now = now or timezone.now()
    return (
        OnDutyShift.objects.filter(
            reminded_at__isnull=True,
            starts__gt=now,
            starts__lte=now + REMINDER_AHEAD,
            member__in=team_members(),
        )
        .select_related("member")
        .order_by("starts", "pk")
    )
