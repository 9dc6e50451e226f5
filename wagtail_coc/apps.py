from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailCoCConfig(AppConfig):
    name = "wagtail_coc"
    label = "wagtail_coc"
    verbose_name = _("Code of Conduct")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_coc import (
            caching,
            checks,  # noqa: F401
            purging,
        )

        caching.connect_receivers()
        purging.connect_receivers()
