"""What a live page of the app shows but does not store: the pages, images and documents it
links to. When one of them changes, the live pages of the app linking to it are checked again.

A report stores an internal link as an id (``<a linktype="page" id="N">``); the public page
shows the linked page's URL and title as they are *now*. The scan checked them when the report
was published, but the linked page is edited by people outside the team: renamed, moved, or
reverted to a revision whose slug is a speaker's name. Refusing that change would tell its
editor that the slug is in the register (an oracle), so the report is checked instead:

* on ``page_published`` of any page outside the app, on ``post_page_move``, and when an image
  or a document is saved, every live page of the app whose content refers to the changed
  object's id is scanned again, as published (its live revision's dismissals apply);
* a page that now holds a finding is unpublished at once (logged as an unpublication without a
  user) and the team is told by email, with the page's id only: a page of the app never shows
  what no publish checked. The team fixes the link (or the linked page) and publishes again.
"""

import json
import logging
import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.admin.mail import send_mail

from wagtail_coc.conf import team_group_name
from wagtail_coc.transparency.scan.findings import summarise, undismissed_findings

logger = logging.getLogger(__name__)


def _refers_to(page, ids) -> bool:
    data = json.dumps(page.serializable_data(), cls=DjangoJSONEncoder)
    return any(re.search(rf'id=\\*"{pk}\\*"', data) for pk in ids)


def recheck_pages_linking_to(ids, page_types) -> list:
    """Unpublish the live pages of ``page_types`` that refer to any of ``ids`` and now hold a
    finding; returns them."""
    ids = [str(pk) for pk in ids]
    taken_down = []
    for page_type in page_types:
        for page in page_type.objects.live().specific():
            if not _refers_to(page, ids):
                continue
            findings = undismissed_findings(page, revision=page.live_revision)
            if not findings:
                continue
            logger.warning(
                "Unpublished page id=%s: what it links to now shows sensitive data (%s)",
                page.pk,
                summarise(findings),
            )
            page.unpublish(user=None)
            taken_down.append(page)
    if taken_down:
        notify_team_of_takedown(taken_down)
    return taken_down


def notify_team_of_takedown(pages) -> int:
    team = Group.objects.filter(name=team_group_name()).first()
    recipients = (
        [user.email for user in team.user_set.filter(is_active=True) if user.email]
        if team is not None
        else []
    )
    if not recipients:
        logger.warning("A page of the transparency app was unpublished; no team member to tell")
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = _("A transparency report was unpublished")
        body = _(
            "A page, image or document that a published page of the transparency app links to "
            "changed, and the page now shows sensitive data. It was unpublished: page ids "
            "%(ids)s. Open its sensitive data findings, fix the link or the linked page, and "
            "publish it again."
        ) % {"ids": ", ".join(str(page.pk) for page in pages)}
    send_mail(subject, body, recipients)
    return len(recipients)
