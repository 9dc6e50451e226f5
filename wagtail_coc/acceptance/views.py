"""Admin views of Code of Conduct acceptances: a read-only listing, filters and exports."""

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect

from wagtail_coc.acceptance.models import CoCAcceptance
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.spreadsheets import SpreadsheetSafeExportMixin


class CoCAcceptanceFilterSet(WagtailFilterSet):
    coc_page = django_filters.ModelChoiceFilter(
        label=_("Code of Conduct page"), queryset=CodeOfConductPage.objects.all()
    )
    version_label = django_filters.AllValuesFilter(label=_("Version"))
    accepted_at = django_filters.DateFromToRangeFilter(
        label=_("Accepted at"), widget=DateRangePickerWidget
    )
    outdated = django_filters.BooleanFilter(
        label=_("Accepted an older version"),
        method="filter_outdated",
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = CoCAcceptance
        fields = ["coc_page", "version_label", "accepted_at"]

    def filter_outdated(self, queryset, name, value):
        return queryset.filter(is_current_version=not value)


class CoCAcceptanceIndexView(SpreadsheetSafeExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("coc_page").with_is_current()


class CoCAcceptanceInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            CoCAcceptance.objects.select_related("coc_page").with_is_current(), pk=self.pk
        )

    def get_is_current_display_value(self):
        return _("Yes") if self.object.is_current else _("No, an older version")


class CoCAcceptanceViewSet(ModelViewSet):
    model = CoCAcceptance
    name = "coc_acceptances"
    icon = "tick-inverse"
    menu_label = _("CoC acceptances")
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = CoCAcceptanceIndexView
    inspect_view_class = CoCAcceptanceInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = CoCAcceptanceFilterSet
    search_fields = ["identifier", "coc_title", "source"]
    search_backend_name = None
    list_display = [
        "identifier",
        Column("coc_title", label=_("Code of Conduct"), sort_key="coc_title"),
        Column("version_label", label=_("Version"), sort_key="version_label"),
        BooleanColumn(
            "is_current_version", label=_("Current version"), sort_key="is_current_version"
        ),
        DateColumn("accepted_at", label=_("Accepted at"), sort_key="accepted_at"),
        Column("source", label=_("Source")),
    ]
    list_export = [
        "identifier",
        "coc_title",
        "version_label",
        "is_current",
        "accepted_at",
        "source",
        "coc_page_id",
        "revision_id",
    ]
    export_headings = {
        "coc_page_id": _("Code of Conduct page ID"),
        "revision_id": _("Revision ID"),
    }
    export_filename = "coc-acceptances"
    inspect_view_fields = [
        "identifier",
        "coc_title",
        "coc_page",
        "version_label",
        "is_current",
        "revision",
        "accepted_at",
        "source",
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # Evidence of agreement is never created, changed or removed by hand.
        for name in ("add", "edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
