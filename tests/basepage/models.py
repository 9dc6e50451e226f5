"""A project's own base page model (``WAGTAIL_PAGE_MODEL = "basepage.BasePage"``), built as
Wagtail's "Defining custom base page models" documentation says; wagtail-coc's pages must
inherit from it and migrate on top of it."""

from django.db import models
from wagtail.models import AbstractPage, DefaultBasePageMixin


class BasePage(AbstractPage, DefaultBasePageMixin):
    category = models.CharField(max_length=100, blank=True)

    search_fields = AbstractPage.search_fields + DefaultBasePageMixin.search_fields
    promote_panels = [*DefaultBasePageMixin.promote_panels, "category"]
