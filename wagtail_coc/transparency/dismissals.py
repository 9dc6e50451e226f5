"""Reviewers' decisions that a finding is a false positive, stored without the match."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision


class FindingDismissal(models.Model):
    """A reviewer's decision that one finding in one revision is a false positive.

    The finding is stored as a keyed fingerprint (see ``transparency.scan.findings``), bound
    to the revision, its location, kind and occurrence: it covers that match only, and a
    later revision is scanned afresh.
    """

    revision = models.ForeignKey(
        Revision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="+"
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    location = models.CharField(_("location"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16)
    reason = models.TextField(_("reason"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed finding")
        verbose_name_plural = _("dismissed findings")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "fingerprint"], name="wagtail_coc_dismissal_unique"
            )
        ]

    def __str__(self):
        return f"{self.location} ({self.kind})"
