"""Registers the read-only listing of Code of Conduct acceptances."""

from wagtail import hooks

from wagtail_coc.acceptance.views import CoCAcceptanceViewSet

hooks.register("register_admin_viewset", CoCAcceptanceViewSet)
