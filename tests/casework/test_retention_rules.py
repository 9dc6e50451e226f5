"""The retention arithmetic, on plain values: each outcome of the policy, the length of a ban,
the extension by a newer case about the same person, keeping longer, and the warning before
a purge. The rules import nothing of Django."""

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from wagtail_coc.casework.retention_rules import (
    NOT_A_VIOLATION_STATES,
    PERMANENT_BAN,
    TEMPORARY_BAN,
    Because,
    CaseFacts,
    Periods,
    Person,
    Rule,
    add_months,
    due,
    own_retention,
    purge_date,
    retention,
)

REPO = Path(__file__).resolve().parent.parent.parent
CLOSED_ON = date(2025, 3, 10)


def facts(number=1, state="resolved", closed_on=CLOSED_ON, *people, received=None, **extra):
    received = received or datetime(2025, 1, 1) + timedelta(days=number)
    return CaseFacts(number, received, state, closed_on, tuple(people), **extra)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2025, 3, 10), 14, date(2026, 5, 10)),
        (date(2025, 3, 10), 26, date(2027, 5, 10)),
        (date(2025, 3, 10), 0, date(2025, 3, 10)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "state, people, rule, expires_on",
    [
        # Not a violation: purged when closed.
        ("not_a_violation", [], Rule.NOT_A_VIOLATION, CLOSED_ON),
        ("out_of_scope", [], Rule.NOT_A_VIOLATION, CLOSED_ON),
        ("resolved", [Person("not_a_violation")], Rule.NOT_A_VIOLATION, CLOSED_ON),
        # Resolved: 14 months.
        ("resolved", [], Rule.RESOLVED, date(2026, 5, 10)),
        ("closed_on_file", [], Rule.RESOLVED, date(2026, 5, 10)),
        ("resolved", [Person("correction")], Rule.RESOLVED, date(2026, 5, 10)),
        ("resolved", [Person("no_action")], Rule.RESOLVED, date(2026, 5, 10)),
        # A consequence outweighs the shortcut the case closed by.
        ("not_a_violation", [Person("correction")], Rule.RESOLVED, date(2026, 5, 10)),
        # Flagged: 26 months.
        ("resolved", [Person("warning")], Rule.FLAGGED, date(2027, 5, 10)),
        ("resolved", [Person("correction"), Person("warning")], Rule.FLAGGED, date(2027, 5, 10)),
        # Banned: to the end of the ban, plus 26 months.
        (
            "resolved",
            [Person(TEMPORARY_BAN, date(2026, 3, 10))],
            Rule.BANNED,
            date(2028, 5, 10),
        ),
        # A ban whose end is not known counts from the closing day.
        ("resolved", [Person(TEMPORARY_BAN)], Rule.BANNED, date(2027, 5, 10)),
        # The longest ban of two people wins.
        (
            "resolved",
            [Person(TEMPORARY_BAN, date(2025, 6, 1)), Person(TEMPORARY_BAN, date(2030, 6, 1))],
            Rule.BANNED,
            date(2032, 8, 1),
        ),
    ],
)
def test_each_outcome_has_its_period(state, people, rule, expires_on):
    kept = own_retention(facts(1, state, CLOSED_ON, *people))
    assert (kept.rule, kept.expires_on, kept.because) == (rule, expires_on, Because.POLICY)


def test_a_permanent_ban_is_kept_indefinitely():
    kept = own_retention(facts(1, "resolved", CLOSED_ON, Person("warning"), Person(PERMANENT_BAN)))
    assert (kept.expires_on, kept.because) == (None, Because.PERMANENT_BAN)


def test_a_repeat_risk_flags_a_resolved_case():
    assert own_retention(facts(1, "resolved", CLOSED_ON, repeat_risk=True)).rule == Rule.FLAGGED


def test_an_open_case_never_expires():
    kept = retention(facts(1, "investigating", None, Person("warning")))
    assert (kept.expires_on, kept.because) == (None, Because.OPEN)


def test_the_periods_come_from_the_setting():
    periods = Periods(not_a_violation=1, resolved=3, flagged=6, after_ban=12)
    ban = Person(TEMPORARY_BAN, date(2025, 4, 10))

    def expires(*people, state="resolved"):
        return own_retention(facts(1, state, CLOSED_ON, *people, periods=periods)).expires_on

    assert expires(state="out_of_scope") == date(2025, 4, 10)
    assert expires() == date(2025, 6, 10)
    assert expires(Person("warning")) == date(2025, 9, 10)
    assert expires(ban) == date(2026, 4, 10)


def test_keeping_longer_extends_but_never_shortens():
    longer = own_retention(facts(1, kept_until=date(2030, 1, 1)))
    assert (longer.expires_on, longer.because) == (date(2030, 1, 1), Because.KEPT_LONGER)
    shorter = own_retention(facts(1, kept_until=date(2025, 4, 1)))
    assert (shorter.expires_on, shorter.because) == (date(2026, 5, 10), Because.POLICY)


def test_a_newer_case_about_the_same_person_extends_the_older_one():
    older = facts(1, "resolved", date(2025, 3, 10), Person("correction"))
    newer = facts(2, "resolved", date(2026, 1, 5), Person("warning"))
    kept = retention(older, [newer])
    assert (kept.expires_on, kept.because) == (date(2028, 3, 5), Because.NEWER_CASE)
    # The older case does not extend the newer one.
    assert retention(newer, [older]).expires_on == date(2028, 3, 5)
    assert retention(newer, [older]).because == Because.POLICY


def test_a_newer_case_that_ends_sooner_changes_nothing():
    older = facts(1, "resolved", date(2025, 3, 10), Person("warning"))
    newer = facts(2, "not_a_violation", date(2025, 4, 1))
    assert retention(older, [newer]) == own_retention(older)


def test_an_older_case_is_kept_while_a_newer_one_is_open_or_ends_in_a_permanent_ban():
    older = facts(1, "resolved", CLOSED_ON)
    still_open = facts(2, "investigating", None)
    banned = facts(3, "resolved", CLOSED_ON, Person(PERMANENT_BAN))
    assert retention(older, [still_open]).because == Because.NEWER_CASE_OPEN
    assert retention(older, [banned]).because == Because.PERMANENT_BAN
    assert retention(older, [still_open]).expires_on is None


def test_newer_means_received_later_whatever_the_case_numbers():
    recorded_late = facts(9, "resolved", CLOSED_ON, received=datetime(2024, 1, 1))
    newer = facts(2, "investigating", None, received=datetime(2024, 6, 1))
    assert retention(recorded_late, [newer]).expires_on is None
    assert retention(newer, [recorded_late]).because == Because.OPEN


TODAY = date(2026, 5, 1)


@pytest.mark.parametrize(
    "expires_on, announced_for, action, purge_on",
    [
        (None, None, "", None),
        (date(2026, 6, 1), None, "", date(2026, 6, 1)),
        # Within 7 days: warn, and purge no sooner than 7 days after the warning.
        (date(2026, 5, 8), None, "warn", date(2026, 5, 8)),
        (date(2026, 5, 3), None, "warn", date(2026, 5, 8)),
        (date(2025, 1, 1), None, "warn", date(2026, 5, 8)),
        # Warned: purged on the day announced, not before.
        (date(2026, 4, 20), date(2026, 5, 2), "", date(2026, 5, 2)),
        (date(2026, 4, 20), date(2026, 5, 1), "purge", date(2026, 5, 1)),
        (date(2026, 4, 20), date(2026, 4, 27), "purge", date(2026, 4, 27)),
        # Kept longer after the warning: a new warning before the new day.
        (date(2026, 5, 6), date(2026, 4, 27), "warn", date(2026, 5, 8)),
        (date(2027, 1, 1), date(2026, 4, 27), "", date(2027, 1, 1)),
    ],
)
def test_a_warning_goes_out_7_days_before_a_purge(expires_on, announced_for, action, purge_on):
    assert due(expires_on, announced_for, TODAY) == action
    assert purge_date(expires_on, announced_for, TODAY) == purge_on


def test_the_keys_are_the_apps_outcomes_and_states():
    from wagtail_coc.casework.cases import State
    from wagtail_coc.transparency.models import Outcome

    assert {PERMANENT_BAN, TEMPORARY_BAN, "warning", "not_a_violation"} <= set(Outcome.values)
    assert set(NOT_A_VIOLATION_STATES) <= set(State.values)


def test_the_rules_import_without_django():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, wagtail_coc.casework.retention_rules as rules\n"
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not loaded, loaded\n"
        "print(rules.add_months(__import__('datetime').date(2025, 1, 31), 1))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "2025-02-28"
