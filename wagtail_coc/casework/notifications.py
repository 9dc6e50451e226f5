"""Telling the team about a case: the members on duty, by code name only, never a member
recused from it.

``notify_on_duty(case, reason)`` is the one entry point, whatever the reason (a new case, an
overdue deadline, a retention period running out). It writes to the members on duty
(``rota.on_duty()``) who may see the case. When nobody on duty may see it (no shift covers the
moment, or every member on duty is recused), it writes to every team member who may see it
instead: a report must never wait unseen for a rota that has a gap.

A notification holds the case's code name, why it is sent, whether the reporter says someone
is in danger, and the admin link; never the reporter's words, a name or a contact. A failure to
send is logged without any detail of the case and never loses the case.
"""

import logging

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from wagtail.admin.utils import get_admin_base_url

from wagtail_coc.casework.notifiers import get_notifiers
from wagtail_coc.casework.permissions import members_who_may_see
from wagtail_coc.casework.rota import OnDutyShift, on_duty, upcoming_unreminded_shifts

logger = logging.getLogger(__name__)
CASE_URL_NAME = "coc_cases:edit"
ROTA_URL_NAME = "coc_rota:index"


class Reason(models.TextChoices):
    NEW_CASE = "new_case", gettext_lazy("New case")
    DEADLINE_OVERDUE = "deadline_overdue", gettext_lazy("Deadline overdue")
    RETENTION_EXPIRING = "retention_expiring", gettext_lazy("Retention expiring")
    REPORTER_ADDED = "reporter_added", gettext_lazy("The reporter added information")


def recipients(case, at=None) -> tuple[list, bool]:
    """Who is told about ``case`` at ``at`` (default: now), and whether they are the members
    on duty (True) or, for want of any on duty who may see it, the whole team (False)."""
    allowed = set(members_who_may_see(case).values_list("pk", flat=True))
    # dict.fromkeys: a member on two shifts at once is told once.
    on_call = list(dict.fromkeys(m for m in on_duty(at) if m.pk in allowed))
    if on_call:
        return on_call, True
    return list(members_who_may_see(case)), False


def _message(case, reason, from_rota, details) -> tuple[str, str]:
    names = {"case": case.code_name}
    if reason == Reason.NEW_CASE:
        subject = _("New Code of Conduct report: %(case)s") % names
        first = _("A new report arrived: %(case)s.") % names
    elif reason == Reason.DEADLINE_OVERDUE:
        subject = _("Overdue Code of Conduct case: %(case)s") % names
        first = _("A response to %(case)s is overdue.") % names
    elif reason == Reason.REPORTER_ADDED:
        subject = _("The reporter wrote again: %(case)s") % names
        first = _("The reporter of %(case)s added information or replied.") % names
    else:
        subject = _("Code of Conduct case to be purged: %(case)s") % names
        first = _("The retention period of %(case)s ends soon; the case will then be purged.") % (
            names
        )
    lines = [first, *details]
    if case.ongoing_or_danger:
        lines.append(_("The reporter says it is ongoing or someone is in danger."))
    if from_rota:
        lines.append(_("You are told because you are on duty."))
    else:
        lines.append(_("Nobody on duty may see this case, so the whole team is told."))
    url = (get_admin_base_url() or "") + reverse(CASE_URL_NAME, args=[case.pk])
    lines += ["", _("Read it in the admin: %(url)s") % {"url": url}]
    return subject, "\n".join(lines)


def notify_on_duty(case, reason, at=None, details=()) -> int:
    """Tell the members on duty at ``at`` (default: now) who may see ``case`` why it needs
    them (a ``Reason``, with ``details`` lines that name no one), through every notifier;
    returns how many members were told."""
    reason = Reason(reason)
    members, from_rota = recipients(case, at)
    if not members:
        logger.warning("No team member who may see a case could be told (%s)", reason.value)
        return 0
    with override(settings.LANGUAGE_CODE):
        subject, text = _message(case, reason, from_rota, [str(line) for line in details])
    return len(members) if _send(members, subject, text) else 0


def notify_purge_soon(case, day) -> bool:
    """Tell the members on duty who may see ``case`` that it will be purged on ``day``. False
    only when no notifier could send: the purge then waits for a warning that went out."""
    if not members_who_may_see(case).exists():
        logger.warning("A case is due for purging and no team member may see it")
        return True
    with override(settings.LANGUAGE_CODE):
        details = [
            _("It will be purged on %(day)s.") % {"day": date_format(day, "DATE_FORMAT")},
            _("A team lead can keep it longer, with a reason, on its page."),
        ]
    return notify_on_duty(case, Reason.RETENTION_EXPIRING, details=details) > 0


def _send(members, subject, text) -> bool:
    """Send through every notifier; True if at least one succeeded."""
    told = False
    for notifier in get_notifiers():
        try:
            notifier.send(members, subject, text)
            told = True
        except Exception:
            # Without the exception: its message may hold addresses or the text.
            logger.warning("%s could not send a notification", type(notifier).__name__)
    return told


def remind_upcoming_shifts(now=None) -> int:
    """Remind each member of a shift that starts within a day, once; returns how many were
    reminded. A reminder that no notifier could send is tried again next time."""
    now = now or timezone.now()
    reminded = 0
    for shift in upcoming_unreminded_shifts(now):
        # Claimed first, so two runs at once remind a member once.
        claimed = OnDutyShift.objects.filter(pk=shift.pk, reminded_at__isnull=True)
        if not claimed.update(reminded_at=now):
            continue
        with override(settings.LANGUAGE_CODE):
            subject, text = _reminder(shift)
        if _send([shift.member], subject, text):
            reminded += 1
        else:
            OnDutyShift.objects.filter(pk=shift.pk).update(reminded_at=None)
    return reminded


def _reminder(shift) -> tuple[str, str]:
    times = {
        "role": shift.get_role_display().lower(),
        "starts": date_format(timezone.localtime(shift.starts), "DATETIME_FORMAT"),
        "ends": date_format(timezone.localtime(shift.ends), "DATETIME_FORMAT"),
    }
    subject = _("You are on duty from %(starts)s") % times
    text = (
        _(
            "You are the %(role)s on duty for the Code of Conduct team from %(starts)s to "
            "%(ends)s: new cases will be sent to you."
        )
        % times
    )
    url = (get_admin_base_url() or "") + reverse(ROTA_URL_NAME)
    return subject, "\n".join([text, "", _("The rota: %(url)s") % {"url": url}])
