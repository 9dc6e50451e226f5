"""Cases and everything recorded about them.

Nothing here has a revision, a search index entry or a log entry of Wagtail's: a case's content
never enters the page machinery. Every free text and every name is encrypted with the case's own
data key (``crypto``), and ``str()`` of every model is a code name or a number.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Site

from wagtail_coc.casework.codenames import case_code_name, person_code_name
from wagtail_coc.casework.crypto import (
    SealedBytes,
    SealedText,
    new_wrapped_key,
    rewrap,
    unwrap,
)
from wagtail_coc.casework.permissions import is_case_worker, members_who_may_see
from wagtail_coc.casework.statistics import CaseStatistics, outcome_of, whole_hours
from wagtail_coc.conf import casework_decision_minimum as decision_minimum
from wagtail_coc.transparency.models import Category, Outcome, ProtectedName
from wagtail_coc.transparency.register import normalise


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Investigating")
    DECIDING = "deciding", _("Deciding")
    AWAITING_FEEDBACK = "awaiting_feedback", _("Awaiting the reporter's feedback")
    ACTION = "action", _("Action being taken")
    RESOLVED = "resolved", _("Resolved")
    CLOSED_ON_FILE = "closed_on_file", _("Closed on file (handled locally)")
    NOT_A_VIOLATION = "not_a_violation", _("Not a violation")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


MAIN_PATH = (
    State.RECEIVED,
    State.ACKNOWLEDGED,
    State.INVESTIGATING,
    State.DECIDING,
    State.AWAITING_FEEDBACK,
    State.ACTION,
    State.RESOLVED,
)
SHORTCUTS = (State.CLOSED_ON_FILE, State.NOT_A_VIOLATION, State.OUT_OF_SCOPE)
CLOSED = (State.RESOLVED, *SHORTCUTS)
OPEN_BEFORE_DECISION = (State.RECEIVED, State.ACKNOWLEDGED, State.INVESTIGATING, State.DECIDING)
# Reopening a closed case puts it back under investigation, for reconsideration.
REOPENED_STATE = State.INVESTIGATING


def allowed_transitions(state) -> tuple[str, ...]:
    """The states a case in ``state`` may move to."""
    if state in CLOSED:
        return (REOPENED_STATE,)
    following = []
    position = MAIN_PATH.index(state)
    following.append(MAIN_PATH[position + 1])
    if state == State.AWAITING_FEEDBACK:
        # The reporter's feedback can send the proposal back to the team.
        following.append(State.DECIDING)
    if state in OPEN_BEFORE_DECISION:
        following.extend(SHORTCUTS)
    return tuple(following)


class InvalidTransition(ValidationError):
    pass


class Channel(models.TextChoices):
    FORM = "form", _("Report form")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")


class Setting(models.TextChoices):
    UNKNOWN = "", _("Not known")
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BOTH = "both", _("Both")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The cases ``user`` may know exist: none outside the team, and never a case the
        user is recused from (declared, excluded by the reporter, or involved)."""
        if not is_case_worker(user):
            return self.none()
        return self.exclude(recusals__user=user)


class Case(models.Model):
    code_name = models.CharField(_("code name"), max_length=64, unique=True, editable=False)
    site = models.ForeignKey(
        Site, verbose_name=_("site"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.FORM
    )
    event = models.CharField(
        _("event"), max_length=255, blank=True, help_text=_("For statistics per event.")
    )
    category = models.CharField(_("category"), max_length=32, choices=Category.choices, blank=True)
    setting = models.CharField(
        _("online or in person"), max_length=16, choices=Setting.choices, blank=True
    )
    ongoing_or_danger = models.BooleanField(_("ongoing, or someone in danger"), default=False)
    safety_risk = models.BooleanField(_("safety risk"), default=False)
    repeat_risk = models.BooleanField(_("repeat risk"), default=False)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    may_share_name = models.BooleanField(
        _("the reporter's name may be shared with the person reported"), default=False
    )
    # The case's data key, wrapped by the site's keys; empty once deleted.
    wrapped_key = models.TextField(editable=False)
    # Null, not empty, for cases recorded by the team: unique over the reporters' codes only.
    receipt_hash = models.CharField(  # noqa: DJ001
        max_length=80, unique=True, null=True, editable=False
    )
    # Bumped by every change made in the admin, to refuse edits made on a stale copy.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The purge day the team was warned of (``retention``): never purged before it.
    purge_announced_for = models.DateField(null=True, blank=True, editable=False)

    # The reporter's account, each field sealed with the case's key.
    what_happened_sealed = models.TextField(blank=True, editable=False)
    when_sealed = models.TextField(blank=True, editable=False)
    where_sealed = models.TextField(blank=True, editable=False)
    who_sealed = models.TextField(blank=True, editable=False)
    witnesses_sealed = models.TextField(blank=True, editable=False)
    contact_sealed = models.TextField(blank=True, editable=False)
    desired_response_sealed = models.TextField(blank=True, editable=False)

    what_happened = SealedText("what_happened_sealed")
    when = SealedText("when_sealed")
    where = SealedText("where_sealed")
    who = SealedText("who_sealed")
    witnesses = SealedText("witnesses_sealed")
    contact = SealedText("contact_sealed")
    desired_response = SealedText("desired_response_sealed")

    ACCOUNT_FIELDS = (
        "what_happened", "when", "where", "who", "witnesses", "contact", "desired_response",
    )  # fmt: skip

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-pk"]
        # Team membership grants access (permissions.py); model permissions grant nothing.
        default_permissions = ()

    def __str__(self):
        return self.code_name or str(_("New case"))

    @classmethod
    def open(cls, *, site=None, user=None, **fields):
        """A new case with its own data key and code name, its account sealed. A case always
        belongs to a site (the default one when none is given): its names feed that site's
        register, and its figures that site's reports."""
        account = {name: fields.pop(name, "") for name in cls.ACCOUNT_FIELDS}
        if site is None:
            site = Site.objects.filter(is_default_site=True).first()
        with transaction.atomic():
            taken = CodeNamesInUse(cls.objects.all())
            case = cls(site=site, code_name=case_code_name(taken), wrapped_key=new_wrapped_key(),
                       **fields)  # fmt: skip
            for name, value in account.items():
                setattr(case, name, value)
            case.save()
            CaseTransition.objects.create(case=case, to_state=case.state, **_by(user))
            record_statistics(case)
        return case

    def case_fernet(self):
        cached = self.__dict__.get("_fernet")
        if cached is None or cached[0] != self.wrapped_key:
            cached = (self.wrapped_key, unwrap(self.wrapped_key))
            self.__dict__["_fernet"] = cached
        return cached[1]

    def destroy_key(self):
        """Delete the case's data key: its content becomes unreadable everywhere."""
        Case.objects.filter(pk=self.pk).update(wrapped_key="")
        self.wrapped_key = ""
        self.__dict__.pop("_fernet", None)

    def allowed_transitions(self):
        return allowed_transitions(self.state)

    def transition(self, to_state, user=None):
        """Move to ``to_state``, recording who and when (never any content)."""
        if to_state not in self.allowed_transitions():
            raise InvalidTransition(
                _("A case that is %(state)s cannot move to %(target)s.")
                % {"state": self.get_state_display(), "target": State(to_state).label}
            )
        if to_state == State.AWAITING_FEEDBACK and not self.decisions.exists():
            # The reporter is asked about a decision the team recorded, never a loose idea.
            raise InvalidTransition(
                _("Record the decision, agreed by at least %(count)d members, first.")
                % {"count": decision_minimum()}
            )
        with transaction.atomic():
            from_state = self.state
            self.state = to_state
            self.version += 1
            self.save(update_fields=["state", "version"])
            transition = CaseTransition.objects.create(
                case=self, from_state=from_state, to_state=to_state, **_by(user)
            )
            record_statistics(self)
            return transition

    def reporter_status(self):
        """What the reporter is told of the state: no more than they need."""
        if self.state == State.RECEIVED:
            return _("Received; not yet read by the team.")
        if self.state in CLOSED:
            return _("Closed.")
        return _("Being handled by the team.")

    def purge(self):
        """Delete the case's data key, then the case and everything recorded about it.

        Names its people put in the protected names register leave it, unless another case
        still needs them; names that were in the register before stay."""
        with transaction.atomic():
            owned = set(
                self.people.filter(added_to_register=True).values_list(
                    "protected_name_id", flat=True
                )
            )
            record_statistics(self)
            self.destroy_key()
            self.delete()
            for entry in owned - {None}:
                heir = InvolvedPerson.objects.filter(protected_name_id=entry).first()
                if heir is None:
                    ProtectedName.objects.filter(pk=entry).delete()
                else:
                    # The name now leaves the register with the last case that needs it.
                    InvolvedPerson.objects.filter(pk=heir.pk).update(added_to_register=True)

    def recuse(self, user, reason):
        recusal, _created = Recusal.objects.get_or_create(
            case=self, user=user, defaults={"reason": reason}
        )
        return recusal


class CodeNamesInUse:
    """Whether a code name is taken, asked of the database one name at a time: a new case
    costs the same with ten thousand cases as with ten."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __contains__(self, name):
        return self.queryset.filter(code_name=name).exists()


def record_statistics(case) -> CaseStatistics:
    """Refresh what the statistics keep of ``case``; the row outlives the case's purge."""
    first_move = case.transitions.exclude(to_state=State.RECEIVED).order_by("at").first()
    decided = (
        case.transitions.filter(to_state__in=(State.AWAITING_FEEDBACK, State.ACTION, *CLOSED))
        .order_by("at")
        .first()
    )
    consequences = set(case.people.exclude(consequence="").values_list("consequence", flat=True))
    values = {
        "site_id": case.site_id,
        "event": case.event,
        "received_month": case.received_at.date().replace(day=1),
        "category": case.category,
        "outcome": outcome_of(consequences, case.state),
        "out_of_scope": case.state == State.OUT_OF_SCOPE,
        "people_named": case.people.filter(role=InvolvedPerson.Role.REPORTED).count(),
        "hours_to_acknowledge": whole_hours(case.received_at, first_move and first_move.at),
        "hours_to_decide": whole_hours(case.received_at, decided and decided.at),
        "closed": case.state in CLOSED,
    }
    statistics, _created = CaseStatistics.objects.update_or_create(case=case, defaults=values)
    return statistics


def rewrap_case_keys() -> int:
    """Re-wrap every case's data key under the newest site key; content is untouched."""
    changed = 0
    for case in Case.objects.exclude(wrapped_key="").only("pk", "wrapped_key").iterator():
        Case.objects.filter(pk=case.pk).update(wrapped_key=rewrap(case.wrapped_key))
        changed += 1
    return changed


def rewrap_on_rotation(sender, **kwargs) -> str:
    """``keys_rotating`` of ``coc_rotate_keys``: the case keys follow the site's keys."""
    count = rewrap_case_keys()
    return ngettext(
        "Re-wrapped the data key of %(count)d case with the first key.",
        "Re-wrapped the data keys of %(count)d cases with the first key.",
        count,
    ) % {"count": count}


def _by(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return {"by": None, "by_number": None}
    return {"by": user, "by_number": user.pk}


def _user_reference(label):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class CaseTransition(models.Model):
    """One change of state: who and when, never why (the reason goes in a team note)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=24, choices=State.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = _user_reference(_("who"))
    by_number = models.PositiveBigIntegerField(_("who (user number)"), null=True, editable=False)

    class Meta:
        ordering = ["at", "pk"]
        default_permissions = ()

    def __str__(self):
        return f"{self.case} → {self.to_state}"


class CaseChild(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = _user_reference(_("who"))

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        default_permissions = ()

    def case_fernet(self):
        return self.case.case_fernet()


class CaseMessage(CaseChild):
    """A message between the team and the reporter: the only thing the reporter sees."""

    class Direction(models.TextChoices):
        TO_REPORTER = "to_reporter", _("To the reporter")
        FROM_REPORTER = "from_reporter", _("From the reporter")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    body_sealed = models.TextField(editable=False)
    body = SealedText("body_sealed")

    class Meta(CaseChild.Meta):
        verbose_name = _("message")

    def __str__(self):
        return str(_("Message #%(number)s of %(case)s") % {"number": self.pk, "case": self.case})


class TeamNote(CaseChild):
    """The team's own notes; never shown to the reporter."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body_sealed = models.TextField(editable=False)
    body = SealedText("body_sealed")

    class Meta(CaseChild.Meta):
        verbose_name = _("team note")

    def __str__(self):
        return str(_("Note #%(number)s of %(case)s") % {"number": self.pk, "case": self.case})


class CaseAttachment(CaseChild):
    """A file the reporter attached: an image or a PDF cleaned of its metadata
    (``attachments``), sealed with the case's key. Its original name is not kept."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    content_type = models.CharField(max_length=32, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    content_sealed = models.TextField(editable=False)
    content = SealedBytes("content_sealed")

    class Meta(CaseChild.Meta):
        verbose_name = _("attachment")

    def __str__(self):
        return str(_("Attachment #%(number)s of %(case)s") % {"number": self.pk, "case": self.case})

    def file_name(self):
        """A name for the download made of the case's code name, never the reporter's."""
        extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
        slug = "-".join(str(self.case).split())
        return f"{slug}-{self.pk}.{extension.get(self.content_type, 'bin')}"


class InvolvedPerson(CaseChild):
    """Someone involved in a case, known by a person code name in every list."""

    class Role(models.TextChoices):
        REPORTED = "reported", _("Reported person")
        WITNESS = "witness", _("Witness")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    code_name = models.CharField(_("person code name"), max_length=64, editable=False)
    name_sealed = models.TextField(editable=False)
    name = SealedText("name_sealed")
    consequence = models.CharField(
        _("consequence"), max_length=32, choices=Outcome.choices, blank=True
    )
    # The retention of a temporary ban counts from its end (``retention_rules``).
    ban_until = models.DateField(_("ban ends"), null=True, blank=True)
    # Repeat reports about the same person, linked without the name appearing anywhere.
    same_person_as = models.ForeignKey(
        "self", verbose_name=_("same person as"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    # A team member who is involved is recused from the case.
    team_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("team member"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    protected_name = models.ForeignKey(
        ProtectedName, null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # Whether the register entry goes when this person's case is purged: it was added for
    # this case (or inherited from a purged one), not typed into the register by hand.
    added_to_register = models.BooleanField(default=False, editable=False)

    class Meta(CaseChild.Meta):
        verbose_name = _("involved person")
        verbose_name_plural = _("involved people")

    def __str__(self):
        return self.code_name

    def save(self, *args, **kwargs):
        if not self.code_name:
            taken = set(
                InvolvedPerson.objects.filter(case_id=self.case_id).values_list(
                    "code_name", flat=True
                )
            )
            self.code_name = person_code_name(taken)
        with transaction.atomic():
            if self.protected_name_id is None:
                self.protected_name, self.added_to_register = register_name(
                    self.case.site, self.name
                )
            super().save(*args, **kwargs)
            if self.team_member_id:
                self.case.recuse(self.team_member, Recusal.Reason.INVOLVED)
            record_statistics(self.case)


def register_name(site, name):
    """Put ``name`` in the site's protected names register (once), so the transparency scan
    keeps it out of every published report. Returns the register entry and whether it was
    added now."""
    if site is None or not name or not name.strip():
        return None, False
    wanted = normalise(name)
    for entry in ProtectedName.objects.filter(site=site).only("value"):
        if normalise(entry.value) == wanted:
            return entry, False
    entry = ProtectedName.objects.create(
        site=site,
        value=name.strip(),
        # Not the case's code name: every team member reads the register, including members
        # recused from this case.
        note=str(_("Added from casework")),
    )
    return entry, True


class Recusal(models.Model):
    """A team member for whom the case does not exist."""

    class Reason(models.TextChoices):
        DECLARED = "declared", _("Declared a conflict")
        EXCLUDED = "excluded", _("Excluded by the reporter")
        INVOLVED = "involved", _("Involved in the case")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="wagtail_coc_one_recusal")
        ]
        default_permissions = ()

    def __str__(self):
        return str(_("Recusal #%(number)s") % {"number": self.pk})


class Decision(CaseChild):
    """What the team decided: the proposal, who agreed (at least
    ``WAGTAIL_COC_CASEWORK_DECISION_MINIMUM`` members), when, and the reporter's feedback
    before it is carried out."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    proposal_sealed = models.TextField(editable=False)
    proposal = SealedText("proposal_sealed")
    agreed_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members who agreed"), related_name="+"
    )
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    reporter_feedback_sealed = models.TextField(blank=True, editable=False)
    reporter_feedback = SealedText("reporter_feedback_sealed")

    class Meta(CaseChild.Meta):
        verbose_name = _("decision")

    def __str__(self):
        return str(_("Decision #%(number)s of %(case)s") % {"number": self.pk, "case": self.case})

    @classmethod
    def record(cls, case, proposal, agreed_by, user=None, decided_on=None):
        """Record a decision; refused unless enough members who may see the case agreed."""
        allowed = set(members_who_may_see(case).values_list("pk", flat=True))
        agreed = {member.pk for member in agreed_by}
        if agreed - allowed:
            raise ValidationError(_("Only team members who may see the case can agree."))
        if len(agreed) < decision_minimum():
            raise ValidationError(
                _("At least %(count)d members must agree.") % {"count": decision_minimum()}
            )
        with transaction.atomic():
            decision = cls(case=case, by=user, proposal=proposal)
            if decided_on:
                decision.decided_on = decided_on
            decision.save()
            decision.agreed_by.set(agreed)
        return decision
