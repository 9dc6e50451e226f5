from django.contrib import admin
from django.db import models
from django.db.models import BooleanField, Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CoCAcceptanceQuerySet(models.QuerySet):
    def with_is_current(self):
        """Annotate ``is_current_version``: whether the accepted version is still the live one.

        An acceptance whose CoC page was deleted counts as not current: nobody can tell
        whether what they agreed to is what applies now.
        """
        return self.annotate(
            is_current_version=Case(
                When(coc_page__version_label=F("version_label"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def outdated(self):
        return self.with_is_current().filter(is_current_version=False)


class CoCAcceptance(models.Model):
    """One person's agreement to one version of a Code of Conduct.

    The title and version are copied at acceptance time so the record stays meaningful
    after the page is edited, renamed or deleted.
    """

    coc_page = models.ForeignKey(
        "wagtail_coc.CodeOfConductPage",
        verbose_name=_("Code of Conduct page"),
        null=True,
        blank=True,
        # Deleting a CoC page must not be blocked by (or erase) the record of who agreed to it.
        on_delete=models.SET_NULL,
        related_name="acceptances",
    )
    coc_title = models.CharField(_("Code of Conduct title"), max_length=255)
    version_label = models.CharField(_("version"), max_length=50)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        help_text=_("Supplied by the form, e.g. a registration number or email address."),
    )
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where the acceptance was given, e.g. the registration form's title."),
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now, db_index=True)

    objects = CoCAcceptanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Code of Conduct acceptance")
        verbose_name_plural = _("Code of Conduct acceptances")
        ordering = ["-accepted_at", "-pk"]
        # Acceptances are evidence: nobody edits or adds them by hand in the admin.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.identifier} — {self.coc_title} {self.version_label}"

    @property
    @admin.display(description=_("current version"), boolean=True)
    def is_current(self) -> bool:
        if hasattr(self, "is_current_version"):
            return self.is_current_version
        return self.coc_page is not None and self.coc_page.version_label == self.version_label

    @classmethod
    def record(cls, coc_page, identifier, *, revision=None, source=""):
        """Record that ``identifier`` accepted ``revision`` (default: live) of ``coc_page``."""
        revision = revision or coc_page.live_revision
        shown = revision.content if revision is not None else {}
        # The person agreed to what they were shown, which may predate a newer version.
        version_label = shown.get("version_label", coc_page.version_label)
        return cls.objects.create(
            coc_page=coc_page,
            coc_title=shown.get("title", coc_page.title)[:255],
            version_label=version_label,
            revision=revision,
            identifier=identifier[:255],
            source=source[:255],
        )
