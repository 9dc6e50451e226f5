"""The protected names register: people whose names must never be published.

Names, aliases and handles of reporters and reported people are kept per site (one site may
serve several events) and stored only as ciphertext (see ``transparency.encryption``).
Nothing here may put a name where it outlives the register: the model has no revisions, and its
string form (used by Wagtail's log entries, breadcrumbs, titles and messages) is a number.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import Site

from wagtail_coc.sanitise import TamperProofFormMixin
from wagtail_coc.transparency.encryption import EncryptedTextField, get_fernet


def normalise(name: str) -> str:
    return " ".join(name.split()).casefold()


class ProtectedNameForm(TamperProofFormMixin, WagtailAdminModelForm):
    pass


class ProtectedName(models.Model):
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The event site whose pages must never show this name."),
    )
    value = EncryptedTextField(
        _("name, alias or handle"),
        help_text=_(
            "One spelling per entry: add nicknames, handles (e.g. @sam) and other spellings "
            "separately. Stored encrypted and shown only to the Code of Conduct team."
        ),
    )
    note = EncryptedTextField(
        _("note"),
        blank=True,
        help_text=_("Optional, for the team only, e.g. which report this relates to."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("site"), FieldPanel("value"), FieldPanel("note")]
    base_form_class = ProtectedNameForm

    class Meta:
        verbose_name = _("protected name")
        verbose_name_plural = _("protected names")
        ordering = ["site", "-created_at"]

    def __str__(self):
        # Wagtail copies str(instance) into log entries, page titles and breadcrumbs.
        if self.pk is None:
            return str(_("New protected name"))
        return str(_("Protected name #%(number)s") % {"number": self.pk})

    def save(self, *args, **kwargs):
        # Fail on missing or bad keys before the database is touched, so the error does not
        # also break the surrounding transaction.
        get_fernet()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.value or not self.site_id:
            return
        if not self.value.strip():
            raise ValidationError({"value": _("Enter a name, alias or handle.")})
        # Ciphertext is randomised, so duplicates can only be found after decrypting.
        others = ProtectedName.objects.filter(site_id=self.site_id).exclude(pk=self.pk)
        wanted = normalise(self.value)
        if any(normalise(other.value) == wanted for other in others.only("value")):
            raise ValidationError(
                {"value": _("This name is already in the register for this site.")}
            )

    def listed_value(self):
        # A method rather than the field, so the listing offers no sorting by ciphertext.
        return self.value

    listed_value.short_description = _("name, alias or handle")


def protected_names_for_site(site: Site | int | None) -> list[str]:
    """Every protected name, alias and handle for ``site`` (a Site or its id), decrypted.

    For use by code that must keep these names out of content (the privacy scanner, the
    workflow task, publish guards). Never log or display the result.
    """
    if site is None:
        return []
    site_id = site if isinstance(site, int) else site.pk
    return [
        entry.value
        for entry in ProtectedName.objects.filter(site_id=site_id).only("value").order_by("pk")
    ]


def protected_names_for_page(page) -> list[str]:
    """The protected names of the site ``page`` belongs to."""
    return protected_names_for_site(page.get_site())
