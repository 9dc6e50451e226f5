"""Registers the casework admin views."""

from wagtail import hooks

from wagtail_coc.casework.views.casework import CaseAccessViewSet, CaseViewSet

hooks.register("register_admin_viewset", CaseViewSet)
hooks.register("register_admin_viewset", CaseAccessViewSet)
