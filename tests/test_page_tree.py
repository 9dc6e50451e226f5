"""Page tree rules: reports only under a report index, leaves stay leaves."""

import pytest

from wagtail_coc.acceptance.models import RegistrationFormPage
from wagtail_coc.models import CodeOfConductPage, ReportingGuidePage, ResponseProceduresPage
from wagtail_coc.transparency.models import TransparencyReportIndexPage, TransparencyReportPage


def test_reports_live_only_under_a_report_index():
    assert TransparencyReportPage.allowed_parent_page_models() == [TransparencyReportIndexPage]
    assert TransparencyReportIndexPage.allowed_subpage_models() == [TransparencyReportPage]
    assert TransparencyReportPage.allowed_subpage_models() == []


def test_documents_and_forms_are_leaves():
    assert RegistrationFormPage.allowed_subpage_models() == []
    assert ReportingGuidePage.allowed_subpage_models() == []
    assert ResponseProceduresPage.allowed_subpage_models() == []


def test_a_coc_page_holds_only_its_companion_pages():
    assert CodeOfConductPage.allowed_subpage_models() == [
        ReportingGuidePage,
        ResponseProceduresPage,
    ]
    assert ReportingGuidePage.allowed_parent_page_models() == [CodeOfConductPage]
    assert ResponseProceduresPage.allowed_parent_page_models() == [CodeOfConductPage]


@pytest.mark.django_db
def test_a_coc_page_may_not_hold_a_report_index():
    assert not TransparencyReportIndexPage.can_create_at(CodeOfConductPage())
