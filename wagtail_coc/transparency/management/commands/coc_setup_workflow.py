"""Create the transparency report review workflow and attach it to every report index."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from wagtail_coc.transparency.models import TransparencyReportIndexPage
from wagtail_coc.transparency.workflows import (
    WORKFLOW_NAME,
    attach_review_workflow,
    ensure_review_workflow,
)


class Command(BaseCommand):
    help = (
        f"Create the '{WORKFLOW_NAME}' workflow (sensitive data scan, then review by the CoC "
        "reviewers group) and attach it to transparency report indexes that have no workflow."
    )

    def handle(self, *args, **options):
        ensure_review_workflow()
        attached = sum(
            attach_review_workflow(index) for index in TransparencyReportIndexPage.objects.all()
        )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Workflow “%(name)s” is ready; attached to %(count)d report index.",
                    "Workflow “%(name)s” is ready; attached to %(count)d report indexes.",
                    attached,
                )
                % {"name": WORKFLOW_NAME, "count": attached}
            )
        )
