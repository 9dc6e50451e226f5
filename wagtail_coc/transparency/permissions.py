"""Who may see the protected names register: the Code of Conduct team, and nobody else.

Membership is the group named by ``WAGTAIL_COC_TEAM_GROUP`` (default "CoC team"). Superusers are
outside the team unless ``WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES`` is True: site admins
often are not the people trusted with reports. The rule lives in a permission policy so every
admin view (listing, add, edit, delete, history, usage, menu item) applies it, not just the
listing queryset.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail import hooks
from wagtail.models import PagePermissionTester
from wagtail.permission_policies import BasePermissionPolicy

from wagtail_coc.conf import (
    only_team_edits_reports,
    reviewers_group_name,
    superusers_see_protected_names,
    team_group_name,
)


def is_coc_team_member(user) -> bool:
    """Whether ``user`` may read and manage the protected names register."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser and superusers_see_protected_names():
        return True
    return in_team_group(user)


# Apps above this one (casework) hide entries from some members: each hook takes the user and
# a queryset of register entries and returns the entries that user may see.
REGISTER_ENTRIES_HOOK = "wagtail_coc_register_entries_for"


def register_entries_for(user, queryset):
    """The register entries of ``queryset`` that ``user`` may see."""
    for hook in hooks.get_hooks(REGISTER_ENTRIES_HOOK):
        queryset = hook(user, queryset)
    return queryset


def in_team_group(user) -> bool:
    """Whether an active, signed-in ``user`` is in the CoC team group (superusers too only
    when they are members)."""
    return in_group(user, team_group_name())


def in_group(user, group) -> bool:
    """Whether an active, signed-in ``user`` is a member of ``group``, superuser or not."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    # Admin views ask several times per request, for several groups; the user object lives
    # for one request, so one query answers them all.
    names = user.__dict__.get("_wagtail_coc_groups")
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user.__dict__["_wagtail_coc_groups"] = names
    return group in names


class CoCTeamOnlyPermissionPolicy(BasePermissionPolicy):
    """Every action is allowed to team members and refused to everyone else.

    Django's model permissions (add/change/delete/view) are not consulted: granting them to a
    group outside the team must not open the register.
    """

    def user_has_permission(self, user, action):
        return is_coc_team_member(user)

    def user_has_any_permission(self, user, actions):
        return is_coc_team_member(user)

    def users_with_any_permission(self, actions):
        members = Q(groups__name=team_group_name())
        if superusers_see_protected_names():
            members |= Q(is_superuser=True)
        return get_user_model().objects.filter(members, is_active=True).distinct()


class CoCTeamReadOnlyPermissionPolicy(CoCTeamOnlyPermissionPolicy):
    """Team members may view; nobody may add, change or delete (the access log)."""

    def user_has_permission(self, user, action):
        return action == "view" and is_coc_team_member(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and is_coc_team_member(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


def is_coc_reviewer(user) -> bool:
    return in_group(user, reviewers_group_name())


def may_handle_reports(user) -> bool:
    """Whether ``user`` may edit pages of the transparency app (team or reviewers).

    Everyone else would learn from the editor's refusals (a title, a summary, a comment)
    whether a text holds a protected name; ``WAGTAIL_COC_ONLY_TEAM_EDITS_REPORTS = False``
    returns to Wagtail's page permissions alone.
    """
    if not only_team_edits_reports():
        return True
    return is_coc_team_member(user) or is_coc_reviewer(user)


class ReportPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, and on top of them: team or reviewers only.

    Viewing the page in the explorer stays open; every action that opens the editor, its
    history, or copies, moves, publishes or deletes the page needs ``may_handle_reports``.
    """

    ACTIONS = (
        "can_add_subpage",
        "can_edit",
        "can_delete",
        "can_unpublish",
        "can_publish",
        "can_submit_for_moderation",
        "can_set_view_restrictions",
        "can_unschedule",
        "can_lock",
        "can_unlock",
        "can_publish_subpage",
        "can_reorder_children",
        "can_move",
        "can_copy",
        "can_move_to",
        "can_copy_to",
        "can_view_revisions",
    )

    def __getattribute__(self, name):
        attribute = super().__getattribute__(name)
        if name in ReportPermissionTester.ACTIONS and not may_handle_reports(self.user):
            return _refuse
        return attribute


def _refuse(*args, **kwargs):
    return False
