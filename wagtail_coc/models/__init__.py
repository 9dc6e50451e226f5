from wagtail_coc.models.companions import ReportingGuidePage, ResponseProceduresPage
from wagtail_coc.models.emergency import EmergencyInfo, EmergencyNumber
from wagtail_coc.models.pages import CodeOfConductPage
from wagtail_coc.models.settings import CoCSettings
from wagtail_coc.models.short_version import ShortVersion
from wagtail_coc.models.team import CoCTeam, CommitteeMember

__all__ = [
    "CoCSettings",
    "CoCTeam",
    "CodeOfConductPage",
    "CommitteeMember",
    "EmergencyInfo",
    "EmergencyNumber",
    "ReportingGuidePage",
    "ResponseProceduresPage",
    "ShortVersion",
]
