"""Published commitments read into clocks and durations, on the wordings teams use; the
reader is pure Python."""

import subprocess
import sys
from datetime import datetime

import pytest

from wagtail_coc.casework.commitments import (
    ACKNOWLEDGE,
    BUSINESS_DAYS,
    DAYS,
    DECIDE,
    HOURS,
    MINUTES,
    RESOLVE,
    UPDATE,
    Duration,
    read_commitment,
    read_commitments,
)

H, D, BD, M = HOURS, DAYS, BUSINESS_DAYS, MINUTES


@pytest.mark.parametrize(
    ("stage", "text", "clock", "during_event", "otherwise"),
    [
        ("Acknowledgement", "Within 24 hours", ACKNOWLEDGE, (24, H), (24, H)),
        ("Acknowledgement", "in one business day", ACKNOWLEDGE, (1, BD), (1, BD)),
        ("Acknowledgement", "1 working day", ACKNOWLEDGE, (1, BD), (1, BD)),
        ("First response", "by the next business day", ACKNOWLEDGE, (1, BD), (1, BD)),
        ("Decision", "within a week", DECIDE, (7, D), (7, D)),
        ("Decision", "7 days", DECIDE, (7, D), (7, D)),
        ("Final decision", "two weeks", DECIDE, (14, D), (14, D)),
        ("Initial response", "ideally within a day", ACKNOWLEDGE, (1, D), (1, D)),
        (
            "Acknowledgement",
            "as soon as possible, at most 1 hour during the conference and 24 hours otherwise",
            ACKNOWLEDGE, (1, H), (24, H),
        ),
        ("Reply", "48h", ACKNOWLEDGE, (48, H), (48, H)),
        ("Acknowledgement", "a 24-hour turnaround", ACKNOWLEDGE, (24, H), (24, H)),
        (
            "Acknowledgement",
            "acknowledge within 1 hour during the event, 24 hours otherwise",
            ACKNOWLEDGE, (1, H), (24, H),
        ),
        ("Response", "Within 24 hours (1 hour during the event)", ACKNOWLEDGE, (1, H), (24, H)),
        ("Response", "Within 1 hour (during the conference) or 24 hours", ACKNOWLEDGE,
         (1, H), (24, H)),
        ("Response", "During the event: 1 hour. Otherwise: 24 hours.", ACKNOWLEDGE,
         (1, H), (24, H)),
        (
            "Acknowledgement",
            "We reply within 12 hours outside the conference and within 30 minutes at the "
            "conference",
            ACKNOWLEDGE, (30, M), (12, H),
        ),
        (
            "Acknowledgement",
            "within half an hour on-site, next working day outside event hours",
            ACKNOWLEDGE, (30, M), (1, BD),
        ),
        # Only during the event: nothing is promised outside it.
        ("Acknowledgement", "within an hour during the conference", ACKNOWLEDGE, (1, H), None),
        # The outer bound of a range or of an aim and a promise is the deadline.
        ("Decision", "24 to 48 hours", DECIDE, (48, H), (48, H)),
        ("Decision", "We aim for 3 days, at most 5 days", DECIDE, (5, D), (5, D)),
        ("Decision", "1-2 business days", DECIDE, (2, BD), (2, BD)),
        ("Decision", "within 1.5 days", DECIDE, (36, H), (36, H)),
        ("Decision", "a couple of days", DECIDE, (2, D), (2, D)),
        ("Decision", "within a fortnight", DECIDE, (14, D), (14, D)),
        ("Decision", "within a working week", DECIDE, (5, BD), (5, BD)),
        # Write the Docs: within 7 days comes the resolution or an update.
        ("Resolution or update", "within 7 days", UPDATE, (7, D), (7, D)),
        ("Status updates", "every week", UPDATE, (7, D), (7, D)),
        ("Resolution", "within a month", RESOLVE, (30, D), (30, D)),
        # A stage that names no step: the sentence says which.
        ("Step 1", "We acknowledge every report within 24 hours", ACKNOWLEDGE, (24, H), (24, H)),
    ],
)  # fmt: skip
def test_wordings(stage, text, clock, during_event, otherwise):
    commitment = read_commitment(stage, text)
    assert commitment is not None
    assert commitment.clock == clock
    assert commitment.during_event == (Duration(*during_event) if during_event else None)
    assert commitment.otherwise == (Duration(*otherwise) if otherwise else None)


@pytest.mark.parametrize(
    ("stage", "text"),
    [
        ("Acknowledgement", "as soon as possible"),
        ("Acknowledgement", "someone will often reply soon"),
        ("Acknowledgement", "within 0 hours"),
        ("Acknowledgement", ""),
        ("Acknowledgement", "7"),
        ("Next steps", "within 24 hours"),  # which clock is not said
        ("", ""),
    ],
)
def test_what_cannot_be_read_gives_nothing(stage, text):
    assert read_commitment(stage, text) is None


def test_a_page_reading_keeps_the_first_commitment_of_each_clock_and_names_the_rest():
    reading = read_commitments(
        [
            ("Acknowledgement", "Within 24 hours"),
            ("Decision", "when we can"),
            ("Acknowledgement", "Within 2 hours"),
            ("Decision", "within 7 days"),
        ]
    )
    assert reading.commitments[ACKNOWLEDGE].otherwise == Duration(24, HOURS)
    assert reading.commitments[DECIDE].otherwise == Duration(7, DAYS)
    assert reading.not_understood == (("Decision", "when we can"),)


def test_business_days_skip_the_weekend():
    friday_evening = datetime(2027, 9, 3, 18, 0)
    assert Duration(1, BUSINESS_DAYS).after(friday_evening) == datetime(2027, 9, 6, 18, 0)
    saturday = datetime(2027, 9, 4, 10, 0)
    assert Duration(2, BUSINESS_DAYS).after(saturday) == datetime(2027, 9, 7, 10, 0)
    assert Duration(1, DAYS).after(friday_evening) == datetime(2027, 9, 4, 18, 0)


def test_the_reader_and_the_clocks_import_without_django():
    code = (
        "import sys; import wagtail_coc.casework.commitments, wagtail_coc.casework.clocks; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
