"""Imports a Code of Conduct (and its companion documents) from Markdown or HTML files.

    python manage.py coc_import coc.md reporting.md procedures.html --parent /events/ --publish

The first file becomes the Code of Conduct page, the others its companion pages (reporting
guide, response procedures). It prints how each heading was mapped and the checklist result.
Everything is created in one transaction: on any error, nothing is.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from wagtail_coc.audit import audit_page
from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.importing import STARTER_SET, ImportFailed, build_pages, read_files

KIND_LABELS = {
    "expected_behaviour": gettext_lazy("Expected behaviour"),
    "unacceptable_behaviour": gettext_lazy("Unacceptable behaviour"),
    "consequences": gettext_lazy("Consequences"),
    "scope": gettext_lazy("Scope"),
    "reporting": gettext_lazy("How to report"),
    "procedure": gettext_lazy("What happens after a report"),
    "conflict_of_interest": gettext_lazy("Conflict of interest"),
    "emergency": gettext_lazy(
        "Other section (emergency text: choose emergency information on the page)"
    ),
    "licence": gettext_lazy("Licence and attribution"),
    "what_to_include": gettext_lazy("How to report: what to include in a report"),
    "confidentiality": gettext_lazy("How to report: confidentiality"),
    "section": gettext_lazy("Other section"),
}


def find_parent(url_path: str):
    """The page at ``url_path`` as visitors see it ("/", "/events/2027/"), on any site."""
    path = "/" + url_path.strip("/") + "/" if url_path.strip("/") else "/"
    for site in Site.objects.select_related("root_page").order_by("-is_default_site"):
        root = site.root_page
        wanted = root.url_path if path == "/" else root.url_path + path.lstrip("/")
        page = Page.objects.filter(url_path=wanted).first()
        if page is not None:
            return page.specific
    page = Page.objects.filter(url_path=path).first()
    if page is None:
        raise ImportFailed(
            _("No page at %(path)s: give --parent as the parent page's URL path.")
            % {"path": url_path}
        )
    return page.specific


class Command(BaseCommand):
    help = (
        "Imports a Code of Conduct from Markdown or HTML files: the first file is the Code of "
        "Conduct, the others its companion pages. Prints how each heading was mapped and the "
        "checklist result."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Markdown (.md) or HTML (.html) files.")
        parser.add_argument(
            "--starter-set",
            action="store_true",
            help="Start from wagtail-coc's starter set: a Code of Conduct, a reporting guide "
            "and enforcement procedures, with placeholders the checklist flags until replaced.",
        )
        parser.add_argument("--parent", required=True, help="URL path of the parent page.")
        parser.add_argument("--publish", action="store_true", help="Publish the pages.")

    def handle(self, *args, **options):
        try:
            if options["starter_set"] == bool(options["files"]):
                raise ImportFailed(_("Give the files to import, or --starter-set."))
            files = read_files(options["files"] or STARTER_SET)
            with transaction.atomic():
                parent = find_parent(options["parent"])
                imported = build_pages(files, parent, publish=options["publish"])
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for item in imported:
            page = item.page
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    f"{item.name} → {page._meta.verbose_name} “{page.title}” "
                    f"({page.url_path}, id {page.pk}, "
                    f"{_('published') if page.live else _('draft')})"
                )
            )
            if item.document.intro_html:
                self.stdout.write("  " + _("(text before the first heading) → Introduction"))
            for heading, kind in item.mapping:
                self.stdout.write(f"  {heading} → {KIND_LABELS[kind]}")
        coc = imported[0].page
        companions = [item.page for item in imported[1:]]
        report = audit_page(coc, companions=companions)
        self.stdout.write(self.style.MIGRATE_HEADING(_("Checklist")))
        for result in report.results:
            line = f"  [{result.status_label}] {result.title}"
            if result.fix:
                line += f": {result.fix}"
            self.stdout.write(line)
