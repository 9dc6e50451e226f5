"""Registers the casework admin views, and hides from the register the names of cases a
member may not see."""

from django.db.models import Exists, OuterRef
from wagtail import hooks

from wagtail_coc.casework.cases import Case, InvolvedPerson
from wagtail_coc.casework.views.casework import CaseAccessViewSet, CaseViewSet
from wagtail_coc.casework.views.clocks import EventViewSet, ResponseTimesViewSet
from wagtail_coc.casework.views.rota import OnDutyShiftViewSet
from wagtail_coc.transparency.permissions import REGISTER_ENTRIES_HOOK

hooks.register("register_admin_viewset", CaseViewSet)
hooks.register("register_admin_viewset", CaseAccessViewSet)
hooks.register("register_admin_viewset", EventViewSet)
hooks.register("register_admin_viewset", ResponseTimesViewSet)
hooks.register("register_admin_viewset", OnDutyShiftViewSet)


@hooks.register(REGISTER_ENTRIES_HOOK)
def names_of_cases_the_member_may_see(user, queryset):
    """A name a case added to the register stays out of sight of anyone who may not see any
    case naming that person: a new entry would tell a recused member that such a case exists.
    Names typed into the register by hand are not affected."""
    naming = InvolvedPerson.objects.filter(protected_name=OuterRef("pk"))
    return queryset.exclude(
        Exists(naming.filter(added_to_register=True))
        & ~Exists(naming.filter(case__in=Case.objects.visible_to(user)))
    )
