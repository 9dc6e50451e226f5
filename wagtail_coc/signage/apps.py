from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_coc.checks import require_core


class WagtailCoCSignageConfig(AppConfig):
    name = "wagtail_coc.signage"
    label = "wagtail_coc_signage"
    verbose_name = _("Code of Conduct signage")

    def import_models(self):
        require_core(self)
        super().import_models()
