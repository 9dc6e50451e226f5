"""Telling the team a report arrived, or that a case is due for purging: by code name only,
and never a member recused from it.

The email holds the case's code name, whether the reporter says someone is in danger, and the
admin link; never the reporter's words, a name or a contact. A failure to send never loses the
report: it is logged (without any detail of the case) and the reporter still gets their code.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.admin.mail import send_mail
from wagtail.admin.utils import get_admin_base_url

from wagtail_coc.casework.permissions import team_members

logger = logging.getLogger(__name__)


def recipients(case) -> list[str]:
    members = team_members().exclude(pk__in=case.recusals.values("user"))
    return [member.email for member in members if member.email]


def notify_new_case(case, case_url_name="coc_cases:edit") -> int:
    """Email the members who may see ``case``; returns how many were written to."""
    to = recipients(case)
    if not to:
        logger.warning("A new case arrived and no team member who may see it has an email")
        return 0
    url = (get_admin_base_url() or "") + reverse(case_url_name, args=[case.pk])
    with override(settings.LANGUAGE_CODE):
        subject = _("New Code of Conduct report: %(case)s") % {"case": case.code_name}
        lines = [_("A new report arrived: %(case)s.") % {"case": case.code_name}]
        if case.ongoing_or_danger:
            lines.append(_("The reporter says it is ongoing or someone is in danger."))
        lines += ["", _("Read it in the admin: %(url)s") % {"url": url}]
    try:
        send_mail(subject, "\n".join(lines), to)
    except Exception:
        logger.warning("Could not email the team about a new case", exc_info=False)
        return 0
    return len(to)


def notify_purge_soon(case, day, case_url_name="coc_cases:edit") -> bool:
    """Tell the members who may see ``case`` that it will be purged on ``day``, by code name
    only. False when the email could not be sent."""
    to = recipients(case)
    if not to:
        logger.warning("A case is due for purging and no team member who may see it has an email")
        return True
    url = (get_admin_base_url() or "") + reverse(case_url_name, args=[case.pk])
    with override(settings.LANGUAGE_CODE):
        values = {"case": case.code_name, "day": date_format(day, "DATE_FORMAT")}
        subject = _("%(case)s will be purged on %(day)s") % values
        lines = [
            _("The retention of %(case)s ends: it will be purged on %(day)s.") % values,
            _("A team lead can keep it longer, with a reason, on its page: %(url)s") % {"url": url},
        ]
    try:
        send_mail(subject, "\n".join(lines), to)
    except Exception:
        logger.warning("Could not email the team about a case due for purging", exc_info=False)
        return False
    return True
