"""The demo shows the transparency side too: reports, the register and who may see it."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from wagtail_coc.transparency.models import (
    ProtectedName,
    TransparencyReportPage,
    protected_names_for_site,
)
from wagtail_coc.transparency.permissions import is_coc_reviewer, is_coc_team_member


def load_demo_twice():
    for _ in range(2):
        call_command("load_demo_content", stdout=StringIO())


def test_demo_publishes_three_years_of_reports_including_one_without_reports(db, client):
    load_demo_twice()
    reports = TransparencyReportPage.objects.live().order_by("period_start")
    assert [(report.period_start.year, report.scope) for report in reports] == [
        (2024, "event"),
        (2025, "period"),
        (2025, "event"),
        (2026, "event"),
    ]
    assert client.get(reports[0].url).status_code == 200
    assert "No Code of Conduct reports were received" in client.get(reports[0].url).content.decode()
    index_html = client.get(reports[0].get_parent().url).content.decode()
    assert "Reports by category and year" in index_html


def test_demo_registers_protected_names_once_and_keeps_them_out_of_the_reports(db, client):
    load_demo_twice()
    site = Site.objects.get(is_default_site=True)
    names = protected_names_for_site(site)
    assert len(names) == ProtectedName.objects.count() == 3
    for report in TransparencyReportPage.objects.live():
        html = client.get(report.url).content.decode()
        assert not [name for name in names if name in html]


def test_demo_admin_is_on_the_coc_team_and_a_reviewer(db):
    load_demo_twice()
    admin = get_user_model().objects.get(username="admin")
    assert is_coc_team_member(admin)
    assert is_coc_reviewer(admin)
