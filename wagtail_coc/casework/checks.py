"""System checks of the casework app: its settings, each error with the exact fix.

A missing transparency app is reported earlier, when the models load (``apps.py``)."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

from wagtail_coc import conf
from wagtail_coc.casework.attachments import MAX_BYTES


@register()
def casework_requirements(app_configs, **kwargs):
    errors = []
    if conf.casework_decision_minimum() < 1:
        errors.append(
            Error(
                "WAGTAIL_COC_CASEWORK_DECISION_MINIMUM must be at least 1.",
                hint="Set it to the number of team members who must agree (default 2).",
                id="wagtail_coc.E402",
            )
        )
    for name, value in (
        ("WAGTAIL_COC_CASEWORK_REPORTS_PER_HOUR", conf.casework_reports_per_hour()),
        ("WAGTAIL_COC_CASEWORK_CODE_ATTEMPTS_PER_HOUR", conf.casework_code_attempts_per_hour()),
    ):
        if value < 1:
            errors.append(
                Error(
                    f"{name} must be at least 1.",
                    hint="Remove it to use the default.",
                    id="wagtail_coc.E403",
                )
            )
    errors += _notifier_errors()
    if settings.FILE_UPLOAD_MAX_MEMORY_SIZE < MAX_BYTES:
        errors.append(
            Warning(
                "FILE_UPLOAD_MAX_MEMORY_SIZE is below 10 MB: a report's attachment larger than "
                "it is written to a temporary file on disk, unencrypted and with its metadata, "
                "before it is cleaned and encrypted.",
                hint="Set FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024 or more.",
                id="wagtail_coc.W401",
            )
        )
    return errors


def _notifier_errors():
    paths = conf.casework_notifiers()
    if not paths:
        return [
            Warning(
                "WAGTAIL_COC_CASEWORK_NOTIFIERS is empty: nobody is told when a case arrives.",
                hint="Remove it to notify by email.",
                id="wagtail_coc.W402",
            )
        ]
    errors = []
    for path in paths:
        try:
            import_string(path)
        except ImportError:
            errors.append(
                Error(
                    f"WAGTAIL_COC_CASEWORK_NOTIFIERS names {path!r}, which cannot be imported.",
                    hint="Give the dotted path of a class with send(recipients, subject, text).",
                    id="wagtail_coc.E404",
                )
            )
    return errors
