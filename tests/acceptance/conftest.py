"""Fixtures of the acceptance tests: a CoC page and a registration form page using it."""

import pytest

from tests.acceptance.test_acceptance import build_form_page


@pytest.fixture
def coc_page(coc_page):
    # The builder publishes through a revision, which updates a different instance.
    coc_page.refresh_from_db()
    return coc_page


@pytest.fixture
def form_page(root_page, coc_page):
    return build_form_page(root_page, coc_page=coc_page)
