"""Admin: "Draft a transparency report" from cases, for the team leads.

Leads only: the figures count every case of the period, including cases a member is recused
from, whose existence a recused member must not learn from a count. The lead sees the figures,
with cells of one or two reports flagged, before anything is created.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_coc.casework.drafting import SMALL_COUNT, create_draft, figures
from wagtail_coc.casework.permissions import is_team_lead
from wagtail_coc.casework.statistics import CaseStatistics
from wagtail_coc.transparency.models import TransparencyReportIndexPage


class DraftReportForm(forms.Form):
    index = forms.ModelChoiceField(
        label=gettext_lazy("Under the report index"),
        queryset=TransparencyReportIndexPage.objects.none(),
    )
    event = forms.ChoiceField(
        label=gettext_lazy("Event"),
        required=False,
        help_text=gettext_lazy("Empty for every case of the period (an organisation's report)."),
    )
    period_start = forms.DateField(label=gettext_lazy("Period start"))
    period_end = forms.DateField(label=gettext_lazy("Period end"))
    title = forms.CharField(label=gettext_lazy("Title of the report"), max_length=255)
    merge_small = forms.BooleanField(
        label=gettext_lazy("Fold every category with a cell of 1 or 2 reports into “Other”"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index"].queryset = TransparencyReportIndexPage.objects.filter(
            pk__in=[
                index.pk
                for index in TransparencyReportIndexPage.objects.all()
                if index.permissions_for_user(user).can_add_subpage()
            ]
        )
        events = CaseStatistics.objects.exclude(event="").values_list("event", flat=True)
        self.fields["event"].choices = [("", _("Every event"))] + [
            (name, name) for name in sorted(set(events))
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return cleaned


def draft_report(request):
    if not is_team_lead(request.user):
        raise PermissionDenied
    form = DraftReportForm(request.POST or None, user=request.user)
    context = {
        "form": form,
        "index_url": reverse("coc_cases:index"),
        "header_icon": "doc-full",
        "page_title": _("Draft a transparency report"),
        "small_count": SMALL_COUNT,
    }
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(
            request,
            "wagtail_coc/casework/admin/draft_report.html",
            context,
            status=400 if form.is_bound else 200,
        )
    data = form.cleaned_data
    index = data["index"].specific
    draft = figures(index.get_site(), data["event"], data["period_start"], data["period_end"])
    if data["merge_small"]:
        draft = draft.merged()
    if "create" not in request.POST:
        context["draft"] = draft
        return TemplateResponse(request, "wagtail_coc/casework/admin/draft_report.html", context)
    page = create_draft(
        index,
        site=index.get_site(),
        event=data["event"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        draft=draft,
        title=data["title"],
        user=request.user,
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
