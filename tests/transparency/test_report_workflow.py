"""Publishing workflow for transparency reports: the scan task, the review task, every
publishing path refused while sensitive data remains, dismissals, and leak checks."""

import datetime
import logging

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from tests.transparency.helpers import (
    CLEAN_SUMMARY,
    DIRTY_SUMMARY,
    NAME,
    SURNAME,
    all_log_text,
    assert_no_name,
    draft_report,
    edit_url,
    findings_url,
    form_data,
    login,
    make_user,
    place,
    refresh,
    report_blocks,
    workflow_action_url,
)
from wagtail_coc.base_page import BasePage
from wagtail_coc.transparency.models import (
    CoCReviewTask,
    FindingDismissal,
    ProtectedName,
    SensitiveDataScanTask,
    TransparencyReportPage,
)
from wagtail_coc.transparency.scan.findings import SensitiveDataFound, scan_object, scan_revision
from wagtail_coc.transparency.workflows import WORKFLOW_NAME

# --- scanning --------------------------------------------------------------------------

PAGE_META = BasePage._meta


def test_scan_locates_every_field_and_block_by_place_and_kind(index_page):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title=f"Photo of {NAME}", file=get_test_image_file())
    document = get_document_model().objects.create(
        title=f"Notes by {NAME}", file=ContentFile(b"notes", name="notes.txt")
    )
    page, _revision = draft_report(
        index_page,
        CLEAN_SUMMARY,
        DIRTY_SUMMARY,
        seo_title=f"About {SURNAME}",
        search_description="Call 415-555-0188 for details.",
        enforcement=f'<p>See <a linktype="document" id="{document.pk}">the notes</a>.</p>',
        takeaways=f'<p>Thanks.</p><embed embedtype="image" id="{image.pk}" format="left" alt="x"/>',
    )
    findings = scan_object(page)
    places = {(found.label, found.kind) for found in findings}
    assert places == {
        ("Title tag", "name"),
        ("Meta description", "phone"),
        (place("Report summaries", "Report summary 2", "Anonymised summary"), "name"),
        (place("Takeaways", "Image title"), "name"),
        (place("How the Code of Conduct was enforced", "Document title"), "name"),
    }
    for found in findings:
        assert_no_name(found.describe(), found.excerpt, repr(found))
        assert "▇▇▇" in found.excerpt


def test_scan_allows_the_teams_public_contacts(index_page, team):
    page, revision = draft_report(
        index_page,
        f"Reports went to {team.shared_email} and the hotline {team.hotline}.",
    )
    assert scan_revision(revision) == []
    page.reports = report_blocks("Write to someone.private@gmail.com")
    assert [found.kind for found in scan_object(page)] == ["email"]


def test_title_with_a_protected_name_is_refused_even_for_a_draft(index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    page.title = f"What happened with {NAME}"
    with pytest.raises(ValidationError) as raised:
        page.save_revision()
    assert "title" in raised.value.message_dict
    assert_no_name(raised.value.messages)


# --- every publishing path --------------------------------------------------------------


def test_revision_publish_from_code_is_refused_with_a_clear_message(index_page, caplog):
    page, revision = draft_report(index_page, CLEAN_SUMMARY, DIRTY_SUMMARY)
    with caplog.at_level(logging.DEBUG), pytest.raises(SensitiveDataFound) as raised:
        revision.publish()
    message = raised.value.messages[0]
    assert (
        place("Report summaries", "Report summary 2", "Anonymised summary") + ": protected name"
        in message
    )
    assert_no_name(message, caplog.text)
    assert not refresh(page).live


def test_clean_revision_publishes_from_code(index_page):
    page, revision = draft_report(index_page, CLEAN_SUMMARY)
    revision.publish()
    assert refresh(page).live


def test_editor_publish_button_shows_an_error_and_does_not_publish(client, publisher, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    response = login(client, publisher).post(
        edit_url(page), form_data(DIRTY_SUMMARY, action="action-publish")
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "Not published: sensitive data was found" in errors[0]
    assert place("Report summary 1", "Anonymised summary") + ": protected name" in errors[0]
    assert_no_name(errors[0])
    assert not refresh(page).live


def test_editor_can_still_save_a_draft_with_findings(client, publisher, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    response = login(client, publisher).post(edit_url(page), form_data(DIRTY_SUMMARY))
    assert response.status_code == 302
    assert scan_revision(refresh(page).get_latest_revision())


def test_creating_and_publishing_a_report_with_findings_is_refused(client, publisher, index_page):
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_coc_transparency", "transparencyreportpage", index_page.pk),
    )
    response = login(client, publisher).post(
        add_url, form_data(DIRTY_SUMMARY, action="action-publish")
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not TransparencyReportPage.objects.live().exists()


def test_workflow_scan_requests_changes_then_review_publishes(
    client, editor, reviewer, index_page, caplog
):
    caplog.set_level(logging.DEBUG)
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    assert page.get_workflow().name == WORKFLOW_NAME

    login(client, editor).post(edit_url(page), form_data(DIRTY_SUMMARY, action="action-submit"))
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(status=TaskState.STATUS_REJECTED)
    assert place(
        "Report summaries", "Report summary 1", "Anonymised summary"
    ) + ": protected name" in (rejected.comment)

    # The editor fixes it and resubmits: the scan passes, the reviewers take over.
    client.post(edit_url(page), form_data(CLEAN_SUMMARY, action="action-submit"))
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.name == "Code of Conduct review"
    assert not refresh(page).live

    login(client, reviewer)
    response = client.post(workflow_action_url(page, "approve", state.current_task_state))
    assert response.status_code == 302
    page = refresh(page)
    assert page.live
    public = client.get(page.url).content.decode()
    assert CLEAN_SUMMARY in public
    assert_no_name(public)
    # Nothing written along the way carries the name: Wagtail did notify people.
    assert mail.outbox
    assert_no_name(
        caplog.text,
        *all_log_text(),
        *TaskState.objects.values_list("comment", flat=True),
        *[f"{message.subject} {message.body}" for message in mail.outbox],
    )


def test_reviewer_approval_of_a_revision_with_findings_is_refused(
    client, editor, reviewer, index_page
):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    login(client, editor).post(edit_url(page), form_data(CLEAN_SUMMARY, action="action-submit"))
    # Edited during review, after the scan passed: approval must scan what gets published.
    login(client, reviewer).post(edit_url(page), form_data(DIRTY_SUMMARY))
    task_state = WorkflowState.objects.get().current_task_state
    response = client.post(workflow_action_url(page, "approve", task_state))
    assert response.status_code == 302
    assert response.url == findings_url(page) + "?refused=approval"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not refresh(page).live
    shown = client.get(response.url)
    assert "Approval refused" in shown.content.decode()
    assert_no_name(shown.content.decode())

    # Approving from the editor shows a form error instead.
    response = client.post(
        edit_url(page),
        form_data(
            DIRTY_SUMMARY,
            action="action-workflow-action",
            **{"workflow-action-name": "approve"},
        ),
    )
    assert response.status_code == 200
    assert "Not published" in response.context["form"].non_field_errors()[0]
    assert not refresh(page).live


def test_publish_scheduled_keeps_reports_with_findings_unpublished(index_page, caplog):
    def schedule(slug, summary):
        page, _revision = draft_report(index_page, summary, slug=slug)
        page.go_live_at = timezone.now() + datetime.timedelta(days=1)
        revision = page.save_revision()
        revision.publish()
        past = timezone.now() - datetime.timedelta(minutes=5)
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
        return page, revision

    dirty, dirty_revision = schedule("dirty", DIRTY_SUMMARY)
    clean, _clean_revision = schedule("clean", CLEAN_SUMMARY)
    with caplog.at_level(logging.INFO):
        call_command("publish_scheduled")
    assert refresh(clean).live
    assert not refresh(dirty).live
    dirty_revision.refresh_from_db()
    assert dirty_revision.approved_go_live_at is None
    assert "Kept unpublished: sensitive data found" in caplog.text
    assert f"page id={dirty.pk}" in caplog.text
    assert_no_name(caplog.text)


def test_reverting_to_an_old_revision_with_findings_and_publishing_is_refused(
    client, publisher, index_page
):
    page, old_revision = draft_report(index_page, DIRTY_SUMMARY)
    page.reports = report_blocks(CLEAN_SUMMARY)
    page.save_revision().publish()
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old_revision.pk])
    response = login(client, publisher).post(
        revert_url, form_data(DIRTY_SUMMARY, action="action-publish")
    )
    assert response.status_code == 200
    assert "Not published" in response.context["form"].non_field_errors()[0]
    assert CLEAN_SUMMARY in client.get(refresh(page).url).content.decode()

    # The same from code.
    reverted = old_revision.as_object().save_revision(previous_revision=old_revision)
    with pytest.raises(SensitiveDataFound):
        reverted.publish()
    live = refresh(page).live_revision.as_object()
    assert live.reports[0].value["summary"] == CLEAN_SUMMARY


def test_copying_a_report_whose_live_content_gained_a_protected_name_is_refused(index_page, site):
    page, revision = draft_report(index_page, f"{CLEAN_SUMMARY} Bea Lanternfish helped.")
    revision.publish()
    # The register grows after publication: the live content now holds a protected name.
    ProtectedName.objects.create(site=site, value="Bea Lanternfish")
    with pytest.raises(ValidationError):
        refresh(page).copy(update_attrs={"slug": "report-copy"}, keep_live=True)
    assert not TransparencyReportPage.objects.filter(slug="report-copy").exists()
    assert refresh(page).live


def test_admin_copy_of_a_report_with_findings_is_refused(client, publisher, index_page, site):
    page, revision = draft_report(index_page, f"{CLEAN_SUMMARY} Bea Lanternfish helped.")
    revision.publish()
    ProtectedName.objects.create(site=site, value="Bea Lanternfish")
    response = login(client, publisher).post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": "Transparency report 2027 (copy)",
            "new_slug": "report-copy",
            "new_parent_page": index_page.pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(message.startswith("Not copied") for message in messages)
    assert not TransparencyReportPage.objects.filter(slug="report-copy").exists()


def test_copy_kept_live_stays_live_when_clean(index_page):
    page, revision = draft_report(index_page, CLEAN_SUMMARY)
    revision.publish()
    copy = refresh(refresh(page).copy(update_attrs={"slug": "report-copy"}, keep_live=True))
    assert copy.live


def test_live_report_can_still_be_unpublished_after_the_register_grows(index_page, site):
    page, revision = draft_report(index_page, f"{CLEAN_SUMMARY} Bea Lanternfish helped.")
    revision.publish()
    ProtectedName.objects.create(site=site, value="Bea Lanternfish")
    refresh(page).unpublish()
    assert not refresh(page).live


def test_bulk_publish_refuses_and_publishes_nothing(client, publisher, index_page):
    dirty, _revision = draft_report(index_page, DIRTY_SUMMARY, slug="dirty")
    clean, _revision = draft_report(index_page, CLEAN_SUMMARY, slug="clean")
    url = reverse(
        "wagtail_bulk_action", args=(PAGE_META.app_label, PAGE_META.model_name, "publish")
    )
    response = login(client, publisher).post(f"{url}?id={dirty.pk}&id={clean.pk}", {})
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("'Transparency report 2027' was not published" in m for m in messages)
    assert "No pages were published." in messages
    assert_no_name(*messages)
    assert not refresh(dirty).live
    assert not refresh(clean).live


def test_bulk_publish_of_clean_reports_works(client, publisher, index_page):
    clean, _revision = draft_report(index_page, CLEAN_SUMMARY)
    url = reverse(
        "wagtail_bulk_action", args=(PAGE_META.app_label, PAGE_META.model_name, "publish")
    )
    login(client, publisher).post(f"{url}?id={clean.pk}", {})
    assert refresh(clean).live


def test_review_comments_may_not_contain_a_protected_name(client, editor, reviewer, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    login(client, editor).post(edit_url(page), form_data(CLEAN_SUMMARY, action="action-submit"))
    task_state = WorkflowState.objects.get().current_task_state
    url = workflow_action_url(page, "reject", task_state)
    response = login(client, reviewer).post(
        url, {"comment": f"Ask {NAME} first."}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert "A comment holds sensitive data" in response.json()["html"]
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    client.post(url, {"comment": "Please shorten the summary."})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED


def test_reviewers_get_a_findings_button_on_reports(client, editor, reviewer, index_page):
    page, _revision = draft_report(index_page, DIRTY_SUMMARY)
    explorer = reverse("wagtailadmin_explore", args=[page.pk])
    assert findings_url(page) in login(client, reviewer).get(explorer).content.decode()
    assert findings_url(page) not in login(client, editor).get(explorer).content.decode()


# --- dismissals -------------------------------------------------------------------------


def dismiss(client, page, revision, fingerprint, reason="The name of a public venue."):
    return client.post(
        findings_url(page),
        {"revision": revision.pk, "fingerprint": fingerprint, "reason": reason},
    )


def test_dismissal_covers_only_that_match_in_that_revision(client, reviewer, index_page):
    page, revision = draft_report(index_page, DIRTY_SUMMARY)
    [found] = scan_revision(revision)
    response = dismiss(login(client, reviewer), page, revision, found.fingerprint)
    assert response.status_code == 302

    dismissal = FindingDismissal.objects.get()
    assert dismissal.revision == revision
    assert dismissal.dismissed_by == reviewer
    assert dismissal.reason == "The name of a public venue."
    assert dismissal.dismissed_at is not None
    assert dismissal.location == place("Report summaries", "Report summary 1", "Anonymised summary")
    assert_no_name(dismissal.fingerprint, dismissal.location)

    listing = client.get(findings_url(page)).content.decode()
    assert "Dismissed by reviewer" in listing
    assert_no_name(listing)
    history = PageLogEntry.objects.get(action="wagtail_coc.dismiss_finding")
    assert history.user == reviewer
    assert history.revision == revision
    assert "as a false positive: The name of a public venue." in history.message
    assert_no_name(history.message, history.data)

    # The same name elsewhere, in a new revision: scanned afresh and refused.
    page = refresh(page)
    page.reports = report_blocks(DIRTY_SUMMARY, DIRTY_SUMMARY)
    newer = page.save_revision()
    assert len(scan_revision(newer)) == 2
    with pytest.raises(SensitiveDataFound):
        newer.publish()

    # The dismissed revision itself may be published.
    revision.publish()
    assert refresh(page).live


def test_dismissing_one_of_two_matches_leaves_the_other(client, reviewer, index_page):
    page, revision = draft_report(index_page, f"{DIRTY_SUMMARY} Later {NAME} left.")
    first, second = scan_revision(revision)
    dismiss(login(client, reviewer), page, revision, first.fingerprint)
    assert scan_revision(revision) == [second]
    with pytest.raises(SensitiveDataFound):
        revision.publish()


def test_dismissal_reason_may_not_contain_the_name(client, reviewer, index_page):
    page, revision = draft_report(index_page, DIRTY_SUMMARY)
    [found] = scan_revision(revision)
    response = dismiss(
        login(client, reviewer), page, revision, found.fingerprint, reason=f"{NAME} is fine"
    )
    assert response.status_code == 200
    assert "The reason contains a protected name" in response.content.decode()
    assert not FindingDismissal.objects.exists()


def test_dismissing_a_finding_of_an_older_revision_is_refused(client, reviewer, index_page):
    page, revision = draft_report(index_page, DIRTY_SUMMARY)
    [found] = scan_revision(revision)
    page.save_revision()
    response = dismiss(login(client, reviewer), page, revision, found.fingerprint)
    assert response.status_code == 302
    assert not FindingDismissal.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_reviewers_see_findings_or_dismiss(client, editor, publisher, index_page, method):
    page, revision = draft_report(index_page, DIRTY_SUMMARY)
    [found] = scan_revision(revision)
    data = {"revision": revision.pk, "fingerprint": found.fingerprint, "reason": "Fine."}
    response = getattr(client, method)(findings_url(page), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    for user in (editor, publisher, make_user("admin", is_superuser=True, is_staff=True)):
        response = getattr(login(client, user), method)(findings_url(page), data)
        # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert not FindingDismissal.objects.exists()


def test_reviewer_sees_findings_masked(client, reviewer, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY, DIRTY_SUMMARY)
    response = login(client, reviewer).get(findings_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert place("Report summaries", "Report summary 2", "Anonymised summary") in html
    assert "▇▇▇ made repeated unwelcome comments" in html
    assert_no_name(html)


# --- setup ------------------------------------------------------------------------------


def test_new_report_indexes_get_the_review_workflow(index_page):
    workflow = WorkflowPage.objects.get(page=index_page).workflow
    assert workflow.name == WORKFLOW_NAME
    tasks = [task.specific for task in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [type(task).__name__ for task in tasks] == ["SensitiveDataScanTask", "CoCReviewTask"]
    assert list(tasks[1].groups.values_list("name", flat=True)) == ["CoC reviewers"]


def test_setup_command_attaches_the_workflow_and_is_idempotent(index_page):
    WorkflowPage.objects.all().delete()
    call_command("coc_setup_workflow")
    call_command("coc_setup_workflow")
    assert WorkflowPage.objects.get(page=index_page).workflow.name == WORKFLOW_NAME
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert SensitiveDataScanTask.objects.count() == 1
    assert CoCReviewTask.objects.count() == 1


def test_reports_under_another_workflow_still_finish_with_a_scan(
    client, editor, reviewer, index_page
):
    # Wagtail's stock "Moderators approval" ends with a plain group approval, whose final
    # approval would meet the publish guard in the middle of the reviewer's request.
    moderators = Workflow.objects.get(name="Moderators approval")
    WorkflowPage.objects.filter(page=index_page).update(workflow=moderators)
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    assert page.get_workflow().name == WORKFLOW_NAME

    login(client, editor).post(edit_url(page), form_data(DIRTY_SUMMARY, action="action-submit"))
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not refresh(page).live


def test_a_workflow_ending_with_a_coc_task_is_kept(index_page):
    workflow = Workflow.objects.create(name="Scan only")
    WorkflowTask.objects.create(
        workflow=workflow, task=SensitiveDataScanTask.objects.create(name="Scan"), sort_order=0
    )
    WorkflowPage.objects.filter(page=index_page).update(workflow=workflow)
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    assert page.get_workflow() == workflow
