"""Attacks from an independent security review (each test is the attack; failing = it works)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.log_actions import LogContext

from tests.transparency.helpers import (
    DIRTY_SUMMARY,
    NAME,
    cells_holding,
    draft_report,
    edit_url,
    login,
    make_user,
)
from wagtail_coc.transparency.models import ProtectedName, RegisterAccess

SECRET = "Ottilie Brandqvist"


@pytest.fixture
def team_group(db):
    return Group.objects.get_or_create(name="CoC team")[0]


@pytest.fixture
def member(team_group):
    user = make_user("member")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(team_group)
    RegisterAccess.objects.all().delete()
    mail.outbox.clear()
    return user


def test_reactivating_a_deactivated_team_member_to_read_the_register_is_never_silent(
    client, member, team_group, site
):
    """A superuser outside the team reactivates a former member's account (still in the
    team group, as deactivated accounts usually stay), sets its password and reads the
    register. Nothing is logged and nobody is told."""
    ProtectedName.objects.create(site=site, value=SECRET)
    former = make_user("former", "CoC team")
    former.user_permissions.add(Permission.objects.get(codename="access_admin"))
    former.is_active = False
    former.save()
    RegisterAccess.objects.all().delete()
    mail.outbox.clear()
    intruder = make_user("intruder", is_superuser=True)

    with LogContext(user=intruder):
        former.is_active = True
        former.set_password("taken-over")
        former.save()
    membership_changes = RegisterAccess.objects.exclude(
        action__in=[RegisterAccess.Action.LISTED, RegisterAccess.Action.OPENED]
    )
    response = login(client, former).get(reverse("coc_protected_names:index"))
    assert SECRET in response.content.decode()  # the register is read...
    assert membership_changes.exists(), "the team gained a member silently"
    assert mail.outbox, "the team was not told"


def test_superuser_joining_the_reviewers_group_reads_a_dirty_draft_silently(
    client, member, index_page
):
    """Reviewers open every report's editor. A superuser outside the team adds themselves
    to "CoC reviewers" (not logged, nobody told) and reads the names a team member typed
    into a draft the scan has sent back."""
    page, _revision = draft_report(index_page, DIRTY_SUMMARY)
    intruder = make_user("intruder2", is_superuser=True)
    RegisterAccess.objects.all().delete()
    mail.outbox.clear()
    with LogContext(user=intruder):
        intruder.groups.add(Group.objects.get_or_create(name="CoC reviewers")[0])
    response = login(client, intruder).get(edit_url(page))
    assert response.status_code == 200
    assert NAME in response.content.decode()  # the draft's names are on screen
    assert RegisterAccess.objects.exists() or mail.outbox, (
        "joining the reviewers group opened every draft without a trace"
    )


LATE_NAME = "Ottilie Brandqvist"


def _published_then_registered_then_cleaned(index_page, site, capture):
    """A report goes live naming someone the register does not know yet (its slug too);
    the team then registers the name, cleans title, slug and summary, and publishes."""
    from tests.transparency.helpers import CLEAN_SUMMARY, refresh, report_blocks

    page, revision = draft_report(
        index_page,
        f"{LATE_NAME} shouted at a volunteer.",
        slug="brandqvist-incident",
        title="The Brandqvist incident",
    )
    revision.publish()
    ProtectedName.objects.create(site=site, value=LATE_NAME)
    page = refresh(page)
    page.title = "Transparency report 2027"
    page.slug = "report-2027"
    page.reports = report_blocks(CLEAN_SUMMARY)
    with capture(execute=True):
        page.save_revision().publish()
    return refresh(page)


def test_redirect_from_a_slug_holding_a_name_survives_the_clean_publish(
    client, index_page, site, django_capture_on_commit_callbacks
):
    """wagtail.contrib.redirects keeps the old path of a renamed live page. Once the name is
    registered and a clean version published, history is masked but the redirect is not:
    editors outside the team read it in Settings > Redirects, and anyone can test a guessed
    slug (it answers 301 instead of 404)."""
    _published_then_registered_then_cleaned(index_page, site, django_capture_on_commit_callbacks)
    # Anyone: a guessed old slug answers 301 (a slug never used answers 404).
    assert client.get("/transparency/someone-else-incident/").status_code == 404
    assert client.get("/transparency/brandqvist-incident/").status_code == 404
    # A superuser outside the team (or anyone given the redirect permissions) reads it.
    outsider = make_user("outsider", is_superuser=True)
    listing = login(client, outsider).get(reverse("wagtailredirects:index"))
    assert listing.status_code == 200
    assert "brandqvist" not in listing.content.decode().casefold()
    assert cells_holding("Brandqvist") == []


def test_live_revision_keeps_the_old_url_path_holding_a_name(
    index_page, site, django_capture_on_commit_callbacks
):
    """The live revision is kept as it is (only its comments and draft title are masked),
    and its content holds ``url_path`` from before the rename: the old slug, with the name."""
    page = _published_then_registered_then_cleaned(
        index_page, site, django_capture_on_commit_callbacks
    )
    assert "brandqvist" not in str(page.live_revision.content).casefold()


REPORTER_PHONE = "+44 7700 900123"


def test_dismissal_reason_holding_the_reporters_phone_outlives_the_clean_publish(
    client, reviewer, index_page
):
    """A dismissal's reason is refused only when it holds a *name*; a reporter's phone
    number or email address in the reason is stored in the clear, and nothing masks
    ``FindingDismissal.reason`` when the clean version goes live. The README promises the
    whole database holds no reporter's email or phone after the workflow."""
    from tests.transparency.helpers import CLEAN_SUMMARY, findings_url, refresh, report_blocks
    from wagtail_coc.transparency.scan.findings import scan_revision

    page, revision = draft_report(index_page, DIRTY_SUMMARY)
    [found] = scan_revision(revision)
    response = login(client, reviewer).post(
        findings_url(page),
        {
            "revision": revision.pk,
            "fingerprint": found.fingerprint,
            "reason": f"Checked with the reporter on {REPORTER_PHONE}: they agree.",
        },
    )
    assert response.status_code == 302  # accepted
    page = refresh(page)
    page.reports = report_blocks(CLEAN_SUMMARY)
    page.save_revision().publish()
    assert refresh(page).live
    assert cells_holding("7700 900123") == []


def test_translating_an_ancestor_with_subpages_copies_reports_outside_the_team_and_never_500s(
    client, index_page, root_page
):
    """simple_translation's "Translate" with "include subpages", on a page an outsider may
    edit (the home page), walks the tree with *plain* ``Page`` instances: live reports and
    the index are copied through ``Page.copy``, past ``ScannedPageMixin.copy``'s refusal and
    past "only the team copies reports". A draft report below is copied through the
    specific class, whose refusal is an uncaught ``ValidationError``: a server error (and
    so an answer, to someone outside the team, to "does a draft below hold findings?")."""
    from wagtail.models import Locale

    from tests.transparency.helpers import CLEAN_SUMMARY

    french = Locale.objects.create(language_code="fr")
    _clean, clean_revision = draft_report(index_page, CLEAN_SUMMARY, slug="report-2026")
    clean_revision.publish()
    draft_report(index_page, DIRTY_SUMMARY)  # a team member's draft, sent back by the scan
    intruder = make_user("translator", is_superuser=True)
    client.raise_request_exception = False

    response = login(client, intruder).post(
        reverse("simple_translation:submit_page_translation", args=[root_page.pk]),
        {"locales": [french.pk], "include_subtree": "on"},
    )
    assert response.status_code != 500


def test_outsider_translating_the_home_page_with_subpages_copies_the_reports(
    client, index_page, root_page
):
    """Same walk, no draft below: a superuser outside the team (or any editor with
    ``submit_translation``) gets copies of the index and of every live report, which
    ``ReportPermissionTester.can_copy`` and ``ScannedPageMixin.copy`` are meant to stop."""
    from wagtail.models import Locale

    from tests.transparency.helpers import CLEAN_SUMMARY
    from wagtail_coc.transparency.models import TransparencyReportPage

    french = Locale.objects.create(language_code="fr")
    _clean, clean_revision = draft_report(index_page, CLEAN_SUMMARY, slug="report-2026")
    clean_revision.publish()
    intruder = make_user("translator", is_superuser=True)

    response = login(client, intruder).post(
        reverse("simple_translation:submit_page_translation", args=[root_page.pk]),
        {"locales": [french.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    # Nobody outside the team copies a report, in any language.
    assert not TransparencyReportPage.objects.filter(locale=french).exists()


def test_outsider_copying_an_ancestor_with_subpages_copies_reports_with_their_revisions(
    client, index_page, root_page
):
    """The admin's copy of an ancestor with "copy subpages" copies children through
    ``CopyPageAction._copy_page``, not ``ScannedPageMixin.copy``: reports are copied by
    someone outside the team, with every revision (``copy_revisions=False`` is skipped)."""
    from home.models import HomePage
    from wagtail.models import Revision

    from tests.transparency.helpers import CLEAN_SUMMARY
    from wagtail_coc.transparency.models import TransparencyReportPage

    events = HomePage(title="Events", slug="events")
    root_page.add_child(instance=events)
    events.save_revision().publish()
    index_page.move(events, "last-child")
    report, revision = draft_report(index_page, CLEAN_SUMMARY, slug="report-2026")
    revision.publish()
    intruder = make_user("copier", is_superuser=True)
    response = login(client, intruder).post(
        reverse("wagtailadmin_pages:copy", args=[events.pk]),
        {
            "new_title": "Events copy",
            "new_slug": "events-copy",
            "new_parent_page": root_page.pk,
            "copy_subpages": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    copies = TransparencyReportPage.objects.exclude(pk=report.pk)
    copied_revisions = Revision.page_revisions.filter(
        object_id__in=[str(pk) for pk in copies.values_list("pk", flat=True)]
    )
    assert not copied_revisions.exists(), "copies never carry the page's revisions"
    assert not copies.exists(), "only the team copies reports"


def test_outsider_previewing_a_new_report_index_learns_whether_a_name_is_registered(
    client, index_page, root_page
):
    """``before_create_page`` keeps outsiders out of the create view, but not out of its
    preview (``preview_on_add``), which validates the form, model ``clean()`` included: the
    title check answers ``is_valid`` false for a registered name and true for any other.
    An editor outside the team can try names against the register one by one."""
    from wagtail.test.utils.form_data import rich_text

    from tests.admin_form_data import nested_form_data

    outsider = make_user("outsider", "Editors")
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("wagtail_coc_transparency", "transparencyreportindexpage", root_page.pk),
    )
    login(client, outsider)

    def is_valid(title):
        data = nested_form_data({"title": title, "slug": "guess", "intro": rich_text("")})
        response = client.post(url, data)
        if response.status_code != 200:
            return response.status_code, None
        return response.status_code, response.json().get("is_valid")

    registered = is_valid(f"Reports about {NAME}")
    unregistered = is_valid("Reports about Someone Else")
    assert registered == unregistered, (registered, unregistered)


def test_deleting_a_dirty_draft_leaves_its_preview_data(
    client, index_page, editor, django_capture_on_commit_callbacks
):
    """The team previews a draft that names someone, then deletes the report rather than
    cleaning it. Wagtail's preview form data (``FormState``, no foreign key to the page) is
    only forgotten on a clean publish, which will never come: the names stay in the
    database until someone, somewhere, previews something a day later."""
    from tests.transparency.helpers import SURNAME, form_data

    page, _revision = draft_report(index_page, DIRTY_SUMMARY)
    login(client, editor)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(preview, form_data(DIRTY_SUMMARY)).json()["is_valid"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert cells_holding(SURNAME) == []


def test_reverting_a_linked_talk_page_puts_the_name_back_on_the_published_report(
    client, index_page, root_page
):
    """The scan sends the report back because the talk it links to has the speaker's name
    in its slug; the programme editor renames the talk, the report is published clean.
    Later the programme editor (outside the team) reverts the talk to its earlier revision,
    and the published report, rendered at request time, links to the name again: a page of
    the app shows a finding that no publish ever checked."""
    from home.models import HomePage

    from tests.transparency.helpers import CLEAN_SUMMARY, SURNAME

    talk = HomePage(title="A lightning talk", slug="jordan-quillfeather-lightning-talk")
    root_page.add_child(instance=talk)
    named_revision = talk.save_revision()
    named_revision.publish()
    talk.refresh_from_db()
    talk.slug = "lightning-talk-42"
    talk.save_revision().publish()

    page, revision = draft_report(
        index_page,
        CLEAN_SUMMARY,
        takeaways=f'<p>See <a linktype="page" id="{talk.pk}">the talk</a>.</p>',
    )
    revision.publish()
    page.refresh_from_db()
    assert page.live
    assert SURNAME.casefold() not in client.get(page.url).content.decode().casefold()

    named_revision.publish()  # "revert to this revision" and publish, on the talk page

    assert SURNAME.casefold() not in client.get(page.url).content.decode().casefold()


def test_superuser_redirecting_team_emails_before_joining_is_never_silent(member, team_group):
    """ "The existing team members are told by email": a superuser outside the team first
    changes the team members' email addresses to one they control (nothing logged, nobody
    told), then joins. The only notification lands in the intruder's own mailbox."""
    intruder = make_user("intruder3", is_superuser=True)
    with LogContext(user=intruder):
        member.email = "intruder-catchall@attacker.example"
        member.save()
        intruder.groups.add(team_group)
    recipients = [address for message in mail.outbox for address in message.to]
    assert "member@pyharbour.example" in recipients, recipients


def test_outsider_learns_whether_a_name_is_registered_from_the_copy_refusal(
    client, index_page, root_page
):
    """A published report links to a talk page. A moderator outside the team publishes the
    talk with a guessed name as its title, then copies an ancestor with its subpages: the
    copy check scans the report with the titles of the pages it links to, so the answer
    ("Not copied: ... sensitive data" or a copy) says whether the guess is in the register."""
    from home.models import HomePage

    from tests.transparency.helpers import CLEAN_SUMMARY
    from wagtail_coc.base_page import BasePage as Page

    events = HomePage(title="Events", slug="events")
    root_page.add_child(instance=events)
    events.save_revision().publish()
    index_page.move(events, "last-child")
    talk = HomePage(title="A lightning talk", slug="talk-42")
    root_page.add_child(instance=talk)
    talk.save_revision().publish()
    _page, revision = draft_report(
        index_page,
        CLEAN_SUMMARY,
        takeaways=f'<p>See <a linktype="page" id="{talk.pk}">the talk</a>.</p>',
    )
    revision.publish()
    moderator = make_user("moderator", "Moderators")
    login(client, moderator)

    def copy_allowed_with_talk_titled(guess, slug):
        talk_page = Page.objects.get(pk=talk.pk).specific
        talk_page.title = guess
        talk_page.save_revision().publish()
        response = client.post(
            reverse("wagtailadmin_pages:copy", args=[events.pk]),
            {
                "new_title": "Events copy",
                "new_slug": slug,
                "new_parent_page": root_page.pk,
                "copy_subpages": "on",
            },
        )
        return Page.objects.filter(slug=slug).exists(), response.status_code

    registered = copy_allowed_with_talk_titled(f"{NAME} on testing", "guess-1")
    unregistered = copy_allowed_with_talk_titled("Someone Else on testing", "guess-2")
    assert registered == unregistered, (registered, unregistered)
