from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from wagtail_coc.checks import require_core


class WagtailCoCCaseworkConfig(AppConfig):
    name = "wagtail_coc.casework"
    label = "wagtail_coc_casework"
    verbose_name = _("Code of Conduct casework")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        require_core(self)
        # Cases are built on the transparency app's keys and register: stop before importing
        # them, with the fix, rather than fail on a model of an app that is not installed.
        if not self.apps.is_installed("wagtail_coc.transparency"):
            raise ImproperlyConfigured(
                "wagtail_coc.casework needs 'wagtail_coc.transparency' (its encryption keys and "
                "the protected names register): add it to INSTALLED_APPS, above 'wagtail'."
            )
        super().import_models()

    def ready(self):
        from wagtail.contrib.settings.registry import registry as settings_registry
        from wagtail.permissions import register_permission_policy

        from wagtail_coc.casework import checks  # noqa: F401
        from wagtail_coc.casework.cases import rewrap_on_rotation
        from wagtail_coc.casework.events import Event
        from wagtail_coc.casework.models import Case, CaseAccess, OnDutyShift, RetentionSettings
        from wagtail_coc.casework.permissions import (
            CaseAccessLogPolicy,
            CasePermissionPolicy,
            TeamToolPolicy,
        )
        from wagtail_coc.transparency.encryption import keys_rotating

        # Before any view asks for a policy (see wagtail/contrib/redirects/permissions.py).
        register_permission_policy(Case, CasePermissionPolicy(Case))
        register_permission_policy(CaseAccess, CaseAccessLogPolicy(CaseAccess))
        register_permission_policy(Event, TeamToolPolicy(Event))
        # Its menu item and its team-leads-only policy (RetentionSettings.get_permission_policy).
        settings_registry.register(RetentionSettings, icon="time")
        register_permission_policy(OnDutyShift, TeamToolPolicy(OnDutyShift))
        # coc_rotate_keys re-wraps the case keys too, so the old key can then be dropped.
        keys_rotating.connect(rewrap_on_rotation, dispatch_uid="wagtail_coc_casework_rewrap")
        post_migrate.connect(create_team_leads_group, sender=self)


def create_team_leads_group(sender, **kwargs):
    """The team leads' group exists once the app is migrated; a site adds its leads to it."""
    from wagtail_coc.conf import team_lead_group_name
    from wagtail_coc.transparency.workflows import ensure_group

    ensure_group(team_lead_group_name())
