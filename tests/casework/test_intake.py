"""The report page, as a reporter (and an attacker) uses it."""

import logging
import re

import pytest
from django.apps import apps
from django.db import connection

from tests.casework.helpers import ACCOUNT, SECRETS, report_data
from wagtail_coc.casework.crypto import RECEIPT_ALPHABET, RECEIPT_LENGTH
from wagtail_coc.casework.models import Case, CaseMessage, Recusal

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.177"
USER_AGENT = "Quokkabrowser/97.3 (ZetaOS; distinctive-agent-7731)"
CODE = re.compile(r"class=\"coc-receipt-code\"><strong>([0-9A-Z-]+)</strong>")


def post(client, page, data, **extra):
    return client.post(page.url, data, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=USER_AGENT, **extra)


def receipt_code(response):
    return CODE.search(response.content.decode()).group(1)


def send_report(client, page, **changes):
    response = post(client, page, report_data(**changes))
    assert response.status_code == 200
    return response


def test_the_page_shows_emergency_numbers_and_the_hotline_before_the_form(client, report_page):
    html = client.get(report_page.url).content.decode()
    assert html.index("Is someone in danger?") < html.index("<form")
    assert html.index("911") < html.index("<form")
    assert html.index("(415) 555-0123") < html.index("<form")  # the team's hotline


def test_saying_someone_is_in_danger_shows_the_numbers_first_and_the_form_still_works(
    client, report_page
):
    response = post(client, report_page, report_data(action="preview", ongoing_or_danger="on"))
    html = response.content.decode()
    assert html.index("911") < html.index("You said someone is in danger")
    response = send_report(client, report_page, ongoing_or_danger="on")
    case = Case.objects.get()
    assert case.ongoing_or_danger and case.safety_risk
    assert response.content.decode().index("911") < response.content.decode().index(
        "Your report was received"
    )


def test_pages_are_never_stored_and_use_no_third_party_assets_or_scripts(client, report_page):
    for response in (
        client.get(report_page.url),
        post(client, report_page, report_data(action="preview")),
        send_report(client, report_page),
    ):
        assert "no-store" in response["Cache-Control"]
        html = response.content.decode()
        assert "<script" not in html
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not url.startswith(("http://", "https://", "//")) or "testserver" in url, url


def test_the_reporter_sees_who_will_read_the_report_before_sending_it(
    client, report_page, member, colleague, conflicted
):
    html = client.get(report_page.url).content.decode()
    assert "Connie Conflicted" in html  # offered for exclusion
    response = post(
        client, report_page, report_data(action="preview", excluded=[str(conflicted.pk)])
    )
    readers = response.content.decode().split("Who will read your report")[1].split("</ul>")[0]
    assert "Morgan Member" in readers and "Casey Colleague" in readers
    assert "Connie Conflicted" not in readers
    assert not Case.objects.exists()  # a preview sends nothing


def test_an_excluded_member_is_recused_from_the_moment_of_submission(
    client, report_page, member, conflicted
):
    send_report(client, report_page, excluded=[str(conflicted.pk)])
    case = Case.objects.get()
    assert Recusal.objects.filter(case=case, user=conflicted, reason="excluded").exists()
    assert not Case.objects.visible_to(conflicted).exists()
    assert Case.objects.visible_to(member).get() == case


def test_an_anonymous_report_gets_a_receipt_code_shown_once_and_stored_only_as_a_hash(
    client, report_page
):
    response = send_report(client, report_page, contact="")
    code = receipt_code(response).replace("-", "")
    assert len(code) == RECEIPT_LENGTH and set(code) <= set(RECEIPT_ALPHABET)
    assert RECEIPT_LENGTH * 5 >= 80  # bits of entropy
    case = Case.objects.get()
    assert case.anonymous
    assert case.receipt_hash.startswith("argon2id$") and code not in case.receipt_hash
    # Shown once: the page after it does not show it again.
    assert code not in client.get(report_page.url).content.decode()


def test_the_reporter_reads_replies_and_adds_information_with_the_code(client, report_page, member):
    code = receipt_code(send_report(client, report_page, contact=""))
    case = Case.objects.get()
    CaseMessage.objects.create(
        case=case, by=member, direction="to_reporter", body="Thank you, we are on it."
    )
    response = post(client, report_page, {"action": "read", "code": code.lower()})
    html = response.content.decode()
    assert "Thank you, we are on it." in html
    assert "Morgan" not in html  # who replied is not shown
    response = post(
        client, report_page, {"action": "add", "code": code, "information": "It happened again."}
    )
    assert "your information was added" in response.content.decode()
    assert [m.body for m in case.messages.filter(direction="from_reporter")] == [
        "It happened again."
    ]


def test_a_team_note_is_never_shown_to_the_reporter(client, report_page, member):
    from wagtail_coc.casework.models import TeamNote

    code = receipt_code(send_report(client, report_page))
    TeamNote.objects.create(case=Case.objects.get(), by=member, body="Internal: check badge logs")
    html = post(client, report_page, {"action": "read", "code": code}).content.decode()
    assert "badge logs" not in html


def test_a_wrong_code_reveals_nothing(client, report_page):
    send_report(client, report_page)
    wrong = post(client, report_page, {"action": "read", "code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    malformed = post(client, report_page, {"action": "read", "code": "x"})
    for response in (wrong, malformed):
        html = response.content.decode()
        assert "No report matches this code" in html
        assert not any(secret in html for secret in SECRETS)
    adding = post(client, report_page, {"action": "add", "code": "x", "information": "spam"})
    assert not CaseMessage.objects.exists()
    assert adding.status_code == 200


def test_code_attempts_are_rate_limited_per_address(client, report_page, settings):
    settings.WAGTAIL_COC_CASEWORK_CODE_ATTEMPTS_PER_HOUR = 3
    code = receipt_code(send_report(client, report_page))
    for _attempt in range(3):
        post(client, report_page, {"action": "read", "code": "AAAA"})
    response = post(client, report_page, {"action": "read", "code": code})
    html = response.content.decode()
    assert "Too many attempts" in html and ACCOUNT["what_happened"] not in html
    # Another address is not affected.
    other = client.post(
        report_page.url, {"action": "read", "code": code}, REMOTE_ADDR="198.51.100.9"
    )
    assert "Received" in other.content.decode()


def test_reports_are_rate_limited_per_address(client, report_page, settings):
    settings.WAGTAIL_COC_CASEWORK_REPORTS_PER_HOUR = 2
    for number in range(3):
        response = send_report(client, report_page, token=f"token-{number}")
    assert Case.objects.count() == 2
    assert "Too many reports" in response.content.decode()
    assert ACCOUNT["what_happened"] in response.content.decode()  # nothing to retype


def test_the_honeypot_stores_nothing_and_looks_like_success(client, report_page):
    response = send_report(client, report_page, website="http://spam.example")
    assert "Your report was received" in response.content.decode()
    assert not Case.objects.exists()


def test_a_validation_error_keeps_everything_typed(client, report_page, conflicted):
    data = report_data(what_happened="", excluded=[str(conflicted.pk)], may_share_name="yes")
    html = post(client, report_page, data).content.decode()
    assert not Case.objects.exists()
    for field in ("when", "where", "contact", "desired_response"):
        assert ACCOUNT[field] in html, field
    assert "Barnaby Thistlewood saw it" in html
    assert re.search(rf'value="{conflicted.pk}"[^>]*checked', html)
    assert re.search(r'value="yes"[^>]*checked', html)
    assert 'value="token-1"' in html


def test_a_double_submit_makes_one_case_and_shows_the_same_code(client, report_page):
    first = receipt_code(send_report(client, report_page))
    second = receipt_code(send_report(client, report_page))
    assert Case.objects.count() == 1
    assert first == second
    third = receipt_code(send_report(client, report_page, token="another-form"))
    assert Case.objects.count() == 2 and third != first


def every_stored_value():
    """Every value of every row of every table the project's models know."""
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    yield table, value if isinstance(value, str) else repr(value)


def test_no_address_browser_cookie_or_session_is_tied_to_a_report(client, report_page, caplog):
    caplog.set_level(logging.DEBUG)
    client.get(report_page.url, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=USER_AGENT)
    response = send_report(client, report_page, contact="")
    code = receipt_code(response)
    post(client, report_page, {"action": "add", "code": code, "information": "More detail."})
    assert Case.objects.count() == 1
    found = [
        (table, value[:80])
        for table, value in every_stored_value()
        if ADDRESS in value or "Quokkabrowser" in value or "distinctive-agent" in value
    ]
    assert found == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert ADDRESS not in logged and "Quokkabrowser" not in logged
    # No session, and no cookie but Django's CSRF token, which no row refers to.
    assert set(response.cookies) <= {"csrftoken"}
    assert "sessionid" not in client.cookies
    csrf = client.cookies.get("csrftoken")
    if csrf is not None:
        assert not any(csrf.value in value for _table, value in every_stored_value())


def test_the_team_is_told_by_code_name_only_and_an_excluded_member_is_not_told(
    client, report_page, member, colleague, conflicted, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()  # the membership notices of the fixtures
    with django_capture_on_commit_callbacks(execute=True):
        send_report(client, report_page, excluded=[str(conflicted.pk)], ongoing_or_danger="on")
    case = Case.objects.get()
    [email] = mail.outbox
    assert sorted(email.to) == sorted([member.email, colleague.email])
    assert conflicted.email not in email.to + email.cc + email.bcc
    assert case.code_name in email.subject
    assert "someone is in danger" in email.body
    assert f"/admin/coc_cases/{case.pk}/" in email.body
    for secret in SECRETS:
        assert secret not in email.subject + email.body


def test_the_page_tells_no_other_site_where_the_reporter_came_from(client, report_page):
    # "same-origin", not "no-referrer": with the latter browsers post "Origin: null", which
    # Django's CSRF check refuses (found by the browser test).
    assert client.get(report_page.url)["Referrer-Policy"] == "same-origin"


def test_right_codes_do_not_count_towards_the_limit(client, report_page, settings):
    settings.WAGTAIL_COC_CASEWORK_CODE_ATTEMPTS_PER_HOUR = 2
    code = receipt_code(send_report(client, report_page))
    for _visit in range(4):
        html = post(client, report_page, {"action": "read", "code": code}).content.decode()
        assert "Too many attempts" not in html and "Status:" in html


def test_a_report_that_failed_to_save_can_be_sent_again(client, report_page, monkeypatch):
    original = Case.open

    def failing(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Case, "open", failing)
    with pytest.raises(RuntimeError):
        send_report(client, report_page)
    monkeypatch.setattr(Case, "open", original)
    response = send_report(client, report_page)
    assert "Your report was received" in response.content.decode()
    assert Case.objects.count() == 1


def test_when_the_reporter_writes_again_the_team_is_told_by_code_name_only(
    client, report_page, member, conflicted, django_capture_on_commit_callbacks
):
    from django.core import mail

    code = receipt_code(send_report(client, report_page, excluded=[str(conflicted.pk)]))
    case = Case.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, report_page, {"action": "add", "code": code, "information": "He came back."})
    [email] = mail.outbox
    assert email.to == [member.email], "never the member the reporter excluded"
    assert case.code_name in email.subject and "added information" in email.body
    assert "He came back." not in email.subject + email.body
