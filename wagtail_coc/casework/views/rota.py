"""The on-duty rota in the admin, for the team only (``permissions.TeamToolPolicy``).

Only team members can be chosen for a shift; the model's ``clean()`` refuses the rest (a shift
that ends before it starts, overlapping shifts of one role or one member) with a message on
the field concerned.
"""

from django.contrib.auth.models import Permission
from django.db import models
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateTimeInput

from wagtail_coc.casework.permissions import team_members
from wagtail_coc.casework.rota import OnDutyShift, member_name


class OnDutyShiftIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Each row names its member: one query for all of them, not one per shift.
        return super().get_base_queryset().select_related("member")


class OnDutyShiftViewSet(ModelViewSet):
    model = OnDutyShift
    name = "coc_rota"
    icon = "time"
    menu_label = gettext_lazy("On-duty rota")
    menu_order = 264
    add_to_admin_menu = True
    index_view_class = OnDutyShiftIndexView
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["member", "role", "starts", "ends"]
    list_display = [
        TitleColumn("member_display", label=gettext_lazy("team member"), url_name="coc_rota:edit"),
        Column("get_role_display", label=gettext_lazy("role"), sort_key="role"),
        DateColumn("starts", label=gettext_lazy("starts"), sort_key="starts"),
        DateColumn("ends", label=gettext_lazy("ends"), sort_key="ends"),
    ]
    list_filter = ["role"]
    ordering = ["starts", "role"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "member":
            field = db_field.formfield(queryset=team_members(), **kwargs)
            field.label_from_instance = member_name
            return field
        if isinstance(db_field, models.DateTimeField):
            kwargs["widget"] = AdminDateTimeInput
        return db_field.formfield(**kwargs)

    def get_permissions_to_register(self):
        return Permission.objects.none()
