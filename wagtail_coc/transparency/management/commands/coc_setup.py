"""Set up wagtail-coc in one step: groups, permissions and the review workflow."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wagtail_coc.transparency.setup import set_up_site


class Command(BaseCommand):
    help = (
        "Create the CoC team and CoC reviewers groups with the permissions the review "
        "workflow needs, create the transparency report review workflow, and attach it to "
        "every transparency report index. Safe to run again."
    )

    def handle(self, *args, **options):
        result = set_up_site()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Groups “%(team)s” and “%(reviewers)s” and workflow “%(workflow)s” are "
                    "ready. Report indexes: %(indexes)d; workflows attached: %(attached)d; "
                    "page permissions added: %(added)d."
                )
                % {
                    "team": result.team_group,
                    "reviewers": result.reviewers_group,
                    "workflow": result.workflow,
                    "indexes": result.indexes,
                    "attached": result.workflows_attached,
                    "added": result.permissions_added,
                }
            )
        )
