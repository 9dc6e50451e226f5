"""Wagtail's ``publish_scheduled``, keeping reports with sensitive data unpublished.

Wagtail's command stops at the first error, so one report refused by the publish guard
would hold back every other scheduled page on every run. This command runs first over the
revisions that are due, cancels the schedule of those with undismissed findings (logging
where and what kind, never the text), then hands over to Wagtail's command. It replaces
Wagtail's because ``wagtail_coc`` comes before ``wagtail`` in ``INSTALLED_APPS``; if it does
not, the guard in the model still refuses to publish, but the run stops there.
"""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from wagtail_coc.transparency.scan.findings import scan_revision, summarise

logger = logging.getLogger(__name__)

KEPT_UNPUBLISHED = gettext_noop(
    "Kept unpublished: sensitive data found in page id=%(page)s revision id=%(revision)s "
    "(%(findings)s)"
)


class Command(WagtailCommand):
    def handle(self, *args, **options):
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).select_related(
            "content_type"
        )
        for revision in due:
            model = revision.content_type.model_class()
            if not getattr(model, "scanned_before_publishing", False):
                continue
            findings = scan_revision(revision)
            if not findings:
                continue
            where = {
                "page": revision.object_id,
                "revision": revision.pk,
                "findings": summarise(findings),
            }
            if options["dryrun"]:
                self.stdout.write(
                    _(
                        "Would keep unpublished, sensitive data found: page id=%(page)s "
                        "revision id=%(revision)s (%(findings)s)"
                    )
                    % where
                )
                continue
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            # The log stays in English for whoever reads the server logs; the console does not.
            logger.warning(KEPT_UNPUBLISHED, where)
            self.stderr.write(_(KEPT_UNPUBLISHED) % where)
        super().handle(*args, **options)
