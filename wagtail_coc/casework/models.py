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
from wagtail_coc.casework.pages import IncidentReportPage

__all__ = [
    "Case",
    "CaseAccess",
    "CaseAttachment",
    "CaseMessage",
    "CaseTransition",
    "Decision",
    "IncidentReportPage",
    "InvolvedPerson",
    "Recusal",
    "State",
    "TeamNote",
]
