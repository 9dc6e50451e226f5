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

from wagtail_coc.conf import (
    reviewers_group_name,
    superusers_see_protected_names,
    team_group_name,
    team_lead_group_name,
)

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
        JOINED_REVIEWERS = "joined_review", _("Joined the CoC reviewers")
        LEFT_REVIEWERS = "left_review", _("Left the CoC reviewers")
        JOINED_LEADS = "joined_leads", _("Joined the CoC team leads")
        LEFT_LEADS = "left_leads", _("Left the CoC team leads")
        EMAIL_CHANGED = "email_changed", _("Changed the email address of a team member or reviewer")
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


def _access_groups() -> dict[str, tuple[str, str]]:
    """The groups whose members read protected names, with their (joined, left) actions.

    The team reads the register; reviewers open every report's editor, drafts the scan sent
    back included; team leads read the case access log and purge cases. Joining any of them is
    recorded and told to the team.
    """
    return {
        team_group_name(): (RegisterAccess.Action.JOINED_TEAM, RegisterAccess.Action.LEFT_TEAM),
        reviewers_group_name(): (
            RegisterAccess.Action.JOINED_REVIEWERS,
            RegisterAccess.Action.LEFT_REVIEWERS,
        ),
        team_lead_group_name(): (
            RegisterAccess.Action.JOINED_LEADS,
            RegisterAccess.Action.LEFT_LEADS,
        ),
    }


def _record_and_notify(what, members, joined) -> None:
    actor = _actor()
    entries = [_record(what, actor, member) for member in members]
    team = Group.objects.filter(name=team_group_name()).first()
    if team is not None:
        # Whoever joined is not told of their own arrival; whoever left is no longer a member.
        notify_team(team, entries, excluded={member.pk for member in members} if joined else ())


def team_membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``m2m_changed`` of ``User.groups``, from either side, for the team and reviewers."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    access_groups = _access_groups()
    groups = {group.pk: group for group in Group.objects.filter(name__in=access_groups)}
    if not groups:
        return
    users = get_user_model().objects
    joined = action == "post_add"
    changes = []  # (group, members)
    if reverse:
        if instance.pk not in groups:
            return
        members = list(
            instance.user_set.all() if action == "pre_clear" else users.filter(pk__in=pk_set)
        )
        changes.append((groups[instance.pk], members))
    else:
        instance.__dict__.pop("_wagtail_coc_groups", None)
        if action == "pre_clear":
            changed = set(instance.groups.filter(pk__in=groups).values_list("pk", flat=True))
        else:
            changed = set(groups) & set(pk_set or ())
        changes += [(groups[pk], [instance]) for pk in changed]
    for group, members in changes:
        if not members:
            continue
        joined_action, left_action = access_groups[group.name]
        _record_and_notify(joined_action if joined else left_action, members, joined)


def team_group_renamed(sender, instance, **kwargs):
    """``pre_save`` of groups: renaming a group to (or from) the team's or the reviewers' name
    changes who reads protected names as surely as adding members does."""
    if instance.pk is None:
        return
    old_name = Group.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    access_groups = _access_groups()
    if old_name == instance.name:
        return
    members = None
    for name, joined in ((old_name, False), (instance.name, True)):
        if name not in access_groups:
            continue
        if members is None:
            members = list(instance.user_set.all())
        if not members:
            return
        joined_action, left_action = access_groups[name]
        if joined and name == team_group_name():
            # The renamed group is the team from now on: its members are told, not the others.
            actor = _actor()
            what = joined_action
            entries = [_record(what, actor, member) for member in members]
            notify_team(instance, entries, excluded={member.pk for member in members})
            continue
        _record_and_notify(joined_action if joined else left_action, members, joined)


def account_status_changed(sender, instance, **kwargs):
    """``pre_save`` of users: becoming a superuser (with
    ``WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES``) is joining the team, and reactivating
    (or deactivating) an account that is in the team or reviewers group is joining (or
    leaving) them: deactivated accounts usually keep their groups."""
    if instance.pk is None:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not {"is_active", "is_superuser", "email"} & set(
        update_fields
    ):
        return  # a login's last_login, say
    stored = (
        type(instance)
        .objects.filter(pk=instance.pk)
        .values("is_superuser", "is_active", "email")
        .first()
    )
    if stored is None:
        return
    access_groups = _access_groups()
    changes = []  # (group name, joined)
    was_active, is_active = bool(stored["is_active"]), bool(instance.is_active)
    if was_active != is_active:
        names = list(instance.groups.filter(name__in=access_groups).values_list("name", flat=True))
        if superusers_see_protected_names() and (stored["is_superuser"] or instance.is_superuser):
            names.append(team_group_name())
        changes += [(name, is_active) for name in dict.fromkeys(names)]
    elif is_active and superusers_see_protected_names():
        if bool(stored["is_superuser"]) != bool(instance.is_superuser):
            in_team = instance.groups.filter(name=team_group_name()).exists()
            if not in_team:
                changes.append((team_group_name(), bool(instance.is_superuser)))
    for name, joined in changes:
        joined_action, left_action = access_groups[name]
        _record_and_notify(joined_action if joined else left_action, [instance], joined)
    if (stored["email"] or "") != (getattr(instance, "email", "") or ""):
        _email_changed(instance, stored, access_groups)


def _email_changed(instance, stored, access_groups) -> None:
    """The team is told by email, so changing a member's (or reviewer's) address is changing
    who is told: recorded, and told to the team and to the old address (an intruder who
    redirects the team's mail before joining is reported to the people they locked out)."""
    reads = instance.groups.filter(name__in=access_groups).exists() or (
        superusers_see_protected_names() and stored["is_superuser"]
    )
    if not reads:
        return
    entry = _record(RegisterAccess.Action.EMAIL_CHANGED, _actor(), instance)
    team = Group.objects.filter(name=team_group_name()).first()
    notify_team(team, [entry], extra_recipients=[stored["email"]] if stored["email"] else [])


def notify_team(team, entries, excluded=(), extra_recipients=()) -> int:
    """Email the team's members about membership changes; names no one. Returns how many."""
    members = team.user_set.filter(is_active=True).exclude(pk__in=excluded) if team else []
    recipients = list(
        dict.fromkeys([*(user.email for user in members if user.email), *extra_recipients])
    )
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
