"""The casework app's system checks name the fix."""

from wagtail_coc.casework.checks import casework_requirements


def test_a_decision_minimum_below_one_is_an_error(settings):
    settings.WAGTAIL_COC_CASEWORK_DECISION_MINIMUM = 0
    assert [error.id for error in casework_requirements(None)] == ["wagtail_coc.E402"]


def test_rate_limits_below_one_are_errors(settings):
    settings.WAGTAIL_COC_CASEWORK_REPORTS_PER_HOUR = 0
    settings.WAGTAIL_COC_CASEWORK_CODE_ATTEMPTS_PER_HOUR = 0
    assert [error.id for error in casework_requirements(None)] == ["wagtail_coc.E403"] * 2


def test_the_demo_settings_pass(settings):
    assert casework_requirements(None) == []
