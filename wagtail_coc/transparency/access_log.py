"""Who joined or left the Code of Conduct team, and who read the register (OWASP ASVS 16.3.2).

A Django superuser can add themselves to the team group and read the protected names
register; that cannot be prevented, but it is never silent:

* every change to the team group's membership (from either side of the relation: a user's
  groups or the group's users; add, remove, clear) and every read of the register in the
  admin is recorded as a ``RegisterAccess``: who (the user, kept as a number if the account
  is deleted), when, what, and for membership changes whose membership changed. It holds no
  name, neither from the register nor of the people involved;
* the team's members are told by email when the membership changes; the message names no
  one, and points to the access log;
* the access log is shown in the admin to team members only (``views.access_log``).

The acting user comes from Wagtail's log context, which every admin view sets; changes made
elsewhere (a shell, Django's admin) are recorded with an unknown actor.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.admin.mail import send_mail
from wagtail.admin.utils import get_admin_base_url
from wagtail.log_actions import get_active_log_context

from wagtail_coc.conf import superusers_see_protected_names, team_group_name

logger = logging.getLogger(__name__)

# The admin viewset of the log (``views.access_log``), named here for the email's link.
ACCESS_LOG_VIEWSET = "coc_register_access"


def _user_reference(label):
    # The number is kept in a field of its own, so deleting an account keeps the entry whole.
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class RegisterAccess(models.Model):
    class Action(models.TextChoices):
        JOINED_TEAM = "joined_team", _("Joined the CoC team")
        LEFT_TEAM = "left_team", _("Left the CoC team")
        LISTED = "listed", _("Listed the register")
        OPENED = "opened", _("Opened a register entry")
        ADDED = "added", _("Opened the form to add an entry")
        DELETING = "deleting", _("Opened the deletion of an entry")
        HISTORY = "history", _("Opened the history of an entry")
        EXPORTED = "exported", _("Exported the register")

    timestamp = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    actor = _user_reference(_("who"))
    actor_number = models.PositiveBigIntegerField(_("who (user number)"), null=True)
    member = _user_reference(_("whose membership"))
    member_number = models.PositiveBigIntegerField(_("whose membership (user number)"), null=True)
    entry_number = models.PositiveBigIntegerField(_("register entry number"), null=True)

    class Meta:
        verbose_name = _("register access")
        verbose_name_plural = _("register access log")
        ordering = ["-timestamp", "-pk"]
        # Entries are written by the app only: no add, change or delete in any group editor.
        default_permissions = ()

    def __str__(self):
        return f"{self.get_action_display()} ({self.timestamp:%Y-%m-%d %H:%M})"

    def actor_display(self):
        return _user_display(self.actor, self.actor_number)

    actor_display.short_description = _("who")

    def member_display(self):
        if self.member_number is None:
            return ""
        return _user_display(self.member, self.member_number)

    member_display.short_description = _("whose membership")


def _user_display(user, number):
    if number is None:
        return str(_("unknown (outside Wagtail's admin)"))
    if user is None:
        return str(_("user #%(number)s (deleted)") % {"number": number})
    return str(_("user #%(number)s (%(username)s)") % {"number": number, "username": user})


def _actor(user=None):
    user = user if user is not None else get_active_log_context().user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def record_read(user, action, entry=None) -> RegisterAccess:
    """Record that ``user`` read the register (``action``, an ``Action``)."""
    return _record(action, _actor(user), entry_number=entry.pk if entry is not None else None)


def _record(action, actor, member=None, **fields) -> RegisterAccess:
    return RegisterAccess.objects.create(
        action=action,
        actor=actor,
        actor_number=actor.pk if actor else None,
        member=member,
        member_number=member.pk if member else None,
        **fields,
    )


def team_membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``m2m_changed`` of ``User.groups``, from either side."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    team = Group.objects.filter(name=team_group_name()).first()
    if team is None:
        return
    users = get_user_model().objects
    if reverse:
        if instance.pk != team.pk:
            return
        members = list(
            instance.user_set.all() if action == "pre_clear" else users.filter(pk__in=pk_set)
        )
    else:
        instance.__dict__.pop("_wagtail_coc_team_groups", None)
        in_team = (
            instance.groups.filter(pk=team.pk).exists()
            if action == "pre_clear"
            else team.pk in pk_set
        )
        members = [instance] if in_team else []
    if not members:
        return
    joined = action == "post_add"
    actor = _actor()
    what = RegisterAccess.Action.JOINED_TEAM if joined else RegisterAccess.Action.LEFT_TEAM
    entries = [_record(what, actor, member) for member in members]
    notify_team(team, entries, excluded={member.pk for member in members})


def team_group_renamed(sender, instance, **kwargs):
    """``pre_save`` of groups: renaming a group to (or from) the team's name changes who is in
    the team as surely as adding members does."""
    if instance.pk is None:
        return
    old_name = Group.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    team_name = team_group_name()
    if old_name == instance.name or team_name not in (old_name, instance.name):
        return
    members = list(instance.user_set.all())
    if not members:
        return
    joined = instance.name == team_name
    what = RegisterAccess.Action.JOINED_TEAM if joined else RegisterAccess.Action.LEFT_TEAM
    actor = _actor()
    entries = [_record(what, actor, member) for member in members]
    team = instance if joined else Group.objects.filter(name=team_name).first()
    if team is not None:
        notify_team(team, entries, excluded={member.pk for member in members} if joined else ())


def superuser_status_changed(sender, instance, **kwargs):
    """``pre_save`` of users: with ``WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES``, becoming a
    superuser is joining the team."""
    if instance.pk is None or not superusers_see_protected_names():
        return
    was = type(instance).objects.filter(pk=instance.pk).values_list("is_superuser", flat=True)
    was = was.first()
    if was is None or bool(was) == bool(instance.is_superuser):
        return
    joined = bool(instance.is_superuser)
    what = RegisterAccess.Action.JOINED_TEAM if joined else RegisterAccess.Action.LEFT_TEAM
    entry = _record(what, _actor(), instance)
    team = Group.objects.filter(name=team_group_name()).first()
    if team is not None:
        notify_team(team, [entry], excluded={instance.pk})


def notify_team(team, entries, excluded=()) -> int:
    """Email the team's members about membership changes; names no one. Returns how many."""
    recipients = [
        user.email
        for user in team.user_set.filter(is_active=True).exclude(pk__in=excluded)
        if user.email
    ]
    if not recipients:
        logger.warning("CoC team membership changed and no team member has an email address")
        return 0
    url = get_admin_base_url() or ""
    with override(settings.LANGUAGE_CODE):
        lines = [
            str(
                _("%(when)s: %(what)s: user #%(member)s, by %(who)s.")
                % {
                    "when": f"{entry.timestamp:%Y-%m-%d %H:%M} UTC",
                    "what": entry.get_action_display(),
                    "member": entry.member_number,
                    "who": _("user #%(number)s") % {"number": entry.actor_number}
                    if entry.actor_number
                    else _("an unknown user (outside Wagtail's admin)"),
                }
            )
            for entry in entries
        ]
        subject = str(_("The Code of Conduct team's membership changed"))
        body = "\n".join(
            [
                str(
                    _(
                        "The membership of the Code of Conduct team, who can read the "
                        "protected names register, changed:"
                    )
                ),
                "",
                *lines,
                "",
                str(
                    _("If you did not expect this, check the register access log: %(url)s")
                    % {"url": url + reverse(f"{ACCESS_LOG_VIEWSET}:index")}
                ),
            ]
        )
    send_mail(subject, body, recipients)
    return len(recipients)
