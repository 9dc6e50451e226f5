import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import Site

from tests import frontend_cache
from tests.factories import build_coc_page, build_emergency_info, build_team
from tests.languages import french, french_short_version, french_site, short_version  # noqa: F401


@pytest.fixture
def root_page(db):
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def team(db):
    return build_team(member_count=3)


@pytest.fixture
def emergency_info(db):
    return build_emergency_info()


@pytest.fixture
def coc_page(root_page, team, emergency_info):
    return build_coc_page(root_page, team=team, emergency_info=emergency_info)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached markup must not outlive its test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def recording_cache():
    """A front cache that records the URLs it is asked to purge."""
    frontend_cache.purged.clear()
    backend = {"recording": {"BACKEND": "tests.frontend_cache.RecordingBackend"}}
    with override_settings(WAGTAILFRONTENDCACHE=backend):
        yield frontend_cache.purged
