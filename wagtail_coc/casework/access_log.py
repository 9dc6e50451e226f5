"""Every read of a case, recorded: who, when, which case (by number), never content.

Entries are hash-chained: each holds a digest of its own fields and of the entry before it, so
deleting or editing an entry breaks the chain, which ``verify_chain()`` reports (OWASP ASVS
16.3.2 and 16.4.2).
"""

import hashlib

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class CaseAccess(models.Model):
    class Action(models.TextChoices):
        LISTED = "listed", _("Listed cases")
        OPENED = "opened", _("Opened a case")
        CHANGED = "changed", _("Changed a case")
        PURGED = "purged", _("Purged a case")

    timestamp = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_number = models.PositiveBigIntegerField(_("who (user number)"), null=True)
    case_number = models.PositiveBigIntegerField(_("case number"), null=True)
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("case access")
        verbose_name_plural = _("case access log")
        ordering = ["-timestamp", "-pk"]
        default_permissions = ()

    def __str__(self):
        return f"{self.get_action_display()} ({self.timestamp:%Y-%m-%d %H:%M})"

    def compute_digest(self) -> str:
        fields = [
            self.previous_digest,
            self.timestamp.isoformat(),
            self.action,
            str(self.actor_number or ""),
            str(self.case_number or ""),
        ]
        return hashlib.sha256("|".join(fields).encode()).hexdigest()

    def actor_display(self):
        if self.actor_number is None:
            # Purges without a person are the retention schedule's (``retention``).
            if self.action == self.Action.PURGED:
                return str(_("the retention schedule"))
            return str(_("unknown"))
        return str(_("user #%(number)s (%(username)s)") % {
            "number": self.actor_number, "username": self.actor or _("deleted"),
        })  # fmt: skip

    actor_display.short_description = _("who")


def record(user, action, case=None) -> CaseAccess:
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        last = (
            CaseAccess.objects.select_for_update().order_by("-pk").values_list("digest", flat=True)
        ).first()
        entry = CaseAccess(
            action=action,
            actor=actor,
            actor_number=actor.pk if actor else None,
            case_number=case.pk if case is not None else None,
            previous_digest=last or GENESIS,
        )
        entry.digest = entry.compute_digest()
        entry.save()
    return entry


def verify_chain() -> list[int]:
    """The numbers of the entries where the chain breaks; empty when it is whole."""
    broken = []
    previous = GENESIS
    for entry in CaseAccess.objects.order_by("pk").iterator():
        if entry.previous_digest != previous or entry.digest != entry.compute_digest():
            broken.append(entry.pk)
        previous = entry.digest
    return broken
