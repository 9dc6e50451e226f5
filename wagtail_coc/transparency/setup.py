"""One-step set-up of a site: the CoC team and CoC reviewers groups, the review workflow, and
on every transparency report index the workflow and the groups' page permissions.

Safe to run again: it only adds what is missing and never removes anything an administrator
granted on top.
"""

from dataclasses import dataclass

from django.db import transaction

from wagtail_coc.transparency.models import TransparencyReportIndexPage
from wagtail_coc.transparency.workflows import (
    attach_review_workflow,
    ensure_coc_groups,
    ensure_review_workflow,
    grant_report_index_permissions,
)


@dataclass(frozen=True)
class SetupResult:
    team_group: str
    reviewers_group: str
    workflow: str
    indexes: int
    workflows_attached: int
    permissions_added: int


@transaction.atomic
def set_up_site() -> SetupResult:
    team, reviewers = ensure_coc_groups()
    workflow = ensure_review_workflow()
    indexes = list(TransparencyReportIndexPage.objects.all())
    # Permissions first: attaching grants them too, and they would not be counted.
    added = sum(grant_report_index_permissions(index) for index in indexes)
    attached = sum(attach_review_workflow(index) for index in indexes)
    return SetupResult(team.name, reviewers.name, workflow.name, len(indexes), attached, added)
