"""Each way a protected name could survive a cleaned and published report, as the attack.

Page comments, internal links, the search index, contact details in masked history, the
report index page, copies, and the register as an oracle for people outside the team.
"""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from wagtail.models import Comment, CommentReply, PageLogEntry, Site, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, rich_text

from tests.transparency.helpers import (
    CLEAN_SUMMARY,
    DIRTY_SUMMARY,
    NAME,
    assert_no_name,
    cells_holding,
    comment,
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
from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.transparency.models import ProtectedName, TransparencyReportIndexPage
from wagtail_coc.transparency.scan.findings import SensitiveDataFound, scan_object

EMAIL = "jordan.q@privatemail.example"
PHONE = "+1 415 555 0143"


# --- 1. page comments ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "comments",
    [
        [comment(f"Take {NAME} out of the summary.")],
        [comment("Please check the summary.", replies=[f"Done, {NAME} is gone."])],
        [comment(f"Write to {EMAIL} for the details.")],
    ],
    ids=["comment", "reply", "email"],
)
def test_reviewer_comment_naming_the_person_is_refused_and_nothing_is_stored(
    client, reviewer, editor, index_page, comments
):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    # The editor follows the page, so Wagtail would email them every new comment.
    login(client, editor).post(edit_url(page), form_data(CLEAN_SUMMARY))
    mail.outbox.clear()
    response = login(client, reviewer).post(
        edit_url(page), form_data(CLEAN_SUMMARY, comments=inline_formset(comments))
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "A comment holds sensitive data" in errors[0]
    assert not Comment.objects.exists()
    assert not CommentReply.objects.exists()
    stored = [
        *page.revisions.values_list("content", flat=True),
        *PageLogEntry.objects.values_list("data", flat=True),
        *[f"{message.subject} {message.body}" for message in mail.outbox],
    ]
    assert_no_name(*stored)
    assert EMAIL not in str(stored)


def test_a_clean_comment_is_still_saved(client, reviewer, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    response = login(client, reviewer).post(
        edit_url(page),
        form_data(CLEAN_SUMMARY, comments=inline_formset([comment("Shorten the summary.")])),
    )
    assert response.status_code == 302
    assert Comment.objects.get().text == "Shorten the summary."


def test_comment_naming_the_person_written_by_code_is_refused(index_page, reviewer):
    page, revision = draft_report(index_page, CLEAN_SUMMARY)
    with pytest.raises(ValidationError):
        Comment.objects.create(
            page=page,
            user=reviewer,
            text=f"Ask {NAME}.",
            contentpath="title",
            revision_created=revision,
        )
    clean = Comment.objects.create(
        page=page,
        user=reviewer,
        text="Ask the team.",
        contentpath="title",
        revision_created=revision,
    )
    with pytest.raises(ValidationError):
        CommentReply.objects.create(comment=clean, user=reviewer, text=f"{NAME} agrees.")


def test_comments_written_before_the_register_grew_are_masked_on_a_clean_publish(
    client, reviewer, site, index_page
):
    # The name was not registered yet, so the comment went through everywhere.
    late_name = "Bea Lanternfish"
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    response = login(client, reviewer).post(
        edit_url(page),
        form_data(
            CLEAN_SUMMARY,
            comments=inline_formset(
                [comment(f"{late_name} asked to be left out.", [f"{late_name} agreed."])]
            ),
        ),
    )
    assert response.status_code == 302
    stored_comment = Comment.objects.get()
    assert late_name in str(refresh(page).get_latest_revision().content)
    assert late_name in str(list(PageLogEntry.objects.values_list("data", flat=True)))

    ProtectedName.objects.create(site=site, value=late_name)
    refresh(page).get_latest_revision().publish()

    page = refresh(page)
    stored_comment.refresh_from_db()
    texts = [
        stored_comment.text,
        *CommentReply.objects.values_list("text", flat=True),
        *[str(content) for content in page.revisions.values_list("content", flat=True)],
        str(page.live_revision.content["wagtail_admin_comments"]),
        *[f"{e.label} {e.data}" for e in PageLogEntry.objects.filter(page=page)],
        login(client, reviewer)
        .get(reverse("wagtailadmin_pages:history", args=[page.pk]))
        .content.decode(),
        client.get(reverse("wagtailadmin_reports:site_history")).content.decode(),
    ]
    assert "▇▇▇ asked to be left out." == stored_comment.text
    for text in texts:
        assert late_name not in text


# --- 2. internal links --------------------------------------------------------------------


def test_link_to_a_page_whose_slug_is_the_name_is_found(index_page, root_page):
    talk = Page(title="A lightning talk", slug="jordan-quillfeather-lightning-talk")
    root_page.add_child(instance=talk)
    page, revision = draft_report(
        index_page,
        CLEAN_SUMMARY,
        takeaways=f'<p>See <a linktype="page" id="{talk.pk}">the talk</a>.</p>',
    )
    found = scan_object(page)
    assert [(f.label, f.kind) for f in found] == [(place("Takeaways", "Linked page"), "name")]
    with pytest.raises(SensitiveDataFound):
        revision.publish()


def test_link_to_a_page_whose_title_is_the_name_is_found(index_page, root_page):
    talk = Page(title=f"{NAME}: writing tests", slug="talk-42")
    root_page.add_child(instance=talk)
    page, _revision = draft_report(
        index_page, CLEAN_SUMMARY, promotion=f'<p><a linktype="page" id="{talk.pk}">Talk</a></p>'
    )
    assert [f.kind for f in scan_object(page)] == ["name"]


def test_document_whose_file_name_is_the_name_is_found(index_page):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Notes", file=ContentFile(b"notes", name="jordan_quillfeather.txt")
    )
    page, _revision = draft_report(
        index_page,
        CLEAN_SUMMARY,
        takeaways=f'<p><a linktype="document" id="{document.pk}">Notes</a></p>',
    )
    assert [f.kind for f in scan_object(page)] == ["name"]


def test_what_only_the_rendered_page_shows_is_found(index_page, site):
    # The index lists its reports' titles; one title became a protected name later.
    _page, revision = draft_report(index_page, CLEAN_SUMMARY, title="Report Bea Lanternfish 2027")
    revision.publish()
    ProtectedName.objects.create(site=site, value="Bea Lanternfish")
    index = refresh_index(index_page)
    found = scan_object(index)
    assert [(f.label, f.kind) for f in found] == [("The page as published", "name")]
    assert "Bea" not in found[0].excerpt
    with pytest.raises(SensitiveDataFound):
        index.save_revision().publish()


# --- 3. search index ----------------------------------------------------------------------


def test_a_draft_with_names_cannot_be_found_by_searching_for_them(index_page):
    from wagtail.search.models import IndexEntry

    draft_report(index_page, DIRTY_SUMMARY, takeaways=f"<p>Thanks {NAME}</p>")
    from wagtail_coc.transparency.models import TransparencyReportPage

    assert list(TransparencyReportPage.objects.search("Quillfeather")) == []
    assert list(Page.objects.search("Quillfeather")) == []
    assert_no_name(*[f"{e.title} {e.body} {e.autocomplete}" for e in IndexEntry.objects.all()])


# --- 4. contact details in masked history -------------------------------------------------


def test_email_and_phone_in_an_earlier_revision_are_masked_in_revision_and_compare_views(
    client, reviewer, index_page
):
    page, dirty = draft_report(index_page, f"The reporter ({EMAIL}, {PHONE}) wrote in.")
    page = refresh(page)
    page.reports = report_blocks(CLEAN_SUMMARY)
    clean = page.save_revision()
    clean.publish()
    login(client, reviewer)
    views = [
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, dirty.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, dirty.pk, clean.pk]),
    ]
    for url in views:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert EMAIL not in html and "415 555 0143" not in html, url
    dirty.refresh_from_db()
    assert EMAIL not in str(dirty.content) and PHONE not in str(dirty.content)


# --- 5. the report index page -------------------------------------------------------------


def test_index_intro_naming_the_person_is_not_published(index_page):
    index = TransparencyReportIndexPage.objects.get(pk=index_page.pk)
    index.intro = f"<p>Thanks to {NAME}.</p>"
    with pytest.raises(SensitiveDataFound):
        index.save_revision().publish()
    assert NAME not in refresh_index(index_page).intro


def test_index_title_naming_the_person_is_refused_even_for_a_draft(index_page):
    index = TransparencyReportIndexPage.objects.get(pk=index_page.pk)
    index.title = f"Reports about {NAME}"
    with pytest.raises(ValidationError):
        index.save_revision()


def test_index_publish_button_shows_an_error(client, publisher, index_page):
    response = login(client, publisher).post(
        edit_url(index_page),
        {
            "title": "Transparency reports",
            "slug": "transparency",
            "intro": rich_text(f"<p>Write to {EMAIL}</p>"),
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 200
    assert "Not published" in response.context["form"].non_field_errors()[0]


def refresh_index(index_page):
    return TransparencyReportIndexPage.objects.get(pk=index_page.pk)


# --- 6. copies ----------------------------------------------------------------------------


def test_copying_a_draft_with_names_is_refused(index_page):
    page, _revision = draft_report(index_page, DIRTY_SUMMARY)
    with pytest.raises(ValidationError):
        refresh(page).copy(update_attrs={"slug": "copy", "title": "Copy"})
    with pytest.raises(ValidationError):
        refresh(page).create_alias(update_slug="alias")


def test_copying_a_draft_whose_history_holds_names_is_refused(index_page):
    page, _revision = draft_report(index_page, DIRTY_SUMMARY)
    page = refresh(page)
    page.reports = report_blocks(CLEAN_SUMMARY)
    page.save_revision()
    with pytest.raises(ValidationError):
        refresh(page).copy(update_attrs={"slug": "copy", "title": "Copy"})


def test_copying_the_index_with_a_dirty_report_below_is_refused(
    client, publisher, index_page, root_page
):
    draft_report(index_page, DIRTY_SUMMARY)
    with pytest.raises(ValidationError):
        refresh_index(index_page).copy(recursive=True, update_attrs={"slug": "copy"})
    response = login(client, publisher).post(
        reverse("wagtailadmin_pages:copy", args=[index_page.pk]),
        {
            "new_title": "Copy",
            "new_slug": "copy",
            "new_parent_page": root_page.pk,
            "copy_subpages": "on",
        },
    )
    assert response.status_code == 302
    assert not Page.objects.filter(slug="copy").exists()


def test_copy_of_a_clean_published_report_carries_no_names_and_no_revisions(index_page):
    page, _dirty = draft_report(index_page, DIRTY_SUMMARY)
    page = refresh(page)
    page.reports = report_blocks(CLEAN_SUMMARY)
    page.save_revision().publish()
    copy = refresh(page).copy(update_attrs={"slug": "copy", "title": "Copy"})
    assert copy.revisions.count() == 1
    assert_no_name(
        *copy.revisions.values_list("content", flat=True), refresh(copy).reports.raw_data
    )


# --- 7. the register as an oracle ---------------------------------------------------------


@pytest.fixture
def outsider(index_page):
    """An editor with full page permissions, outside the CoC team and the reviewers."""
    return make_user("outsider", "Editors", "Moderators")


def test_editor_outside_the_team_cannot_try_names_in_a_report(client, outsider, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    login(client, outsider)
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_coc_transparency", "transparencyreportpage", index_page.pk),
    )
    for url in (edit_url(page), add_url, edit_url(index_page)):
        for response in (
            client.get(url),
            client.post(url, form_data(CLEAN_SUMMARY, title=f"Report about {NAME}")),
        ):
            assert response.status_code == 302, url
            assert response.url == reverse("wagtailadmin_home"), url
    assert page.get_latest_revision() == refresh(page).get_latest_revision()


def test_superuser_outside_the_team_cannot_edit_reports(client, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    admin = make_user("root", is_superuser=True, is_staff=True)
    response = login(client, admin).get(edit_url(page))
    assert response.status_code == 302
    admin.groups.add(Group.objects.get_or_create(name="CoC team")[0])
    admin = type(admin).objects.get(pk=admin.pk)
    assert login(client, admin).get(edit_url(page)).status_code == 200


def test_outsider_bulk_publish_learns_nothing(client, outsider, index_page):
    dirty, _revision = draft_report(index_page, DIRTY_SUMMARY, slug="dirty")
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = login(client, outsider).post(f"{url}?id={dirty.pk}", {}, follow=True)
    assert "sensitive data" not in response.content.decode()
    assert not refresh(dirty).live


# --- smaller findings ---------------------------------------------------------------------


def test_findings_view_of_a_page_that_is_not_a_report_is_not_found(client, reviewer, root_page):
    assert login(client, reviewer).get(findings_url(root_page)).status_code == 404


def test_superuser_outside_the_team_cannot_act_on_a_review(client, editor, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    login(client, editor).post(edit_url(page), form_data(CLEAN_SUMMARY, action="action-submit"))
    task_state = WorkflowState.objects.get().current_task_state
    admin = make_user("root", is_superuser=True, is_staff=True)
    url = workflow_action_url(page, "reject", task_state)
    response = login(client, admin).post(url, {"comment": f"Ask {NAME} first."})
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_name_once_indexed_leaves_the_search_index_files_after_a_clean_publish(tmp_path):
    from tests.transparency.factories import build_transparency_index
    from tests.transparency.test_database_file import database_bytes

    site = Site.objects.get(is_default_site=True)
    # Indexed while the name was not registered yet (or before this release).
    page, revision = draft_report(
        build_transparency_index(site.root_page), CLEAN_SUMMARY, title="Report Lanternfishqq"
    )
    revision.publish()
    ProtectedName.objects.create(site=site, value="Lanternfishqq")
    page = refresh(page)
    page.title = "Transparency report 2027"
    page.save_revision().publish()

    assert cells_holding("Lanternfishqq") == []
    assert b"lanternfishqq" not in database_bytes(tmp_path).lower()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT block FROM wagtailsearch_indexentry_fts_data")
            assert not any(b"anternfishqq" in bytes(row[0] or b"") for row in cursor.fetchall())


# --- settings -----------------------------------------------------------------------------


def test_phone_regions_setting_reaches_the_scanner(site, settings):
    from wagtail_coc.transparency.scan.findings import build_scanner

    assert build_scanner(site).regions == ("US",)
    settings.WAGTAIL_COC_PHONE_REGIONS = ["DE", "IN"]
    assert build_scanner(site).regions == ("DE", "IN")


def test_an_unknown_phone_region_is_a_check_error(settings):
    from wagtail_coc.transparency.checks import phone_regions

    settings.WAGTAIL_COC_PHONE_REGIONS = ["US", "XX"]
    assert [error.id for error in phone_regions(None)] == ["wagtail_coc.E304"]
    settings.WAGTAIL_COC_PHONE_REGIONS = ["US", "FR"]
    assert phone_regions(None) == []


def test_review_comment_with_the_reporters_email_is_refused(client, editor, reviewer, index_page):
    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    login(client, editor).post(edit_url(page), form_data(CLEAN_SUMMARY, action="action-submit"))
    task_state = WorkflowState.objects.get().current_task_state
    mail.outbox.clear()
    login(client, reviewer).post(
        workflow_action_url(page, "reject", task_state), {"comment": f"Ask {EMAIL} first."}
    )
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert EMAIL not in str([message.body for message in mail.outbox])


def test_preview_data_of_a_dirty_draft_is_deleted_when_a_clean_version_is_live(
    client, editor, index_page
):
    from wagtail.admin.models import FormState

    page, _revision = draft_report(index_page, CLEAN_SUMMARY)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    login(client, editor).post(preview_url, form_data(DIRTY_SUMMARY))
    assert "Quillfeather" in FormState.objects.get().data
    refresh(page).get_latest_revision().publish()
    assert not FormState.objects.exists()
