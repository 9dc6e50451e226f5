"""The shipped review workflow: "Sensitive data scan", then "Code of Conduct review".

``ensure_review_workflow()`` creates (or completes) the reviewers group, both tasks and the
workflow; it is idempotent. Wagtail attaches workflows to pages through ``WorkflowPage`` and
children inherit them, so every new transparency report index gets the workflow (unless
``WAGTAIL_COC_ATTACH_REVIEW_WORKFLOW`` is False or the index already has one), and every
report under it is reviewed. ``manage.py coc_setup_workflow`` does the same for existing
indexes.
"""

import swapper
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from wagtail_coc import conf
from wagtail_coc.conf import reviewers_group_name, team_group_name
from wagtail_coc.transparency.review import CoCReviewTask, SensitiveDataScanTask

WORKFLOW_NAME = "Transparency report review"
SCAN_TASK_NAME = "Sensitive data scan"
REVIEW_TASK_NAME = "Code of Conduct review"


# What each group may do on a transparency report index and the reports under it, and nothing
# more: the team writes reports and submits them for review; reviewers approve, which
# publishes. Nobody but reviewers publishes, so every report goes through the workflow.
TEAM_PAGE_PERMISSIONS = ("add", "change")
REVIEWER_PAGE_PERMISSIONS = ("change", "publish")


def _admin_access():
    return Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()


def ensure_group(name: str) -> Group:
    """The group ``name`` with access to Wagtail's admin; created if missing."""
    group, _created = Group.objects.get_or_create(name=name)
    admin_access = _admin_access()
    if admin_access is not None:
        group.permissions.add(admin_access)
    return group


def ensure_coc_groups() -> tuple[Group, Group]:
    """The CoC team and CoC reviewers groups (names from settings), with admin access."""
    return ensure_group(team_group_name()), ensure_group(reviewers_group_name())


def page_permission(action: str) -> Permission:
    """Wagtail's ``action`` permission on pages, named after the project's base page model
    (``publish_page``, or ``publish_basepage`` when ``WAGTAIL_PAGE_MODEL`` is swapped)."""
    page_model = swapper.load_model("wagtailcore", "Page")
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(page_model),
        codename=get_permission_codename(action, page_model._meta),
    )


def grant_report_index_permissions(index) -> int:
    """Give the team and the reviewers their page permissions on ``index`` and the reports
    under it. Returns how many permissions were added (0 when all were there)."""
    team, reviewers = ensure_coc_groups()
    added = 0
    for group, actions in ((team, TEAM_PAGE_PERMISSIONS), (reviewers, REVIEWER_PAGE_PERMISSIONS)):
        for action in actions:
            _permission, created = GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=page_permission(action)
            )
            added += created
    return added


@transaction.atomic
def ensure_review_workflow() -> Workflow:
    reviewers = ensure_group(reviewers_group_name())
    scan_task = SensitiveDataScanTask.objects.filter(name=SCAN_TASK_NAME).first()
    if scan_task is None:
        scan_task = SensitiveDataScanTask.objects.create(name=SCAN_TASK_NAME)
    review_task = CoCReviewTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if review_task is None:
        review_task = CoCReviewTask.objects.create(name=REVIEW_TASK_NAME)
    review_task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    for order, task in enumerate((scan_task, review_task)):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    return workflow


def review_workflow() -> Workflow | None:
    """The shipped workflow, created on first use; None if an administrator disabled it."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first() or ensure_review_workflow()
    return workflow if workflow.active else None


def ends_with_rescan(workflow: Workflow) -> bool:
    """Whether the last task of ``workflow`` scans again before the page can go live."""
    last_task = workflow.tasks.filter(active=True).last()
    return last_task is not None and isinstance(
        last_task.specific, CoCReviewTask | SensitiveDataScanTask
    )


def attach_review_workflow(page) -> bool:
    """Attach the shipped workflow to ``page`` unless it already has one, and give the
    groups their page permissions there. True if attached."""
    if not conf.attach_review_workflow():
        return False
    if WorkflowPage.objects.filter(page=page).exists():
        return False
    WorkflowPage.objects.create(page=page, workflow=ensure_review_workflow())
    grant_report_index_permissions(page)
    return True
