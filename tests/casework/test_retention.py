"""Retention of real cases: the periods a team lead sets, newer cases about the same person,
keeping longer, the warning 7 days before a purge (once, by code name, never to a recused
member), the automatic purge and what survives it, the command and the case list's filter."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.casework.helpers import ACCOUNT, SECRETS, make_user
from wagtail_coc.casework.access_log import verify_chain
from wagtail_coc.casework.models import (
    Case,
    CaseAccess,
    CaseStatistics,
    CaseTransition,
    InvolvedPerson,
    Recusal,
    RetentionHold,
    RetentionSettings,
)
from wagtail_coc.casework.retention import keep_longer, purge_expired, schedule
from wagtail_coc.casework.retention_rules import Because

pytestmark = pytest.mark.django_db
CLOSED_ON = datetime.date(2025, 3, 10)


@pytest.fixture
def lead(db):
    return make_user("lead", "CoC team", "CoC team leads", first_name="Lee", last_name="Lead")


def noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def closed_case(site, state="closed_on_file", on=CLOSED_ON, people=(), received=None):
    """A case closed as ``state`` on ``on``, naming ``people`` (name, consequence, ban end)."""
    received = received or noon(on - datetime.timedelta(days=20))
    case = Case.open(site=site, received_at=received, **ACCOUNT)
    for name, consequence, ban_until in people:
        InvolvedPerson.objects.create(
            case=case, role="reported", name=name, consequence=consequence, ban_until=ban_until
        )
    CaseTransition.objects.create(case=case, from_state=case.state, to_state=state, at=noon(on))
    Case.objects.filter(pk=case.pk).update(state=state)
    return Case.objects.get(pk=case.pk)


def expiry(case):
    return schedule([case.pk])[case.pk].retention


def run(day, **kwargs):
    return purge_expired(now=noon(day), **kwargs)


def test_each_outcome_of_a_real_case_sets_its_expiry(site):
    not_a_violation = closed_case(site, "not_a_violation")
    resolved = closed_case(site, people=[("Ada Quill", "correction", None)])
    flagged = closed_case(site, people=[("Bo Marsh", "warning", None)])
    banned = closed_case(site, people=[("Cy Fenn", "temporary_ban", datetime.date(2026, 1, 20))])
    forever = closed_case(site, people=[("Di Roke", "permanent_ban", None)])
    still_open = Case.open(site=site, **ACCOUNT)

    assert expiry(not_a_violation).expires_on == CLOSED_ON
    assert expiry(resolved).expires_on == datetime.date(2026, 5, 10)
    assert expiry(flagged).expires_on == datetime.date(2027, 5, 10)
    assert expiry(banned).expires_on == datetime.date(2028, 3, 20)
    assert (expiry(forever).expires_on, expiry(forever).because) == (None, Because.PERMANENT_BAN)
    assert (expiry(still_open).expires_on, expiry(still_open).because) == (None, Because.OPEN)


def test_the_periods_are_the_sites_setting(site):
    settings = RetentionSettings.for_site(site)
    settings.resolved_months = 3
    settings.save()
    assert expiry(closed_case(site)).expires_on == datetime.date(2025, 6, 10)


def test_a_newer_case_linked_as_the_same_person_extends_the_older_one(site):
    older = closed_case(site, people=[("Ada Quill", "correction", None)])
    newer = closed_case(
        site, on=datetime.date(2026, 2, 1), people=[("A. Q., the tall one", "warning", None)]
    )
    InvolvedPerson.objects.filter(case=newer).update(
        same_person_as=InvolvedPerson.objects.get(case=older)
    )
    assert expiry(older).expires_on == datetime.date(2028, 4, 1)
    assert expiry(older).because == Because.NEWER_CASE
    assert expiry(newer).expires_on == datetime.date(2028, 4, 1)


def test_a_newer_case_naming_the_same_register_entry_extends_the_older_one(site):
    older = closed_case(site, people=[("Ada Quill", "correction", None)])
    newer = Case.open(site=site, received_at=timezone.now(), **ACCOUNT)
    InvolvedPerson.objects.create(case=newer, role="reported", name="ada  QUILL")
    assert expiry(older).because == Because.NEWER_CASE_OPEN
    assert expiry(older).expires_on is None


def test_a_newer_case_naming_the_person_only_as_a_witness_extends_nothing(site):
    older = closed_case(site, people=[("Ada Quill", "correction", None)])
    newer = Case.open(site=site, received_at=timezone.now(), **ACCOUNT)
    InvolvedPerson.objects.create(case=newer, role="witness", name="Ada Quill")
    assert expiry(older).expires_on == datetime.date(2026, 5, 10)


def test_the_team_is_warned_once_7_days_ahead_by_code_name_only(site, member, conflicted, lead):
    case = closed_case(site, people=[("Ada Quill", "warning", None)])
    Recusal.objects.create(case=case, user=conflicted, reason="declared")
    day = datetime.date(2027, 5, 10)
    mail.outbox.clear()  # the team's membership notices

    assert run(day - datetime.timedelta(days=8)).warned == []
    assert mail.outbox == []
    first = run(day - datetime.timedelta(days=7))
    again = run(day - datetime.timedelta(days=6))

    assert (first.warned, again.warned) == ([case.code_name], [])
    [email] = mail.outbox
    assert sorted(email.to) == ["lead@pyharbour.example", "member@pyharbour.example"]
    assert case.code_name in email.subject and case.code_name in email.body
    assert reverse("coc_cases:edit", args=[case.pk]) in email.body
    text = email.subject + email.body
    for secret in [*SECRETS, "Ada Quill", ACCOUNT["contact"]]:
        assert secret not in text, secret
    assert Case.objects.get(pk=case.pk).purge_announced_for == day


def test_an_expired_case_is_purged_only_7_days_after_the_warning(site, member):
    case = closed_case(site, "not_a_violation")
    warned_on = datetime.date(2026, 1, 5)
    assert run(warned_on).warned == [case.code_name]
    assert run(warned_on + datetime.timedelta(days=6)).purged == []
    assert Case.objects.filter(pk=case.pk).exists()

    done = run(warned_on + datetime.timedelta(days=7))

    assert done.purged == [case.code_name]
    assert not Case.objects.filter(pk=case.pk).exists()
    entry = CaseAccess.objects.get(action="purged")
    assert (entry.case_number, entry.actor_number) == (case.pk, None)
    assert entry.actor_display() == "the retention schedule"
    assert verify_chain() == []


def test_a_case_that_failed_to_warn_is_not_purged(site, member, monkeypatch):
    case = closed_case(site, "not_a_violation")
    monkeypatch.setattr(
        "wagtail_coc.casework.notifiers.send_mail",
        lambda *args: (_ for _ in ()).throw(OSError("mail server down")),
    )
    assert run(datetime.date(2026, 1, 5)).warned == []
    assert run(datetime.date(2026, 2, 5)).purged == []
    assert Case.objects.get(pk=case.pk).purge_announced_for is None


def test_a_reopened_case_is_not_purged(site, member):
    case = closed_case(site, "not_a_violation")
    run(datetime.date(2026, 1, 5))
    case.transition("investigating")
    assert run(datetime.date(2026, 2, 5)).purged == []
    assert Case.objects.filter(pk=case.pk).exists()


def test_only_statistics_survive_a_purge(site, member):
    case = closed_case(site, "not_a_violation", people=[("Ada Quill", "", None)])
    Case.objects.filter(pk=case.pk).update(event="PyHarbour 2025", category="harassment")
    run(datetime.date(2026, 1, 5))
    run(datetime.date(2026, 1, 12))

    statistics = CaseStatistics.objects.get()
    assert statistics.case_id is None
    row = {
        field.attname: getattr(statistics, field.attname)
        for field in CaseStatistics._meta.concrete_fields
        if field.attname not in ("id", "case_id")
    }
    assert row == {
        "site_id": site.pk,
        "event": "PyHarbour 2025",
        "received_month": datetime.date(2025, 2, 1),
        "category": "harassment",
        "outcome": "not_a_violation",
        "out_of_scope": False,
        "people_named": 1,
        "hours_to_acknowledge": 480,
        "hours_to_decide": 480,
        "closed": True,
    }


def test_a_lead_keeps_a_case_longer_with_a_sealed_reason(client, site, lead, member):
    case = closed_case(site, "not_a_violation")
    run(datetime.date(2026, 1, 5))
    url = reverse("coc_cases:edit", args=[case.pk])
    until = timezone.localdate() + datetime.timedelta(days=400)
    data = {
        "form": "keep",
        "keep-version": case.version,
        "keep-until": until.isoformat(),
        "keep-reason": "Quillfeather Hall police report pending",
    }

    client.force_login(member)
    client.post(url, data)
    assert not RetentionHold.objects.exists()
    assert "Keep this case longer" not in client.get(url).text
    client.force_login(lead)
    assert client.post(url, data).status_code == 302

    hold = RetentionHold.objects.get()
    assert (hold.case_id, hold.by, hold.until) == (case.pk, lead, until)
    assert "Quillfeather" not in hold.reason_sealed
    assert hold.reason == "Quillfeather Hall police report pending"
    assert expiry(case).expires_on == until and expiry(case).because == Because.KEPT_LONGER
    assert "Quillfeather Hall police report pending" in client.get(url).text
    assert run(datetime.date(2026, 2, 5)).purged == []
    # Near the new day, the team is warned again.
    assert run(until - datetime.timedelta(days=7)).warned == [case.code_name]


def test_keeping_longer_needs_a_future_day_and_a_reason(site, lead):
    case = closed_case(site)
    with pytest.raises(Exception, match="after today"):
        keep_longer(case, lead, timezone.localdate(), "reason")
    with pytest.raises(Exception, match="reason"):
        keep_longer(case, lead, timezone.localdate() + datetime.timedelta(days=1), " ")


def test_a_temporary_ban_needs_its_end(client, site, member):
    case = closed_case(site, people=[("Ada Quill", "", None)])
    person = InvolvedPerson.objects.get()
    client.force_login(member)
    url = reverse("coc_cases:edit", args=[case.pk])
    data = {"form": "outcome", "outcome-version": case.version, "outcome-person": person.pk,
            "outcome-consequence": "temporary_ban"}  # fmt: skip
    assert client.post(url, data).status_code == 400
    data["outcome-ban_until"] = "2026-01-20"
    assert client.post(url, data).status_code == 302
    assert InvolvedPerson.objects.get().ban_until == datetime.date(2026, 1, 20)
    assert expiry(case).expires_on == datetime.date(2028, 3, 20)


def test_the_case_page_shows_the_expiry(client, site, member):
    case = closed_case(site, people=[("Ada Quill", "warning", None)])
    client.force_login(member)
    page = client.get(reverse("coc_cases:edit", args=[case.pk])).text
    assert "Kept until" in page and "flagged" in page


def test_the_case_list_filters_cases_purged_within_7_days(client, site, member):
    soon = closed_case(site, "not_a_violation")
    later = closed_case(site, on=timezone.localdate())
    client.force_login(member)
    listed = client.get(reverse("coc_cases:index"), {"expiring": "on"}).text
    assert soon.code_name in listed and later.code_name not in listed
    everything = client.get(reverse("coc_cases:index")).text
    assert soon.code_name in everything and later.code_name in everything


def test_only_team_leads_open_the_retention_setting(client, site, lead, member, superuser):
    url = reverse(
        "wagtailsettings:edit", args=["wagtail_coc_casework", "retentionsettings", site.pk]
    )
    for user, status in [(lead, 200), (member, 302), (superuser, 302)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_command_with_and_without_dry_run(site, member):
    warned = closed_case(site, "not_a_violation")
    expired = closed_case(site, "not_a_violation")
    Case.objects.filter(pk=expired.pk).update(purge_announced_for=datetime.date(2025, 4, 1))
    mail.outbox.clear()  # the team's membership notices

    out = StringIO()
    call_command("coc_purge_expired", "--dry-run", stdout=out)
    assert f"Would warn about {warned.code_name}" in out.getvalue()
    assert f"Would purge {expired.code_name}" in out.getvalue()
    assert "1 case warned about, 1 case purged." in out.getvalue()
    assert "coc_rotate_keys" not in out.getvalue(), "nothing was purged"
    assert Case.objects.count() == 2 and mail.outbox == []
    assert Case.objects.get(pk=warned.pk).purge_announced_for is None

    out = StringIO()
    call_command("coc_purge_expired", stdout=out)
    assert f"Warned about {warned.code_name}" in out.getvalue()
    assert f"Purged {expired.code_name}" in out.getvalue()
    # Backups from before hold the case's wrapped key: the site's key must be rotated.
    assert "run coc_rotate_keys" in out.getvalue()
    assert list(Case.objects.values_list("pk", flat=True)) == [warned.pk]
    assert len(mail.outbox) == 1
    for secret in SECRETS:
        assert secret not in out.getvalue()
