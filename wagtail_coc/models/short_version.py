from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index

from wagtail_coc import conf
from wagtail_coc.models.layout import PreviewLayoutMixin
from wagtail_coc.privacy import Scanner

SHORT_VERSION_MAX_LENGTH = 600
NOTE_HOLDS_CONTACTS = _(
    "Remove the email address or phone number: contacts come from the team, so a changed "
    "hotline reaches every sign at once."
)


def holds_contacts(text: str) -> bool:
    """Whether ``text`` has an email address or a phone number typed into it."""
    return bool(text) and any(
        finding.kind in {"email", "phone"}
        for finding in Scanner(region=conf.default_region()).scan(text, html=False)
    )


def team_contact_line(team, note: str = "") -> str:
    """ "conduct@example.org · +1 415-555-0123 · note", from the team's current contacts."""
    parts = []
    if team is not None:
        parts.append(team.shared_email)
        hotline = team.hotline_number
        if hotline:
            parts.append(hotline.display)
    parts.append(note)
    return " · ".join(part for part in parts if part)


class ShortVersion(
    PreviewLayoutMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """The meetup-sized CoC: a few sentences for opening slides, signage and announcements."""

    name = models.CharField(_("name"), max_length=255, help_text=_("For editors."))
    text = models.TextField(
        _("text"),
        max_length=SHORT_VERSION_MAX_LENGTH,
        validators=[MaxLengthValidator(SHORT_VERSION_MAX_LENGTH)],
        help_text=format_lazy(
            _("A few sentences that fit on one slide; at most {max} characters."),
            max=SHORT_VERSION_MAX_LENGTH,
        ),
    )
    contact_note = models.CharField(
        _("contact note"),
        max_length=200,
        blank=True,
        help_text=_(
            "Anything else about finding the team, e.g. 'or ask anyone in a purple lanyard'. "
            "The team's email and hotline are added from the team, so they are never out of date."
        ),
    )
    badge_line = models.CharField(
        _("badge reminder"),
        max_length=80,
        blank=True,
        help_text=_(
            "One line printed on badges next to the QR code, e.g. 'Be excellent to each "
            "other'. The team's email is added from the team."
        ),
    )
    coc_page = models.ForeignKey(
        "wagtail_coc.CodeOfConductPage",
        verbose_name=_("full Code of Conduct"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("text"),
        FieldPanel("contact_note"),
        FieldPanel("badge_line"),
        "coc_page",
    ]
    search_fields = [index.SearchField("name"), index.SearchField("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("short version")
        verbose_name_plural = _("short versions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {
            field: NOTE_HOLDS_CONTACTS
            for field in ("contact_note", "badge_line")
            if holds_contacts(getattr(self, field))
        }
        if errors:
            raise ValidationError(errors)

    def get_preview_template(self, request, mode_name):
        return "wagtail_coc/previews/short_version.html"
