"""Page tree rules: reports only under a report index, leaves stay leaves."""

import pytest

from wagtail_coc.acceptance.models import RegistrationFormPage
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.transparency.models import TransparencyReportIndexPage, TransparencyReportPage


def test_reports_live_only_under_a_report_index():
    assert TransparencyReportPage.allowed_parent_page_models() == [TransparencyReportIndexPage]
    assert TransparencyReportIndexPage.allowed_subpage_models() == [TransparencyReportPage]
    assert TransparencyReportPage.allowed_subpage_models() == []


def test_documents_and_forms_are_leaves():
    assert CodeOfConductPage.allowed_subpage_models() == []
    assert RegistrationFormPage.allowed_subpage_models() == []


@pytest.mark.django_db
def test_a_coc_page_may_not_hold_a_report_index():
    assert not TransparencyReportIndexPage.can_create_at(CodeOfConductPage())
