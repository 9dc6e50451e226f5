from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail_coc.checks import require_core


class WagtailCoCCaseworkConfig(AppConfig):
    name = "wagtail_coc.casework"
    label = "wagtail_coc_casework"
    verbose_name = _("Code of Conduct casework")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_core(self)
        super().import_models()

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from wagtail_coc.casework import checks  # noqa: F401
        from wagtail_coc.casework.cases import rewrap_on_rotation
        from wagtail_coc.casework.models import Case, CaseAccess
        from wagtail_coc.casework.permissions import CaseAccessLogPolicy, CasePermissionPolicy
        from wagtail_coc.transparency.encryption import keys_rotating

        # Before any view asks for a policy (see wagtail/contrib/redirects/permissions.py).
        register_permission_policy(Case, CasePermissionPolicy(Case))
        register_permission_policy(CaseAccess, CaseAccessLogPolicy(CaseAccess))
        # coc_rotate_keys re-wraps the case keys too, so the old key can then be dropped.
        keys_rotating.connect(rewrap_on_rotation, dispatch_uid="wagtail_coc_casework_rewrap")
