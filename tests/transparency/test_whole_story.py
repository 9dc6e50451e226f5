"""The whole story, then the whole database: no protected name, email or phone is left.

A dirty draft and its preview, comments and replies (one from before the register grew), a
refused copy,
cleaning, publishing through the review workflow, a copy of the clean report. Then every row
of every table (raw SQL, every column) and the database file itself (the SQLite file, or a
``pg_dump`` on PostgreSQL) are searched for what the register protects and the reporter's
contact details, and so are the emails sent and the server log.
"""

import logging

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Comment, Site, WorkflowState
from wagtail.test.utils.form_data import inline_formset, rich_text

from tests.factories import build_team
from tests.transparency.factories import build_transparency_index
from tests.transparency.helpers import (
    CLEAN_SUMMARY,
    cells_holding,
    comment,
    edit_url,
    form_data,
    login,
    make_user,
    refresh,
    workflow_action_url,
)
from tests.transparency.test_database_file import database_bytes
from wagtail_coc.models import CoCSettings
from wagtail_coc.transparency.models import ProtectedName, TransparencyReportPage

NAME = "Zyxwa Quellington"
HANDLE = "@zq_hacks"
LATE_NAME = "Ottilie Brandqvist"  # registered only after a reviewer wrote it in a comment
EMAIL = "zyxwa.q@privatemail.example"
PHONE = "+1 415 555 0143"
PLAIN_MARKER = "Harbour transparency marker 7Q"

SECRETS = [NAME, "Quellington", HANDLE, LATE_NAME, "Brandqvist", EMAIL, "415 555 0143"]


def admin_user(username, *groups):
    user = make_user(username, *groups)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_the_whole_story_the_database_holds_no_protected_name_email_or_phone(
    client, tmp_path, caplog, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    caplog.set_level(logging.DEBUG)
    site = Site.objects.get(is_default_site=True)
    CoCSettings.objects.update_or_create(site=site, defaults={"default_team": build_team()})
    for value in (NAME, HANDLE):
        ProtectedName.objects.create(site=site, value=value, note=f"about {value}")
    index = build_transparency_index(site.root_page)
    editor = admin_user("editor", "Editors", "CoC team")
    reviewer = admin_user("reviewer", "Moderators", "CoC reviewers")

    # 1. A dirty draft, created in the admin.
    dirty = (
        f"{NAME} ({HANDLE}) made repeated unwelcome comments; the reporter (mail {EMAIL}, "
        f"phone {PHONE}) asked for help."
    )
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_coc_transparency", "transparencyreportpage", index.pk),
    )
    # Every text field the issue-16 report added holds the name too: introduction and
    # closing, a space's description, a statistic's outcome detail, a summary's title and an
    # outcome's detail. The inline rows stay until the editor cleans them in step 4.
    first = form_data(
        dirty,
        scope="period",
        introduction=rich_text(f"<p>Our year, {dirty}</p>"),
        closing=rich_text(f"<p>Thanks to {NAME}.</p>"),
        spaces=[{"id": "", "kind": "online", "name": "Forum", "description": f"run by {NAME}"}],
        statistics=[
            {
                "id": "",
                "category": "other",
                "outcome": "handled_by_others",
                "detail": f"handled by {NAME}",
                "space": "Forum",
                "count": "1",
            }
        ],
    )
    first["reports-0-value-title"] = f"What {NAME} did"
    first["reports-0-value-outcomes-0-value-detail"] = f"{HANDLE} apologised"
    response = login(client, editor).post(add_url, first)
    assert response.status_code == 302
    page = TransparencyReportPage.objects.get(slug="report-2027")

    # 2. Comments and replies: one naming the person is refused; one from before the register
    # knew a second name goes through.
    login(client, reviewer)
    response = client.post(
        edit_url(page),
        form_data(dirty, comments=inline_formset([comment(f"Take {NAME} out.")])),
    )
    assert response.status_code == 200
    response = client.post(
        edit_url(page),
        form_data(
            dirty,
            comments=inline_formset(
                [comment(f"{LATE_NAME} asked to stay anonymous.", [f"{LATE_NAME} again."])]
            ),
        ),
    )
    assert response.status_code == 302
    ProtectedName.objects.create(site=site, value=LATE_NAME)

    # The editor previews the dirty draft: Wagtail keeps the form data for the preview.
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert login(client, editor).post(preview_url, form_data(dirty)).json()["is_valid"]

    # 3. Submitting sends it back; copying it is refused.
    login(client, editor).post(edit_url(page), form_data(dirty, action="action-submit"))
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    with pytest.raises(ValidationError):
        refresh(page).copy(update_attrs={"slug": "copy", "title": "Copy"})
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {"new_title": "Copy", "new_slug": "copy", "new_parent_page": index.pk},
    )
    assert not TransparencyReportPage.objects.filter(slug="copy").exists()

    # 4. Cleaning, keeping the comment thread, and publishing through the workflow.
    existing = Comment.objects.get()
    kept = comment(existing.text)
    kept.update(id=str(existing.pk), replies=inline_formset([], initial=0))
    space, statistic = page.spaces.get(), page.statistics.get()
    clean_form = form_data(
        f"{CLEAN_SUMMARY} {PLAIN_MARKER}",
        comments=inline_formset([kept], initial=1),
        action="action-submit",
        spaces=[{"id": str(space.pk), "kind": "online", "name": "Forum", "description": ""}],
        statistics=[
            {
                "id": str(statistic.pk),
                "category": "other",
                "outcome": "handled_by_others",
                "detail": "local organisers",
                "space": "Forum",
                "count": "1",
            }
        ],
    )
    clean_form.update({"spaces-INITIAL_FORMS": "1", "statistics-INITIAL_FORMS": "1"})
    response = client.post(edit_url(page), clean_form)
    assert response.status_code == 302
    state = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).get()
    response = login(client, reviewer).post(
        workflow_action_url(page, "approve", state.current_task_state)
    )
    assert response.status_code == 302
    page = refresh(page)
    assert page.live
    assert PLAIN_MARKER in client.get(page.url).content.decode()

    # 5. The clean report can now be copied.
    copy = page.copy(update_attrs={"slug": "copy", "title": "Copy"})
    assert copy.pk

    # Every row of every table, then the file.
    assert cells_holding(*SECRETS) == []
    contents = database_bytes(tmp_path)
    assert PLAIN_MARKER.encode() in contents
    lowered = contents.lower()
    for secret in SECRETS:
        assert secret.casefold().encode() not in lowered, secret
        assert secret.encode("utf-16-le") not in contents, secret
    sent = " ".join(f"{message.subject} {message.body}" for message in mail.outbox)
    for secret in SECRETS:
        assert secret.casefold() not in sent.casefold(), secret
        assert secret.casefold() not in caplog.text.casefold(), secret
