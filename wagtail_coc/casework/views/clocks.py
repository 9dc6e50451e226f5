"""The team's view of response-time clocks: the events that split "during the event" from
"otherwise", the deadline column and filter of the case list, a case's deadlines, and the
promise measured against practice.

Everything here is for the team only (``is_case_worker``): anyone else gets a 404, as for cases.
"""

import django_filters
from django.contrib.auth.models import Permission
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from wagtail_coc.casework.clocks import DUE_SOON, MET, MET_LATE, OVERDUE, RUNNING
from wagtail_coc.casework.commitments import BUSINESS_DAYS, DAYS, HOURS, MINUTES
from wagtail_coc.casework.deadlines import CLOCK_LABELS, open_cases_with_clocks
from wagtail_coc.casework.events import Event
from wagtail_coc.casework.permissions import is_case_worker
from wagtail_coc.casework.response_times import measured_against_promises

STATUS_LABELS = {
    OVERDUE: gettext_lazy("Overdue"),
    DUE_SOON: gettext_lazy("Due soon"),
    RUNNING: gettext_lazy("Due"),
    MET: gettext_lazy("Met"),
    MET_LATE: gettext_lazy("Met late"),
}


def describe_duration(duration) -> str:
    if duration is None:
        return _("no commitment")
    words = {
        MINUTES: (_("%(count)d minute"), _("%(count)d minutes")),
        HOURS: (_("%(count)d hour"), _("%(count)d hours")),
        DAYS: (_("%(count)d day"), _("%(count)d days")),
        BUSINESS_DAYS: (_("%(count)d business day"), _("%(count)d business days")),
    }[duration.unit]
    return words[duration.amount != 1] % {"count": duration.amount}


def describe_commitment(commitment) -> str:
    """How a commitment was read, e.g. "1 hour during the event, 24 hours otherwise"."""
    if commitment.during_event == commitment.otherwise:
        return describe_duration(commitment.otherwise)
    return _("%(during)s during the event, %(otherwise)s otherwise") % {
        "during": describe_duration(commitment.during_event),
        "otherwise": describe_duration(commitment.otherwise),
    }


def describe_urgent(clocks) -> str:
    """The case list's deadline cell: the deadline that matters most, and when it falls."""
    if clocks.urgent is None:
        return "—"
    status, deadline = clocks.urgent
    return _("%(status)s: %(clock)s, %(when)s") % {
        "status": STATUS_LABELS[status],
        "clock": CLOCK_LABELS[deadline.clock],
        "when": formats.date_format(timezone.localtime(deadline.due_at), "SHORT_DATETIME_FORMAT"),
    }


class ClockFilterSet(WagtailFilterSet):
    """The state filter, and a filter on the deadline that matters most."""

    deadline = django_filters.ChoiceFilter(
        label=gettext_lazy("Deadline"),
        choices=[(OVERDUE, gettext_lazy("Overdue")), (DUE_SOON, gettext_lazy("Due soon"))],
        method="filter_deadline",
        empty_label=gettext_lazy("Any"),
    )

    def filter_deadline(self, queryset, name, value):
        # The deadlines come from published sentences, not columns: worked out for the open
        # cases (a fixed number of queries), then kept by number.
        matching = [
            case.pk
            for case in open_cases_with_clocks(queryset)
            if case.clocks.urgent and case.clocks.urgent[0] == value
        ]
        return queryset.filter(pk__in=matching)


class EventViewSet(ModelViewSet):
    model = Event
    name = "coc_events"
    icon = "date"
    menu_label = gettext_lazy("Events")
    menu_order = 264
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["name", "starts_on", "ends_on", "code_of_conduct"]
    list_display = [
        "name",
        DateColumn("starts_on", label=gettext_lazy("first day")),
        DateColumn("ends_on", label=gettext_lazy("last day")),
        Column("code_of_conduct", label=gettext_lazy("Code of Conduct")),
    ]
    search_fields = ["name"]
    search_backend_name = None

    def get_permissions_to_register(self):
        return Permission.objects.none()


def response_times(request):
    """Median and 90th-percentile times to acknowledge and to decide, per event, next to what
    the Code of Conduct promises."""
    if not is_case_worker(request.user):
        raise Http404
    rows = measured_against_promises(request.user)
    for row in rows:
        row["clocks"] = [
            {
                "label": CLOCK_LABELS[clock],
                "commitment": row["commitments"].get(clock),
                "reading": (
                    describe_commitment(row["commitments"][clock])
                    if clock in row["commitments"]
                    else ""
                ),
                **measure,
            }
            for clock, measure in row["measures"].items()
        ]
    return TemplateResponse(
        request,
        "wagtail_coc/casework/admin/response_times.html",
        {"rows": rows, "header_icon": "time", "page_title": _("Response times")},
    )


class TeamMenuItem(MenuItem):
    def is_shown(self, request):
        return is_case_worker(request.user)


class ResponseTimesViewSet(ViewSet):
    name = "coc_response_times"
    icon = "time"
    menu_label = gettext_lazy("Response times")
    menu_order = 265
    add_to_admin_menu = True
    menu_item_class = TeamMenuItem

    def get_urlpatterns(self):
        return [path("", response_times, name="index")]
