from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailCoCConfig(AppConfig):
    name = "wagtail_coc"
    label = "wagtail_coc"
    verbose_name = _("Code of Conduct")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_coc import checks  # noqa: F401
        from wagtail_coc.caching import connect_receivers

        connect_receivers()
