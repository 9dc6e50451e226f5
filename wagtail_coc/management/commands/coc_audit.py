"""Prints the best-practice checklist for every CoC set; fails on missing items.

A CoC set is a Code of Conduct page with its companion pages (reporting guide, response
procedures); the checklist reads the set as one document.

Exit status 1 when a required item is missing, so the command can gate a deployment or CI.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail_coc.audit import audit_page
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.models.companions import COMPANION_MODELS


class Command(BaseCommand):
    help = (
        "Checks every Code of Conduct set (a Code of Conduct page and its companion pages) "
        "against the best-practice guide as one document, using each page's latest revision "
        "(drafts included). Exits with status 1 when a required item is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="Print the checklists as a JSON list."
        )

    def handle(self, *args, **options):
        audits = []
        for page in CodeOfConductPage.objects.order_by("path"):
            # Drafts count: an editor fixing an item should see it pass before publishing.
            companions = [
                companion.get_latest_revision_as_object()
                for model in COMPANION_MODELS
                for companion in model.objects.child_of(page)
            ]
            companions.sort(key=lambda companion: companion.path)
            page.coc_companions = companions
            audits.append(
                (page, audit_page(page.get_latest_revision_as_object(), companions=companions))
            )

        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [self._as_dict(*audit) for audit in audits], indent=2, ensure_ascii=False
                )
            )
        else:
            self._print_human(audits)

        for _page, report in audits:
            for result in report.missing:
                self.stderr.write(
                    _("%(page)s: missing %(item)s (%(key)s)")
                    % {"page": report.page_title, "item": result.title, "key": result.key}
                )
        failed_pages = sum(1 for _page, report in audits if not report.passed)
        if failed_pages:
            raise CommandError(
                ngettext(
                    "%(count)d Code of Conduct page is missing required items.",
                    "%(count)d Code of Conduct pages are missing required items.",
                    failed_pages,
                )
                % {"count": failed_pages},
                returncode=1,
            )

    @staticmethod
    def _audited_version(page):
        return "latest_draft" if page.has_unpublished_changes else "live"

    def _as_dict(self, page, report):
        return {
            "url": page.get_url() or page.url_path,
            "audited_version": self._audited_version(page),
            "set": [
                {
                    "page_id": companion.pk,
                    "title": companion.title,
                    "type": companion._meta.model_name,
                    "url": companion.get_url() or companion.url_path,
                    "audited_version": self._audited_version(companion),
                }
                for companion in page.coc_companions
            ],
            **report.as_dict(),
        }

    def _print_human(self, audits):
        if not audits:
            self.stdout.write(_("There are no Code of Conduct pages."))
        for page, report in audits:
            version = (
                _("latest draft")
                if self._audited_version(page) == "latest_draft"
                else _("published version")
            )
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    _("%(title)s (id %(id)s, %(url)s), %(version)s")
                    % {
                        "title": report.page_title,
                        "id": page.pk,
                        "url": page.get_url() or page.url_path,
                        "version": version,
                    }
                )
            )
            for companion in page.coc_companions:
                self.stdout.write(
                    "  + "
                    + _("%(title)s (id %(id)s, %(url)s), %(type)s")
                    % {
                        "title": companion.title,
                        "id": companion.pk,
                        "url": companion.get_url() or companion.url_path,
                        "type": companion._meta.verbose_name,
                    }
                )
            for result in report.results:
                style = {
                    "met": self.style.SUCCESS,
                    "missing": self.style.ERROR,
                    "warning": self.style.WARNING,
                }[result.status]
                line = f"  {style(f'[{result.status_label}]')} {result.title}"
                if result.fix:
                    line += f": {result.fix}"
                self.stdout.write(line)
