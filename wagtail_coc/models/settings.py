from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from wagtail_coc.sanitise import TamperProofFormMixin


class CoCSettingsForm(TamperProofFormMixin, WagtailAdminModelForm):
    pass


@register_setting(icon="clipboard-list")
class CoCSettings(BaseSiteSetting):
    """Per-site defaults used by the template tags and blocks when none is given."""

    default_coc_page = models.ForeignKey(
        "wagtail_coc.CodeOfConductPage",
        verbose_name=_("Code of Conduct page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    default_team = models.ForeignKey(
        "wagtail_coc.CoCTeam",
        verbose_name=_("Code of Conduct team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    default_emergency_info = models.ForeignKey(
        "wagtail_coc.EmergencyInfo",
        verbose_name=_("emergency information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("default_coc_page"),
        FieldPanel("default_team"),
        FieldPanel("default_emergency_info"),
    ]
    base_form_class = CoCSettingsForm

    class Meta:
        verbose_name = _("Code of Conduct settings")
