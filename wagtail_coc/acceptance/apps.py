from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_coc.checks import require_core


class WagtailCoCAcceptanceConfig(AppConfig):
    name = "wagtail_coc.acceptance"
    label = "wagtail_coc_acceptance"
    verbose_name = _("Code of Conduct acceptance")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_core(self)
        super().import_models()

    def ready(self):
        from wagtail_coc.acceptance import checks  # noqa: F401
