"""Fixtures of the transparency tests: a site with a register, a report index, and users."""

import pytest

from tests.transparency.factories import build_transparency_index
from tests.transparency.helpers import NAME, make_user
from wagtail_coc.models import CoCSettings
from wagtail_coc.transparency.models import ProtectedName


@pytest.fixture(autouse=True)
def _emails(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = "wagtail@pyharbour.example"


@pytest.fixture
def site(root_page):
    return root_page.get_site()


@pytest.fixture
def protected(site, team):
    CoCSettings.objects.update_or_create(site=site, defaults={"default_team": team})
    return ProtectedName.objects.create(site=site, value=NAME)


@pytest.fixture
def index_page(root_page, protected):
    return build_transparency_index(root_page)


@pytest.fixture
def editor(index_page):
    # Only the CoC team and reviewers may edit reports.
    return make_user("editor", "Editors", "CoC team")


@pytest.fixture
def publisher(index_page):
    return make_user("publisher", "Moderators", "CoC team")


@pytest.fixture
def reviewer(index_page):
    return make_user("reviewer", "Moderators", "CoC reviewers")
