"""Registration pages under hostile input and faults: no script, no formula, no false hope."""

import contextlib
import csv
import io
from unittest import mock

import pytest
from django.db import OperationalError, connection, transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission

from tests.acceptance.test_acceptance import submission, token_in
from tests.hostile import PAYLOADS, assert_safe_page, hostile_text
from wagtail_coc.acceptance.models import CoCAcceptance, RegistrationFormField

FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    " =1+1",
    "\uff1d1+1",
]


def register(client, page, **fields):
    token = token_in(client.get(page.url).content.decode())
    data = submission(token)
    data.update(fields)
    return client.post(page.url, data)


# -- formula injection in the submissions export ---------------------------------------------


def export(admin_client, page, export_format):
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    response = admin_client.get(url, {"export": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows())


@pytest.mark.parametrize("formula", FORMULAS)
def test_submissions_csv_export_escapes_formulas(admin_client, client, form_page, formula):
    form_page.form_fields.filter(label="Full name").update(label=formula)
    form_page.refresh_from_db()
    clean_name = form_page.form_fields.get(label=formula).clean_name
    assert register(client, form_page, **{clean_name: formula}).status_code == 200

    rows = export(admin_client, form_page, "csv")
    cells = [cell for row in rows for cell in row]
    assert f"'{formula}" in cells, "the registrant's cell"
    assert rows[0].count(f"'{formula}") == 1, "the editor's heading"
    assert not [cell for cell in cells if cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t"))]


@pytest.mark.parametrize("formula", FORMULAS[:3])
def test_submissions_xlsx_export_has_no_formulas(admin_client, client, form_page, formula):
    form_page.form_fields.filter(label="Full name").update(label=formula)
    clean_name = form_page.form_fields.get(label=formula).clean_name
    register(client, form_page, **{clean_name: formula})

    rows = export(admin_client, form_page, "xlsx")
    assert all(cell.data_type != "f" for row in rows for cell in row)
    assert formula in [cell.value for cell in rows[1]]


def test_acceptances_xlsx_export_has_no_formulas(admin_client, client, form_page):
    register(client, form_page, email="x@attendee.example", full_name=FORMULAS[0])
    CoCAcceptance.objects.update(identifier=FORMULAS[1], source=FORMULAS[0])
    url = reverse("coc_acceptances:index")
    response = admin_client.get(url, {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)


# -- hostile markup on registration pages ----------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_intro_and_thank_you_text_render_safely(client, form_page, payload):
    form_page.intro = payload
    form_page.thank_you_text = payload
    form_page.save()
    assert_safe_page(client.get(form_page.url))
    assert_safe_page(register(client, form_page))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile_text)
def test_hostile_form_fields_render_safely(client, form_page, text):
    RegistrationFormField.objects.filter(page=form_page).update(
        help_text=text, default_value=text, choices=text
    )
    form_page.intro = text
    form_page.save()
    assert_safe_page(client.get(form_page.url))


@override_settings(WAGTAILFORMS_HELP_TEXT_ALLOW_HTML=True)
@pytest.mark.parametrize("payload", PAYLOADS[:20])
def test_help_text_allowed_as_html_is_still_sanitised(client, form_page, payload):
    RegistrationFormField.objects.filter(page=form_page).update(help_text=payload)
    assert_safe_page(client.get(form_page.url))


# -- the database refuses the write ----------------------------------------------------------


def assert_not_registered(response):
    assert response.status_code == 503
    html = response.content.decode()
    assert "You are NOT registered" in html
    assert not FormSubmission.objects.exists()
    assert not CoCAcceptance.objects.exists()
    return html


def test_locked_database_tells_the_person_they_are_not_registered(client, form_page):
    # The submission row is written first; the failure comes after it, on the acceptance.
    with mock.patch.object(
        CoCAcceptance, "record", side_effect=OperationalError("database is locked")
    ):
        html = assert_not_registered(register(client, form_page))
    assert 'value="ada@attendee.example"' in html, "what was typed is kept"


@contextlib.contextmanager
def database_refuses_writes():
    """The database itself turns read-only, as a full disk or a failed-over replica does."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
        return
    # PostgreSQL: read-only mode cannot be turned off within a transaction, but rolling
    # back to a savepoint takes it back.
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION READ ONLY")
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def test_read_only_database_tells_the_person_they_are_not_registered(client, form_page):
    token = token_in(client.get(form_page.url).content.decode())
    with database_refuses_writes():
        response = client.post(form_page.url, submission(token))
        assert_not_registered(response)


def test_database_gone_entirely_still_answers_not_registered(client, form_page):
    token = token_in(client.get(form_page.url).content.decode())
    failing = mock.Mock(side_effect=OperationalError("disk I/O error"))
    with (
        mock.patch.object(CoCAcceptance, "record", failing),
        mock.patch.object(type(form_page), "get_context", failing),
    ):
        response = client.post(form_page.url, submission(token))
    assert response.status_code == 503
    assert "You are NOT registered" in response.content.decode()
