"""Casework as people meet it, in Chromium with axe-core: an attendee reports anonymously and
excludes a team member; the team sees the case and that member does not; a member acknowledges
and replies; the reporter reads the reply with the receipt code."""

import re

import pytest

from tests.browser.admin_login import PASSWORD, log_in
from tests.casework.helpers import build_report_page, make_user
from wagtail_coc.casework.models import Case
from wagtail_coc.models import CoCSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def team_member(username, first_name):
    user = make_user(username, "CoC team", first_name=first_name, last_name="Teammate")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def report_url(live_server, root_page, team, emergency_info):
    CoCSettings.objects.update_or_create(
        site=root_page.get_site(),
        defaults={"default_team": team, "default_emergency_info": emergency_info},
    )
    return live_server.url + build_report_page(root_page).url


def test_anonymous_report_exclusion_reply_and_follow_up(
    browser, page, live_server, report_url, assert_no_axe_violations
):
    team_member("morgan", "Morgan")
    team_member("connie", "Connie")

    # The attendee reports anonymously and excludes Connie.
    page.goto(report_url, wait_until="networkidle")
    assert_no_axe_violations(page)
    page.get_by_label("What happened?").fill("Someone kept photographing me without consent")
    page.get_by_label("Connie Teammate").check()
    page.get_by_role("button", name="Review before sending").click()
    readers = page.locator(".coc-readers").inner_text()
    assert "Morgan Teammate" in readers and "Connie" not in readers
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send the report").click()
    code = page.locator(".coc-receipt-code").inner_text().strip()
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", code)
    assert_no_axe_violations(page)
    case = Case.objects.get()

    # Connie does not see the case, in the list or at its address.
    connie = browser.new_context().new_page()
    log_in(connie, live_server.url, "connie")
    connie.goto(f"{live_server.url}/admin/coc_cases/", wait_until="networkidle")
    assert case.code_name not in connie.content()
    response = connie.goto(f"{live_server.url}/admin/coc_cases/{case.pk}/")
    assert response.status == 404
    connie.context.close()

    # Morgan acknowledges and replies.
    morgan = browser.new_context().new_page()
    log_in(morgan, live_server.url, "morgan")
    morgan.goto(f"{live_server.url}/admin/coc_cases/", wait_until="networkidle")
    morgan.get_by_role("link", name=case.code_name).click()
    morgan.get_by_label("Move to").select_option("acknowledged")
    morgan.get_by_role("button", name="Change state").click()
    morgan.locator("#id_message-body").fill("Thank you. We are looking into it today.")
    morgan.get_by_role("button", name="Send to the reporter").click()
    morgan.wait_for_load_state("networkidle")
    morgan.context.close()

    # The reporter comes back with the code.
    reporter = browser.new_context().new_page()
    reporter.goto(report_url, wait_until="networkidle")
    reporter.get_by_label("Your receipt code").fill(code)
    reporter.get_by_role("button", name="Open my report").click()
    assert "Thank you. We are looking into it today." in reporter.content()
    assert "Being handled by the team." in reporter.content()
    assert_no_axe_violations(reporter)
    assert reporter.context.cookies() == [] or {c["name"] for c in reporter.context.cookies()} <= {
        "csrftoken"
    }
    reporter.context.close()
