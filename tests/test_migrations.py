"""The migrations match the models, with Wagtail's Page or a project's own base page
(``tests/settings_swapped.py``): a host is never asked to make migrations for wagtail-coc."""

from io import StringIO

import pytest
import swapper
from django.core.management import call_command

from wagtail_coc.base_page import BasePage
from wagtail_coc.models import CodeOfConductPage


@pytest.mark.django_db
def test_no_migrations_are_missing():
    out = StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()


def test_pages_inherit_from_the_projects_base_page():
    assert swapper.get_model_name("wagtailcore", "Page").lower() == BasePage._meta.label_lower
    parent_link = CodeOfConductPage._meta.parents[BasePage]
    assert parent_link.name == f"{BasePage._meta.model_name}_ptr"
