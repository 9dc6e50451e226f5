from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_coc.checks import require_core


class WagtailCoCTransparencyConfig(AppConfig):
    name = "wagtail_coc.transparency"
    label = "wagtail_coc_transparency"
    verbose_name = _("Code of Conduct transparency reports")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_core(self)
        super().import_models()

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from wagtail_coc.transparency import checks, copying  # noqa: F401
        from wagtail_coc.transparency.models import ProtectedName, RegisterAccess
        from wagtail_coc.transparency.permissions import (
            CoCTeamOnlyPermissionPolicy,
            CoCTeamReadOnlyPermissionPolicy,
        )
        from wagtail_coc.transparency.signal_handlers import register_signal_handlers

        # Before any view asks for the register's policy, or Wagtail falls back to model
        # permissions (see wagtail/contrib/redirects/permissions.py).
        register_permission_policy(ProtectedName, CoCTeamOnlyPermissionPolicy(ProtectedName))
        register_permission_policy(RegisterAccess, CoCTeamReadOnlyPermissionPolicy(RegisterAccess))
        register_signal_handlers()
        copying.install()
