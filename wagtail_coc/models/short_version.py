from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index

from wagtail_coc.models.layout import PreviewLayoutMixin

SHORT_VERSION_MAX_LENGTH = 600


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
    contact_line = models.CharField(
        _("contact line"),
        max_length=200,
        help_text=_("How to reach the CoC team, e.g. 'conduct@example.org · +1 555 0100'."),
    )
    badge_line = models.CharField(
        _("badge reminder"),
        max_length=80,
        blank=True,
        help_text=_(
            "One line printed on badges next to the QR code, e.g. "
            "'Code of Conduct: example.org/coc · conduct@example.org'. "
            "Defaults to the contact line."
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
        FieldPanel("contact_line"),
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

    def get_preview_template(self, request, mode_name):
        return "wagtail_coc/previews/short_version.html"
