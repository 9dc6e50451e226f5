"""How the review's findings were closed: what the team sees when a guard acts."""

from django.core import mail
from wagtail.models import PageLogEntry

from tests.transparency.helpers import (
    DIRTY_SUMMARY,
    SURNAME,
    draft_report,
    findings_url,
    login,
    make_user,
    refresh,
    report_linking_to_a_talk,
)
from wagtail_coc.transparency.models import FindingDismissal
from wagtail_coc.transparency.scan.findings import scan_revision


def test_a_report_whose_linked_page_now_shows_a_name_is_unpublished_and_the_team_told(
    index_page, root_page
):
    editor = make_user("member", "CoC team")
    page, talk = report_linking_to_a_talk(index_page, root_page, "lightning-talk-42")
    mail.outbox.clear()

    talk.refresh_from_db()
    talk.slug = f"{SURNAME.casefold()}-lightning-talk"
    talk.save_revision().publish()

    assert not refresh(page).live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish").exists()
    [message] = [m for m in mail.outbox if editor.email in m.to]
    assert SURNAME.casefold() not in (message.subject + message.body).casefold()
    assert str(page.pk) in message.body


def test_a_reporters_phone_in_a_dismissal_reason_is_never_stored(client, reviewer, index_page):
    page, revision = draft_report(index_page, DIRTY_SUMMARY)
    [found] = scan_revision(revision)
    response = login(client, reviewer).post(
        findings_url(page),
        {
            "revision": revision.pk,
            "fingerprint": found.fingerprint,
            "reason": "Confirmed by phone on +44 7700 900123 with the reporter.",
        },
    )
    assert response.status_code == 302
    [dismissal] = FindingDismissal.objects.all()
    assert "900123" not in dismissal.reason
    assert "with the reporter" in dismissal.reason
