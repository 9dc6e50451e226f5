"""The CoC team's casework in the admin.

Every view finds cases through ``Case.objects.visible_to(user)``: for anyone outside the team,
and for a member recused from a case, the case does not exist (404), in lists, counts, search
and direct URLs alike. Every read is recorded in the case access log, without content.
Messages shown in the admin name the case by its code name only.
"""

import django_filters
from django import forms
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Site

from wagtail_coc.casework import access_log, retention
from wagtail_coc.casework.cases import (
    CLOSED,
    Case,
    CaseMessage,
    Channel,
    Decision,
    InvalidTransition,
    InvolvedPerson,
    Recusal,
    State,
    TeamNote,
    record_statistics,
)
from wagtail_coc.casework.deadlines import (
    CLOCK_LABELS,
    CommitmentBook,
    clocks_of_case,
    with_clock_times,
)
from wagtail_coc.casework.permissions import (
    is_case_worker,
    is_team_lead,
    members_who_may_see,
    team_members,
)
from wagtail_coc.casework.retention import BACKUPS_REMINDER
from wagtail_coc.casework.retention_rules import WARNING_DAYS, Because
from wagtail_coc.casework.views.clocks import STATUS_LABELS, ClockFilterSet, describe_urgent
from wagtail_coc.casework.views.drafting import draft_report
from wagtail_coc.conf import casework_decision_minimum as decision_minimum
from wagtail_coc.transparency.models import Outcome

Action = access_log.CaseAccess.Action
VIEWSET_NAME = "coc_cases"
BLANK = [("", "—")]


class CaseFilterSet(ClockFilterSet):
    expiring = django_filters.BooleanFilter(
        label=gettext_lazy("Purged within 7 days"),
        method="filter_expiring",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Case
        fields = ["state"]

    def filter_expiring(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=retention.expiring_within(WARNING_DAYS))


class CaseIndexView(generic.IndexView):
    def get_base_queryset(self):
        # What the list shows, not the sealed account: no decryption key is needed to list.
        return with_clock_times(
            Case.objects.visible_to(self.request.user).only(
                "pk", "code_name", "state", "received_at", "event", "site"
            )
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, cases, is_paginated = super().paginate_queryset(queryset, page_size)
        # One book for the page: each event and Code of Conduct is read once, not per case.
        book, now = CommitmentBook(), timezone.now()
        page.object_list = cases = list(cases)
        for case in cases:
            case.deadline_summary = describe_urgent(book.clocks(case, now))
        return paginator, page, cases, is_paginated

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_log.record(request.user, Action.LISTED)
        return response

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if is_team_lead(self.request.user):
            buttons.append(
                Button(
                    gettext_lazy("Draft a transparency report"),
                    url=reverse(f"{VIEWSET_NAME}:draft_report"),
                    icon_name="doc-full",
                )
            )
        return buttons


class ClassificationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["event", "category", "channel", "setting", "safety_risk", "repeat_risk"]


class TextForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_state = forms.ChoiceField(label=gettext_lazy("Move to"), choices=())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [(s, State(s).label) for s in case.allowed_transitions()]


class PersonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=InvolvedPerson.Role.choices)
    name = forms.CharField(
        label=gettext_lazy("Name or description"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    team_member = forms.ModelChoiceField(
        label=gettext_lazy("This person is a team member"),
        queryset=team_members(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_member"].queryset = team_members()


class OutcomeForm(forms.Form):
    """A person's consequence, and the link to the same person in another case (chosen by code
    names, so no name appears in the list)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    person = forms.ChoiceField(label=gettext_lazy("Person"), choices=())
    consequence = forms.ChoiceField(
        label=gettext_lazy("Consequence"), choices=BLANK + Outcome.choices, required=False
    )
    ban_until = forms.DateField(
        label=gettext_lazy("The ban ends on"),
        required=False,
        help_text=gettext_lazy("For a temporary ban: its retention counts from this day."),
    )
    same_person_as = forms.ChoiceField(
        label=gettext_lazy("The same person as, in another case"),
        choices=(),
        required=False,
        help_text=gettext_lazy("Link repeat reports about one person."),
    )

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (str(p.pk), f"{p.code_name} ({p.get_role_display()})") for p in case.people.all()
        ]
        elsewhere = (
            InvolvedPerson.objects.filter(case__in=Case.objects.visible_to(user))
            .exclude(case=case)
            .select_related("case")
            .order_by("case__code_name", "code_name")
        )
        self.fields["same_person_as"].choices = BLANK + [
            (str(p.pk), _("%(person)s, in %(case)s") % {"person": p.code_name, "case": p.case})
            for p in elsewhere.only("pk", "code_name", "case__code_name")
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consequence") != Outcome.TEMPORARY_BAN:
            cleaned["ban_until"] = None
        elif not cleaned.get("ban_until"):
            self.add_error("ban_until", _("Give the day the temporary ban ends."))
        return cleaned


class KeepLongerForm(forms.Form):
    """A team lead keeps a case past its retention; the reason is sealed with the case's key."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    until = forms.DateField(label=gettext_lazy("Keep until"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return until


class PurgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.CharField(
        label=gettext_lazy("Type the case's code name to confirm"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_confirm(self):
        typed = " ".join(self.cleaned_data["confirm"].split()).casefold()
        if typed != self.case.code_name.casefold():
            raise forms.ValidationError(_("That is not this case's code name."))
        return typed


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    proposal = forms.CharField(
        label=gettext_lazy("Proposal"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    agreed_by = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members who agreed"),
        queryset=team_members(),
        widget=forms.CheckboxSelectMultiple,
    )
    decided_on = forms.DateField(label=gettext_lazy("Decided on"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["agreed_by"].queryset = members_who_may_see(case)
        self.fields["agreed_by"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )

    def clean(self):
        cleaned = super().clean()
        if "agreed_by" in cleaned and len(cleaned["agreed_by"]) < decision_minimum():
            self.add_error(
                "agreed_by",
                _("At least %(count)d members must agree.") % {"count": decision_minimum()},
            )
        return cleaned


FORMS = {
    "classify": ClassificationForm,
    "note": TextForm,
    "message": TextForm,
    "transition": TransitionForm,
    "person": PersonForm,
    "decision": DecisionForm,
    "feedback": TextForm,
    "outcome": OutcomeForm,
    "purge": PurgeForm,
    "keep": KeepLongerForm,
}
# Retention is the team leads' decision, both ways.
LEADS_ONLY = ("purge", "keep")
NEEDS_CASE = ("transition", "decision", "outcome", "purge")
NEEDS_USER = ("outcome",)


class RecordCaseForm(forms.Form):
    """A report that came by email, phone or in person, written down by a team member."""

    channel = forms.ChoiceField(
        label=gettext_lazy("How the report came"),
        choices=[c for c in Channel.choices if c[0] != Channel.FORM],
    )
    what_happened = forms.CharField(
        label=gettext_lazy("What happened"), widget=forms.Textarea(attrs={"rows": 6})
    )
    when = forms.CharField(label=gettext_lazy("When"), required=False, max_length=500)
    where = forms.CharField(label=gettext_lazy("Where"), required=False, max_length=1000)
    who = forms.CharField(
        label=gettext_lazy("Who was involved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    witnesses = forms.CharField(
        label=gettext_lazy("Witnesses"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact = forms.CharField(
        label=gettext_lazy("Contact"),
        required=False,
        help_text=gettext_lazy("Empty if the reporter chose to stay anonymous."),
    )
    desired_response = forms.CharField(
        label=gettext_lazy("Response the reporter would like"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ongoing_or_danger = forms.BooleanField(
        label=gettext_lazy("Ongoing, or someone in danger"), required=False
    )


def case_add(request):
    """A team member records a report that did not come through the form."""
    if not is_case_worker(request.user):
        raise Http404
    form = RecordCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        case = Case.open(
            site=Site.find_for_request(request),
            user=request.user,
            anonymous=not data["contact"].strip(),
            safety_risk=data["ongoing_or_danger"],
            **data,
        )
        access_log.record(request.user, Action.CHANGED, case)
        messages.success(request, _("%(case)s was recorded.") % {"case": case.code_name})
        return redirect(f"{VIEWSET_NAME}:edit", case.pk)
    return TemplateResponse(
        request,
        "wagtail_coc/casework/admin/case_add.html",
        {
            "form": form,
            "index_url": reverse(f"{VIEWSET_NAME}:index"),
            "header_icon": "folder-open-inverse",
            "page_title": _("Record a report"),
        },
        status=400 if form.is_bound else 200,
    )


def case_for(request, pk) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user), pk=pk)


def case_detail(request, pk):
    case = case_for(request, pk)
    if request.method == "POST":
        return _change(request, case)
    access_log.record(request.user, Action.OPENED, case)
    return _render(request, case)


def attachment_download(request, pk, number):
    """An attachment of a case the member may see, as a download that no browser renders in
    the admin's origin and no cache keeps."""
    case = case_for(request, pk)
    attachment = get_object_or_404(case.attachments, pk=number)
    access_log.record(request.user, Action.OPENED, case)
    response = HttpResponse(attachment.content, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.file_name()}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _forms(case, user, bound=None, which=None):
    initial = {"version": case.version}
    built = {
        "classify": ClassificationForm(instance=case, initial=initial, prefix="classify"),
        "note": TextForm(initial=initial, prefix="note"),
        "message": TextForm(initial=initial, prefix="message"),
        "transition": TransitionForm(case=case, initial=initial, prefix="transition"),
        "person": PersonForm(initial=initial, prefix="person"),
        "decision": DecisionForm(
            case=case, initial={**initial, "decided_on": timezone.localdate()}, prefix="decision"
        ),
        "feedback": TextForm(initial=initial, prefix="feedback"),
        "outcome": OutcomeForm(case=case, user=user, initial=initial, prefix="outcome"),
        "purge": PurgeForm(case=case, initial=initial, prefix="purge"),
        "keep": KeepLongerForm(initial=initial, prefix="keep"),
    }
    if bound is not None:
        built[which] = bound
    return built


def _render(request, case, forms_=None, status=200):
    clocks = clocks_of_case(case)
    now = timezone.now()
    context = {
        "case": case,
        "clocks": clocks,
        "deadlines": [
            {
                **vars(deadline),
                "label": CLOCK_LABELS[deadline.clock],
                "status_label": STATUS_LABELS[deadline.status(now)],
            }
            for deadline in clocks.deadlines
        ],
        "forms": forms_ or _forms(case, request.user),
        "people": _people(case, request.user),
        "attachments": list(case.attachments.defer("content_sealed")),
        "may_purge": is_team_lead(request.user) and case.state in CLOSED,
        "is_team_lead": is_team_lead(request.user),
        "retention": _retention(case, request.user),
        "holds": list(case.retention_holds.select_related("by")),
        "notes": list(case.notes.select_related("by")),
        "case_messages": list(case.messages.select_related("by")),
        "transitions": list(case.transitions.select_related("by")),
        "decisions": list(case.decisions.prefetch_related("agreed_by")),
        "decision_minimum": decision_minimum(),
        "index_url": reverse(f"{VIEWSET_NAME}:index"),
        "header_icon": "folder-open-inverse",
        "page_title": case.code_name,
    }
    return TemplateResponse(
        request, "wagtail_coc/casework/admin/case_detail.html", context, status=status
    )


def _change(request, case):
    which = request.POST.get("form")
    access_log.record(request.user, Action.CHANGED, case)
    if which == "recuse":
        case.recuse(request.user, Recusal.Reason.DECLARED)
        messages.success(request, _("You stepped aside from a case."))
        return redirect(f"{VIEWSET_NAME}:index")
    if which not in FORMS:
        raise Http404
    if which in LEADS_ONLY and not is_team_lead(request.user):
        raise PermissionDenied
    form_class = FORMS[which]
    kwargs = {"prefix": which, "data": request.POST}
    if which == "classify":
        kwargs["instance"] = case
    if which in NEEDS_CASE:
        kwargs["case"] = case
    if which in NEEDS_USER:
        kwargs["user"] = request.user
    form = form_class(**kwargs)
    if not form.is_valid():
        messages.error(request, _("The form has errors."))
        return _render(request, case, _forms(case, request.user, form, which), status=400)
    with transaction.atomic():
        # Optimistic locking: the change applies only to the version the member saw.
        fresh = Case.objects.select_for_update().get(pk=case.pk)
        if fresh.version != form.cleaned_data["version"]:
            messages.error(
                request,
                _(
                    "Someone else changed %(case)s while you were reading it. Nothing was "
                    "saved: check the case again, then redo your change."
                )
                % {"case": case.code_name},
            )
            return _render(request, fresh, status=409)
        if which == "purge":
            return _purge(request, fresh)
        _apply(request, fresh, which, form)
        record_statistics(Case.objects.get(pk=case.pk))
    return redirect(f"{VIEWSET_NAME}:edit", case.pk)


def _purge(request, case):
    if case.state not in CLOSED:
        messages.error(request, _("Only a closed case can be purged."))
        return redirect(f"{VIEWSET_NAME}:edit", case.pk)
    code_name = case.code_name
    access_log.record(request.user, Action.PURGED, case)
    case.purge()
    messages.success(
        request, _("%(case)s was purged.") % {"case": code_name} + " " + BACKUPS_REMINDER
    )
    return redirect(f"{VIEWSET_NAME}:index")


EXPLANATIONS = {
    Because.OPEN: gettext_lazy("Kept while the case is open."),
    Because.POLICY: gettext_lazy("Kept until %(day)s under the retention policy."),
    Because.KEPT_LONGER: gettext_lazy("Kept until %(day)s: a team lead decided to keep it longer."),
    Because.NEWER_CASE: gettext_lazy(
        "Kept until %(day)s, as long as a newer case about the same person."
    ),
    Because.NEWER_CASE_OPEN: gettext_lazy("Kept while a newer case about the same person is open."),
    Because.PERMANENT_BAN: gettext_lazy("Kept indefinitely: a permanent ban is on record."),
}


def _retention(case, user):
    """What the case page says of the case's retention: until when, why, and the purge day,
    as far as the cases ``user`` may see decide it."""
    visible = Case.objects.visible_to(user).values_list("pk", flat=True)
    scheduled = retention.schedule([case.pk], among=visible)[case.pk]
    kept = scheduled.retention
    day = kept.expires_on and date_format(kept.expires_on, "DATE_FORMAT")
    return {
        "explanation": EXPLANATIONS[kept.because] % {"day": day},
        "rule": kept.rule and retention.RULE_LABELS[kept.rule],
        "purge_on": scheduled.purge_on(timezone.localdate()),
    }


def _people(case, user):
    """The case's people, each with the other cases (visible to ``user``) they are linked to
    as the same person, by code names."""
    people = list(case.people.select_related("same_person_as__case"))
    linked_here = InvolvedPerson.objects.filter(
        same_person_as__case=case, case__in=Case.objects.visible_to(user)
    ).select_related("case")
    visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
    for person in people:
        person.elsewhere = [other for other in linked_here if other.same_person_as_id == person.pk]
        if person.same_person_as and person.same_person_as.case_id in visible:
            person.elsewhere.append(person.same_person_as)
    return people


def _apply(request, case, which, form):
    user = request.user
    data = form.cleaned_data
    if which == "transition":
        try:
            case.transition(data["to_state"], user)
        except InvalidTransition as error:
            messages.error(request, error.messages[0])
            return
        messages.success(request, _("%(case)s moved on.") % {"case": case.code_name})
        return
    if which == "classify":
        form.instance.version = case.version + 1
        form.save()
    elif which == "note":
        TeamNote.objects.create(case=case, by=user, body=data["body"])
    elif which == "message":
        CaseMessage.objects.create(
            case=case, by=user, direction=CaseMessage.Direction.TO_REPORTER, body=data["body"]
        )
    elif which == "person":
        InvolvedPerson.objects.create(
            case=case, by=user, role=data["role"], name=data["name"],
            team_member=data["team_member"],
        )  # fmt: skip
    elif which == "outcome":
        InvolvedPerson.objects.filter(case=case, pk=data["person"]).update(
            consequence=data["consequence"],
            ban_until=data["ban_until"],
            same_person_as_id=data["same_person_as"] or None,
        )
    elif which == "decision":
        Decision.record(
            case, data["proposal"], data["agreed_by"], user=user, decided_on=data["decided_on"]
        )
    elif which == "keep":
        retention.keep_longer(case, user, data["until"], data["reason"])
    elif which == "feedback":
        decision = case.decisions.order_by("-at", "-pk").first()
        if decision is None:
            messages.error(request, _("Record a decision first."))
            return
        decision.reporter_feedback = data["body"]
        decision.save(update_fields=["reporter_feedback_sealed"])
    if which != "classify":
        Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    messages.success(request, _("%(case)s was updated.") % {"case": case.code_name})


class CaseViewSet(ModelViewSet):
    model = Case
    name = VIEWSET_NAME
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Cases")
    menu_order = 262
    add_to_admin_menu = True
    index_view_class = CaseIndexView
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["category"]
    list_display = [
        TitleColumn(
            "code_name",
            label=gettext_lazy("code name"),
            sort_key="code_name",
            url_name=f"{VIEWSET_NAME}:edit",
        ),
        Column("get_state_display", label=gettext_lazy("state")),
        DateColumn("received_at", label=gettext_lazy("received"), sort_key="received_at"),
        Column("deadline_summary", label=gettext_lazy("deadline")),
    ]
    filterset_class = CaseFilterSet
    # Searching code names only, in the database, so no case text reaches a search index.
    search_fields = ["code_name"]
    search_backend_name = None

    def get_urlpatterns(self):
        # Only what casework needs; Wagtail's add, edit, delete, history and usage views look
        # objects up on their own and are left out rather than patched.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", case_add, name="add"),
            path("draft-report/", draft_report, name="draft_report"),
            path("<int:pk>/", case_detail, name="edit"),
            path("<int:pk>/attachments/<int:number>/", attachment_download, name="attachment"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.none()


class CaseAccessIndexView(generic.IndexView):
    def get_base_queryset(self):
        # A lead recused from a case finds no trace of it here either.
        recused = Recusal.objects.filter(user=self.request.user).values("case_id")
        return super().get_base_queryset().exclude(case_number__in=recused)


class CaseAccessViewSet(ModelViewSet):
    model = access_log.CaseAccess
    name = "coc_case_access"
    index_view_class = CaseAccessIndexView
    icon = "history"
    menu_label = gettext_lazy("Case access log")
    menu_order = 263
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    form_fields = ["action"]
    list_filter = ["action"]
    list_display = [
        DateColumn("timestamp", label=gettext_lazy("when"), sort_key="timestamp"),
        Column("get_action_display", label=gettext_lazy("what")),
        Column("actor_display", label=gettext_lazy("who")),
        Column("case_number", label=gettext_lazy("case number")),
    ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.none()


__all__ = ["CaseAccessViewSet", "CaseViewSet", "is_case_worker"]
