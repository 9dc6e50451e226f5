from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index

from wagtail_coc import conf
from wagtail_coc.models.layout import PreviewLayoutMixin
from wagtail_coc.phone import PhoneNumber, present

NUMBER_OR_URL_MESSAGE = _("Give a number or a web address.")


class EmergencyInfo(
    PreviewLayoutMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """Where the event is and whom to call when someone is in danger."""

    name = models.CharField(
        _("name"), max_length=255, help_text=_("For editors, e.g. 'Main venue, 2027'.")
    )
    venue_name = models.CharField(
        _("venue"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty for an online or global event."),
    )
    venue_address = models.TextField(_("venue address"), blank=True)
    region = models.CharField(
        _("phone region"),
        max_length=2,
        default=conf.default_region,
        help_text=_("Country of the venue: numbers are read and shown in its national format."),
    )
    hospital_name = models.CharField(_("nearest hospital"), max_length=255, blank=True)
    hospital_address = models.TextField(_("hospital address"), blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("E.g. where the first-aid kit and defibrillator are."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("venue_name"), FieldPanel("region")]),
        FieldPanel("venue_address"),
        MultiFieldPanel(
            [FieldPanel("hospital_name"), FieldPanel("hospital_address")],
            heading=_("Nearest hospital"),
        ),
        InlinePanel("numbers", heading=_("Phone numbers"), label=_("Number"), min_num=1),
        FieldPanel("notes"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("emergency information")
        verbose_name_plural = _("emergency information")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_preview_template(self, request, mode_name):
        return "wagtail_coc/previews/emergency_info.html"


class EmergencyNumber(Orderable):
    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency services")
        POLICE = "police", _("Police (non-emergency)")
        FIRE = "fire", _("Fire")
        MEDICAL = "medical", _("Medical / ambulance")
        HOSPITAL = "hospital", _("Nearest hospital")
        VENUE_SECURITY = "venue_security", _("Venue security")
        CRISIS_LINE = "crisis_line", _("Crisis line")
        ONLINE_SAFETY = "online_safety", _("Online safety")
        OTHER = "other", _("Other")

    info = ParentalKey(EmergencyInfo, related_name="numbers", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(
        _("label"),
        max_length=255,
        blank=True,
        help_text=_("Optional, e.g. 'Samaritans (24/7)'. Defaults to the kind."),
    )
    number = models.CharField(
        _("number"),
        max_length=32,
        blank=True,
        help_text=_("As you would dial it locally, or with + and the country code."),
    )
    url = models.URLField(
        _("web address"),
        blank=True,
        # Only http and https: the address is shown as a link on public pages and signs.
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Instead of a number, e.g. a police web form or an online-safety service."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("label"), FieldPanel("number"), FieldPanel("url")]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("emergency number")
        verbose_name_plural = _("emergency numbers")

    def __str__(self):
        return f"{self.display_label}: {self.number or self.url}"

    def clean(self):
        super().clean()
        if not self.number and not self.url:
            raise ValidationError({"number": NUMBER_OR_URL_MESSAGE})

    @property
    def display_label(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def phone(self) -> PhoneNumber | None:
        return present(self.number, self.info.region) if self.number else None
