"""Benchmark casework: ``python -m benchmarks.casework [--submissions N] [--listings N] [--check]``.

Report submission: a reporter sends N reports through the incident report page's form, the
review step then the send step, as the tests do (one team member excluded). Sending hashes the
receipt code with Argon2id, seals the account with a new case key, stores the case and its
recusal and emails the team (Django's in-memory email backend). Reported: the median
milliseconds of each step and of the whole submission.

The case list: the admin's case list, as a team member recused from a third of the cases, at
10 and at 10,000 cases. Reported per size: SQL queries for one warm listing (goal: the same at
both sizes), the median milliseconds over N warm listings, and the 10,000/10 ratio. ``--check``
exits 1 when the goal is missed. Uses an in-memory SQLite database built with ``migrate``.
"""

import argparse
import statistics
import sys
import time

from benchmarks.render_coc import setup_django

SIZES = (10, 10_000)
DEFAULT_SUBMISSIONS = 10
DEFAULT_LISTINGS = 10
TEAM_SIZE = 5


def build_report_page(site):
    """A CoC team of ``TEAM_SIZE`` members, and a report page on ``site`` naming the team."""
    from tests.casework import helpers
    from tests.factories import build_emergency_info, build_team
    from wagtail_coc.conf import team_group_name
    from wagtail_coc.models import CoCSettings

    members = [
        helpers.make_user(
            f"member-{number}", team_group_name(), first_name="Member", last_name=str(number)
        )
        for number in range(TEAM_SIZE)
    ]
    CoCSettings.objects.update_or_create(
        site=site,
        defaults={"default_team": build_team(), "default_emergency_info": build_emergency_info()},
    )
    return members, helpers.build_report_page(site.root_page, slug="report-benchmark")


def submit(client, page, number: int, excluded) -> tuple[float, float]:
    """Milliseconds of the review step and of the send step of one report."""
    from tests.casework.helpers import report_data

    data = report_data(token=f"benchmark-{number}", action="preview", excluded=[str(excluded.pk)])
    began = time.perf_counter()
    review = client.post(page.url, data)
    reviewed = time.perf_counter()
    send = client.post(page.url, {**data, "action": "send"})
    sent = time.perf_counter()
    assert "Who will read your report" in review.content.decode(), review.status_code
    assert "Your report was received" in send.content.decode(), send.status_code
    return (reviewed - began) * 1000, (sent - reviewed) * 1000


def measure_submissions(page, excluded, submissions: int) -> dict:
    from django.test import Client, override_settings

    from wagtail_coc.casework.models import Case

    client = Client()
    # Every report comes from the test client's one address: the hourly limit would refuse
    # them after the tenth. The limit's cache counter is still kept, as for any report.
    with override_settings(WAGTAIL_COC_CASEWORK_REPORTS_PER_HOUR=submissions + 1):
        # Warm-up: compiles the templates and fills Wagtail's site caches.
        submit(client, page, 0, excluded)
        timings = [submit(client, page, number, excluded) for number in range(1, submissions + 1)]
    assert Case.objects.count() == submissions + 1
    return {
        "review_ms": statistics.median(review for review, _send in timings),
        "send_ms": statistics.median(send for _review, send in timings),
        "submission_ms": statistics.median(review + send for review, send in timings),
    }


def measure_list(member, listings: int) -> tuple[int, float]:
    """Queries of one warm listing, and the median milliseconds of ``listings`` warm ones."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(member)
    url = reverse("coc_cases:index")
    # Warm-up: the first request of a session reads what the next ones find cached.
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    queries = len(context.captured_queries)
    timings = []
    for _ in range(listings):
        began = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
    return queries, statistics.median(timings)


def run(submissions: int = DEFAULT_SUBMISSIONS, listings: int = DEFAULT_LISTINGS) -> dict:
    setup_django()
    from django.test import override_settings

    # The team is emailed when it changes and when a report arrives; no mail server here.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _run(submissions, listings)


def _run(submissions: int, listings: int) -> dict:
    from wagtail.models import Site

    from tests.casework.helpers import bulk_cases, recuse_from_every_third
    from wagtail_coc.casework.models import Case

    site = Site.objects.get(is_default_site=True)
    members, page = build_report_page(site)
    result = measure_submissions(page, members[-1], submissions)
    result["submissions"] = submissions

    # The list is measured at exactly 10 and 10,000 cases.
    Case.objects.all().delete()
    member = members[0]
    result["sizes"] = []
    for size in SIZES:
        stored = Case.objects.count()
        cases = bulk_cases(size - stored, site, start=stored)
        recuse_from_every_third(member, cases)
        queries, median_ms = measure_list(member, listings)
        result["sizes"].append(
            {
                "cases": size,
                "visible": Case.objects.visible_to(member).count(),
                "queries": queries,
                "median_ms": median_ms,
            }
        )
    few, many = result["sizes"][0], result["sizes"][-1]
    result["ratio"] = many["median_ms"] / few["median_ms"]
    result["same_queries"] = few["queries"] == many["queries"]
    result["listings"] = listings
    return result


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append(" | ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("-+-".join("-" * width for width in widths))
    return lines


def report(result: dict) -> str:
    lines = [
        f"Report submission through the report page, median of {result['submissions']} "
        "via the test client"
    ]
    lines += table(
        [
            ("step", "median ms"),
            ("review", f"{result['review_ms']:.1f}"),
            ("send", f"{result['send_ms']:.1f}"),
            ("review + send", f"{result['submission_ms']:.1f}"),
        ]
    )
    lines += [
        "",
        "Case list of a team member recused from a third of the cases, "
        f"median of {result['listings']} warm listings via the test client",
    ]
    lines += table(
        [("cases", "visible", "queries", "median ms")]
        + [
            (f"{r['cases']:,}", f"{r['visible']:,}", str(r["queries"]), f"{r['median_ms']:.1f}")
            for r in result["sizes"]
        ]
    )
    few, many = result["sizes"][0], result["sizes"][-1]
    lines.append(
        f"{many['cases']:,} cases / {few['cases']:,} cases: {result['ratio']:.1f}x; queries "
        f"{few['queries']} and {many['queries']} (goal: the same)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.casework")
    parser.add_argument(
        "--submissions", type=int, default=DEFAULT_SUBMISSIONS, help="timed reports"
    )
    parser.add_argument(
        "--listings", type=int, default=DEFAULT_LISTINGS, help="timed listings per size"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    arguments = parser.parse_args(argv)
    if arguments.submissions < 1 or arguments.listings < 1:
        parser.error("--submissions and --listings must be at least 1")
    result = run(arguments.submissions, arguments.listings)
    print(report(result))
    return 1 if arguments.check and not result["same_queries"] else 0


if __name__ == "__main__":
    sys.exit(main())
