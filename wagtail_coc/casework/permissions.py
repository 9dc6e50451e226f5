"""Who may see a case: team members who are not recused from it, and nobody else.

Membership is the group named by ``WAGTAIL_COC_TEAM_GROUP``. Unlike the protected names
register, superusers outside the team never see cases, whatever
``WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES`` says. For a recused member (declared a conflict,
excluded by the reporter, or involved) the case does not exist: every view looks cases up
through ``Case.objects.visible_to(user)``, so lists, counts, search and direct URLs agree.
"""

from django.contrib.auth import get_user_model
from wagtail.models import Site
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy

from wagtail_coc.conf import team_group_name, team_lead_group_name
from wagtail_coc.transparency.permissions import in_group, in_team_group


def is_case_worker(user) -> bool:
    """Team members only: unlike the register, cases are never opened to superusers."""
    return in_team_group(user)


def is_team_lead(user) -> bool:
    """A team member who is also in the team leads' group."""
    return is_case_worker(user) and in_group(user, team_lead_group_name())


def members_who_may_see(case):
    """Active team members not recused from ``case``."""
    return team_members().exclude(pk__in=case.recusals.values("user"))


def team_members():
    return (
        get_user_model()
        .objects.filter(groups__name=team_group_name(), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


class CasePermissionPolicy(BasePermissionPolicy):
    """Team members may view and change the cases they are not recused from, and record new
    ones (reports that came by email, phone or in person). Nobody deletes through Wagtail's
    generic views: purging is a separate, logged operation."""

    ACTIONS = ("add", "view", "change")

    def user_has_permission(self, user, action):
        return action in self.ACTIONS and is_case_worker(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not set(actions) & set(self.ACTIONS):
            return get_user_model().objects.none()
        return team_members()

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.model.objects.visible_to(user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_permission_for(self, user, action):
        if action not in self.ACTIONS:
            return self.model.objects.none()
        return self.model.objects.visible_to(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) & set(self.ACTIONS):
            return self.model.objects.none()
        return self.model.objects.visible_to(user)


class CaseAccessLogPolicy(BasePermissionPolicy):
    """The case access log: the team leads may read it; nobody writes it by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and is_team_lead(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and is_team_lead(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return team_members().filter(groups__name=team_lead_group_name())


class TeamLeadSettingPolicy(SitePermissionPolicy):
    """A site setting of casework (the retention periods) that only the team leads see and
    change, on every site; no model permission or superuser status opens it."""

    def user_has_any_permission(self, user, actions):
        return is_team_lead(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return is_team_lead(user)

    def sites_user_has_any_permission_for(self, user, actions):
        return Site.objects.all() if is_team_lead(user) else Site.objects.none()

    def users_with_any_permission(self, actions):
        return team_members().filter(groups__name=team_lead_group_name())

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)


class TeamToolPolicy(BasePermissionPolicy):
    """The team's own tools (events, the on-duty rota): every team member may use them; nobody
    else, superusers outside the team included, whatever Django model permissions they hold."""

    def user_has_permission(self, user, action):
        return is_case_worker(user)

    def user_has_any_permission(self, user, actions):
        return is_case_worker(user)

    def users_with_any_permission(self, actions):
        return team_members()
