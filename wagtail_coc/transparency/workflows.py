"""The shipped review workflow: "Sensitive data scan", then "Code of Conduct review".

``ensure_review_workflow()`` creates (or completes) the reviewers group, both tasks and the
workflow; it is idempotent. Wagtail attaches workflows to pages through ``WorkflowPage`` and
children inherit them, so every new transparency report index gets the workflow (unless
``WAGTAIL_COC_ATTACH_REVIEW_WORKFLOW`` is False or the index already has one), and every
report under it is reviewed. ``manage.py coc_setup_workflow`` does the same for existing
indexes.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from wagtail_coc import conf
from wagtail_coc.conf import reviewers_group_name
from wagtail_coc.transparency.review import CoCReviewTask, SensitiveDataScanTask

WORKFLOW_NAME = "Transparency report review"
SCAN_TASK_NAME = "Sensitive data scan"
REVIEW_TASK_NAME = "Code of Conduct review"


@transaction.atomic
def ensure_review_workflow() -> Workflow:
    reviewers, _created = Group.objects.get_or_create(name=reviewers_group_name())
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is not None:
        reviewers.permissions.add(admin_access)
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
    """Attach the shipped workflow to ``page`` unless it already has one. True if attached."""
    if not conf.attach_review_workflow():
        return False
    if WorkflowPage.objects.filter(page=page).exists():
        return False
    WorkflowPage.objects.create(page=page, workflow=ensure_review_workflow())
    return True
