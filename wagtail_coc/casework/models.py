"""Public names of the casework app."""

from wagtail_coc.casework.access_log import CaseAccess
from wagtail_coc.casework.cases import (
    Case,
    CaseAttachment,
    CaseMessage,
    CaseTransition,
    Decision,
    InvolvedPerson,
    Recusal,
    State,
    TeamNote,
)
from wagtail_coc.casework.deadlines import OverdueNotice
from wagtail_coc.casework.events import Event
from wagtail_coc.casework.pages import IncidentReportPage
from wagtail_coc.casework.retention import RetentionHold, RetentionSettings
from wagtail_coc.casework.rota import OnDutyShift
from wagtail_coc.casework.statistics import CaseStatistics

__all__ = [
    "Case",
    "CaseAccess",
    "CaseAttachment",
    "CaseMessage",
    "CaseStatistics",
    "CaseTransition",
    "Decision",
    "Event",
    "IncidentReportPage",
    "InvolvedPerson",
    "OnDutyShift",
    "OverdueNotice",
    "Recusal",
    "RetentionHold",
    "RetentionSettings",
    "State",
    "TeamNote",
]
