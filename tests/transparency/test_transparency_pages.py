import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin_form_data import transparency_report_data
from tests.transparency.factories import build_transparency_index, build_transparency_report
from tests.transparency.helpers import table_rows, text_of
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.transparency.models import TransparencyReportIndexPage, TransparencyReportPage

SUMMARY = {
    "kind": "informal",
    "category": "language",
    "summary": "A joke in a lightning talk was reported as demeaning.",
    "outcome": "correction",
    "resolution": "The speaker apologised from the stage.",
}


@pytest.fixture(autouse=True)
def _admin_in_the_team(admin_user):
    # Only the CoC team and reviewers may edit reports; pytest-django's admin is a superuser.
    admin_user.groups.add(Group.objects.get_or_create(name="CoC team")[0])


@pytest.fixture
def index_page(root_page):
    return build_transparency_index(root_page)


def test_report_renders_statistics_table_and_summaries(client, index_page):
    report = build_transparency_report(
        index_page,
        2027,
        statistics=[
            ("harassment", "warning", 2),
            ("harassment", "temporary_ban", 1),
            ("privacy", "not_a_violation", 3),
        ],
        reports=[("report", SUMMARY)],
        attendees_in_person=512,
        attendees_online=87,
    )
    response = client.get(report.url)
    assert response.status_code == 200
    html = response.content.decode()

    # Only categories and outcomes that occur, in the ladder's order, with totals.
    assert table_rows(html, "Reports by category and outcome") == [
        ["Category", "Warning", "Temporary removal or ban", "Not a violation", "Total"],
        ["Harassment", "2", "1", "0", "3"],
        ["Privacy breach", "0", "0", "3", "3"],
        ["Total", "2", "1", "3", "6"],
    ]
    assert html.count('<th scope="col">') == 5
    assert html.count('<th scope="row">') == 3

    text = text_of(html)
    assert "In person 512" in text
    assert "Online 87" in text
    assert "Inappropriate language or jokes" in text
    assert "Correction (informal conversation)" in text
    assert SUMMARY["resolution"] in text
    assert "No Code of Conduct reports were received" not in text


def test_report_without_statistics_or_summaries_says_no_reports(client, index_page):
    report = build_transparency_report(index_page, 2027)
    assert report.no_reports_received
    html = client.get(report.url).content.decode()
    assert "No Code of Conduct reports were received for PyHarbour Conf 2027." in text_of(html)
    assert "<table" not in html


@pytest.mark.parametrize(
    "content",
    [
        {"statistics": [("other", "unresolved", 1)]},
        {"reports": [("report", SUMMARY)]},
    ],
)
def test_any_statistic_or_summary_means_reports_were_received(client, index_page, content):
    report = build_transparency_report(index_page, 2027, **content)
    assert not report.no_reports_received
    assert "No Code of Conduct reports" not in client.get(report.url).content.decode()


def test_reports_only_live_under_the_index(root_page, index_page):
    assert not TransparencyReportPage.can_create_at(root_page)
    assert TransparencyReportPage.can_create_at(index_page)
    assert TransparencyReportIndexPage.allowed_subpage_models() == [TransparencyReportPage]
    assert not CodeOfConductPage.can_create_at(index_page)


def report_form_data(statistics, **fields):
    return transparency_report_data(statistics, action="action-publish", **fields)


def add_url(index_page):
    return reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_coc_transparency", "transparencyreportpage", index_page.pk),
    )


def test_admin_creates_report_with_structured_statistics(admin_client, index_page):
    response = admin_client.post(
        add_url(index_page),
        report_form_data(
            [
                {"category": "harassment", "outcome": "warning", "count": "2"},
                {"category": "harassment", "outcome": "no_action", "count": "1"},
            ]
        ),
    )
    assert response.status_code == 302
    report = TransparencyReportPage.objects.get(slug="report-2027")
    assert report.live
    assert sorted(report.statistics.values_list("category", "outcome", "count")) == [
        ("harassment", "no_action", 1),
        ("harassment", "warning", 2),
    ]


def test_admin_rejects_duplicate_category_and_outcome(admin_client, index_page):
    response = admin_client.post(
        add_url(index_page),
        report_form_data(
            [
                {"category": "harassment", "outcome": "warning", "count": "2"},
                {"category": "harassment", "outcome": "warning", "count": "1"},
            ]
        ),
    )
    assert response.status_code == 200
    assert "is already counted above" in response.content.decode().replace("&#x27;", "'")
    assert not TransparencyReportPage.objects.exists()


@pytest.mark.parametrize(
    ("fields", "statistic", "message"),
    [
        ({"period_end": "2027-08-01"}, None, "The period cannot end before it starts."),
        ({}, {"category": "other", "outcome": "warning", "count": "0"}, "greater than or equal"),
        ({"attendees_online": "-3"}, None, "greater than or equal"),
    ],
)
def test_admin_reports_bad_input_as_form_errors(
    admin_client, index_page, fields, statistic, message
):
    response = admin_client.post(
        add_url(index_page), report_form_data([statistic] if statistic else [], **fields)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TransparencyReportPage.objects.exists()


def test_index_groups_reports_by_year_and_compares_five_years(client, index_page):
    for year in range(2021, 2027):
        build_transparency_report(
            index_page,
            year,
            statistics=[("harassment", "warning", year - 2020), ("other", "no_action", 1)],
        )
    build_transparency_report(index_page, 2027)  # a year without reports still counts
    html = client.get(index_page.url).content.decode()

    conferences = [f"PyHarbour Conf {year} (Event)" for year in range(2023, 2028)]
    assert table_rows(html, "Reports by category and year") == [
        ["", "2023", "2024", "2025", "2026", "2027"],
        ["Category", *conferences],
        ["Harassment", "3", "4", "5", "6", "0"],
        ["Other", "1", "1", "1", "1", "0"],
        ["All reports", "4", "5", "6", "7", "0"],
    ]
    assert table_rows(html, "Reports by outcome and year") == [
        ["", "2023", "2024", "2025", "2026", "2027"],
        ["Outcome", *conferences],
        ["Warning", "3", "4", "5", "6", "0"],
        ["No action", "1", "1", "1", "1", "0"],
        ["All reports", "4", "5", "6", "7", "0"],
    ]
    # The listing keeps every year, newest first, even those older than the table.
    years = re.findall(r"<h3>(\d{4})</h3>", html)
    assert years == [str(year) for year in range(2027, 2020, -1)]


def test_index_leaves_out_unpublished_reports(client, index_page):
    build_transparency_report(index_page, 2026, statistics=[("harassment", "warning", 1)])
    draft = build_transparency_report(index_page, 2027, statistics=[("other", "warning", 9)])
    draft.unpublish()
    html = client.get(index_page.url).content.decode()
    assert "2027" not in html
    assert table_rows(html, "Reports by category and year")[2] == ["Harassment", "1"]


def test_index_without_any_statistics_says_so(client, index_page):
    build_transparency_report(index_page, 2027)
    html = client.get(index_page.url).content.decode()
    assert "No Code of Conduct reports were received in these years." in html
    assert "<table" not in html


def test_index_with_no_reports_yet(client, index_page):
    html = client.get(index_page.url).content.decode()
    assert "No transparency reports have been published yet." in html


def queries_to_render(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_index_query_count_does_not_grow_with_years(client, root_page):
    one_year = build_transparency_index(root_page, slug="one")
    build_transparency_report(one_year, 2027, statistics=[("harassment", "warning", 1)])
    five_years = build_transparency_index(root_page, slug="five")
    for year in range(2023, 2028):
        build_transparency_report(
            five_years,
            year,
            statistics=[("harassment", "warning", 1), ("privacy", "no_action", 2)],
            reports=[("report", SUMMARY)],
        )
    queries_to_render(client, one_year.url)  # warm per-process caches (site root paths)
    assert queries_to_render(client, five_years.url) == queries_to_render(client, one_year.url)


def test_preview_of_an_unsaved_report_shows_its_statistics(admin_client, index_page):
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("wagtail_coc_transparency", "transparencyreportpage", index_page.pk),
    )
    data = report_form_data([{"category": "privacy", "outcome": "warning", "count": "4"}])
    assert admin_client.post(preview_url, data).json()["is_valid"]
    html = admin_client.get(preview_url).content.decode()
    assert table_rows(html, "Reports by category and outcome")[1] == ["Privacy breach", "4", "4"]
    assert "No Code of Conduct reports were received" not in html
    assert not TransparencyReportPage.objects.exists()
