"""The one place that reads wagtail-coc's settings, each when it is needed.

Read when called, never at import, so ``override_settings`` works and the system checks
(``checks.py`` of each app) validate exactly what the code will use. The documentation's
settings reference mirrors this module.
"""

import os

from django.conf import settings

ENCRYPTION_KEYS = "WAGTAIL_COC_ENCRYPTION_KEYS"


def default_region() -> str:
    """Region (ISO 3166 code) for reading national phone numbers typed without a country
    code, when a team or venue names none."""
    return getattr(settings, "WAGTAIL_COC_DEFAULT_REGION", "US")


def encryption_keys() -> tuple[str, ...]:
    """Keys of the register and of case data, newest first; empty when none are set.

    A list in settings, or a comma-separated environment variable of the same name.
    """
    keys = getattr(settings, ENCRYPTION_KEYS, None) or os.environ.get(ENCRYPTION_KEYS, "")
    if isinstance(keys, str | bytes):
        keys = keys.split("," if isinstance(keys, str) else b",")
    keys = (key.decode() if isinstance(key, bytes) else str(key) for key in keys)
    return tuple(key.strip() for key in keys if key and key.strip())


def team_group_name() -> str:
    """The group whose members are the Code of Conduct team."""
    return getattr(settings, "WAGTAIL_COC_TEAM_GROUP", "CoC team")


def team_lead_group_name() -> str:
    """The group whose members lead the Code of Conduct team: they read the case access log
    and purge cases."""
    return getattr(settings, "WAGTAIL_COC_TEAM_LEAD_GROUP", "CoC team leads")


def reviewers_group_name() -> str:
    """The group whose members review transparency reports."""
    return getattr(settings, "WAGTAIL_COC_REVIEWERS_GROUP", "CoC reviewers")


def superusers_see_protected_names() -> bool:
    """Whether superusers outside the team may read the protected names register."""
    return getattr(settings, "WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES", False)


def attach_review_workflow() -> bool:
    """Whether new transparency report indexes get the review workflow automatically."""
    return getattr(settings, "WAGTAIL_COC_ATTACH_REVIEW_WORKFLOW", True)


def only_team_edits_reports() -> bool:
    """Whether only the CoC team and reviewers may edit pages of the transparency app."""
    return getattr(settings, "WAGTAIL_COC_ONLY_TEAM_EDITS_REPORTS", True)


def phone_regions() -> tuple[str, ...]:
    """Regions whose national phone formats the scanner reads; default: the event's region
    (``WAGTAIL_COC_DEFAULT_REGION``)."""
    regions = getattr(settings, "WAGTAIL_COC_PHONE_REGIONS", None)
    if not regions:
        return (default_region(),)
    if isinstance(regions, str):
        regions = regions.split(",")
    return tuple(region.strip().upper() for region in regions if region.strip())


def base_template() -> str:
    """The site's base template that wagtail-coc's pages extend (``wagtail start`` creates
    ``base.html``). The pages fill its ``title``, ``extra_css``, ``body_class``, ``content``
    and ``extra_js`` blocks."""
    return getattr(settings, "WAGTAIL_COC_BASE_TEMPLATE", "base.html")


def casework_reports_per_hour() -> int:
    """How many incident reports one network address may submit in an hour (casework); the
    count is kept only in the cache, under a keyed hash of the address."""
    return int(getattr(settings, "WAGTAIL_COC_CASEWORK_REPORTS_PER_HOUR", 10))


def casework_code_attempts_per_hour() -> int:
    """How many wrong receipt codes one network address may try in an hour (casework)."""
    return int(getattr(settings, "WAGTAIL_COC_CASEWORK_CODE_ATTEMPTS_PER_HOUR", 10))


def casework_decision_minimum() -> int:
    """How many team members must agree to a case's decision before it is recorded."""
    return int(getattr(settings, "WAGTAIL_COC_CASEWORK_DECISION_MINIMUM", 2))


def casework_status_update_days() -> int:
    """How many days a case may run without a message to the reporter, when the Code of
    Conduct promises no update of its own (the PSF procedures ask for one after a week)."""
    return int(getattr(settings, "WAGTAIL_COC_CASEWORK_STATUS_UPDATE_DAYS", 7))


def casework_notifiers() -> tuple[str, ...]:
    """Dotted paths of the classes that carry the team's notifications (casework); each has
    ``send(recipients, subject, text)``."""
    return tuple(
        getattr(
            settings,
            "WAGTAIL_COC_CASEWORK_NOTIFIERS",
            ["wagtail_coc.casework.notifiers.EmailNotifier"],
        )
    )
