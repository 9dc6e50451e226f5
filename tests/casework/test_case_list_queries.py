"""The case list costs the same number of queries whatever the number of cases, recusals
applied."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.casework.helpers import bulk_cases, recuse_from_every_third

pytestmark = pytest.mark.django_db


def list_queries(client):
    url = reverse("coc_cases:index")
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_the_case_list_of_a_recused_member_has_no_query_per_case(client, site, member):
    client.force_login(member)
    few = bulk_cases(10, site)
    recuse_from_every_third(member, few)
    # The first request of a session reads what the next ones find cached.
    client.get(reverse("coc_cases:index"))
    queries_with_few, html = list_queries(client)
    assert few[0].code_name not in html and few[1].code_name in html

    many = bulk_cases(190, site, start=len(few))
    recuse_from_every_third(member, many)
    queries_with_many, html = list_queries(client)
    assert many[-1].code_name not in html  # the newest case, recused, is first in the list
    assert queries_with_many == queries_with_few
