from wagtail_coc.models.acceptance import CoCAcceptance
from wagtail_coc.models.emergency import EmergencyInfo, EmergencyNumber
from wagtail_coc.models.pages import CodeOfConductPage
from wagtail_coc.models.protected_names import (
    ProtectedName,
    protected_names_for_page,
    protected_names_for_site,
)
from wagtail_coc.models.registration import RegistrationFormField, RegistrationFormPage
from wagtail_coc.models.review import CoCReviewTask, FindingDismissal, SensitiveDataScanTask
from wagtail_coc.models.settings import CoCSettings
from wagtail_coc.models.short_version import ShortVersion
from wagtail_coc.models.team import CoCTeam, CommitteeMember
from wagtail_coc.models.transparency import (
    TransparencyReportIndexPage,
    TransparencyReportPage,
    TransparencyStatistic,
)

__all__ = [
    "CoCAcceptance",
    "CoCReviewTask",
    "CoCSettings",
    "CoCTeam",
    "CodeOfConductPage",
    "CommitteeMember",
    "EmergencyInfo",
    "EmergencyNumber",
    "FindingDismissal",
    "ProtectedName",
    "RegistrationFormField",
    "RegistrationFormPage",
    "SensitiveDataScanTask",
    "ShortVersion",
    "TransparencyReportIndexPage",
    "TransparencyReportPage",
    "TransparencyStatistic",
    "protected_names_for_page",
    "protected_names_for_site",
]
