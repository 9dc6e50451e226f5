from wagtail.signals import page_published

from wagtail_coc.transparency.models import TransparencyReportPage
from wagtail_coc.transparency.scan.redaction import redact_revision_history


def redact_report_history(sender, instance, **kwargs):
    redact_revision_history(instance)


def register_signal_handlers():
    page_published.connect(redact_report_history, sender=TransparencyReportPage)
