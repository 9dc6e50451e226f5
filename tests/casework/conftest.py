"""Fixtures of the casework tests: a site with a team, emergency information, a report page and
the people of the recusal matrix."""

import pytest

from tests.casework.helpers import build_report_page, make_user
from wagtail_coc.models import CoCSettings

TEAM = "CoC team"


@pytest.fixture(autouse=True)
def _emails(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def site(root_page):
    return root_page.get_site()


@pytest.fixture
def report_page(site, team, emergency_info):
    CoCSettings.objects.update_or_create(
        site=site, defaults={"default_team": team, "default_emergency_info": emergency_info}
    )
    return build_report_page(site.root_page)


@pytest.fixture
def member(db):
    return make_user("member", TEAM, first_name="Morgan", last_name="Member")


@pytest.fixture
def colleague(db):
    return make_user("colleague", TEAM, first_name="Casey", last_name="Colleague")


@pytest.fixture
def conflicted(db):
    """A team member the reporter excludes."""
    return make_user("conflicted", TEAM, first_name="Connie", last_name="Conflicted")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", "CoC reviewers", "Moderators")


@pytest.fixture
def editor(db):
    return make_user("editor", "Editors")


@pytest.fixture
def superuser(db):
    return make_user("root", is_superuser=True, is_staff=True)
