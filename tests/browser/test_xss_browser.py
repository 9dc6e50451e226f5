"""Hostile markup written by code into every part of the public pages runs nothing in
Chromium: no dialog opens, no element carries an event handler or a script URL."""

import json

import pytest

from tests.acceptance.test_acceptance import build_form_page
from tests.factories import build_coc_page
from tests.hostile import HOSTILE_URLS, PAYLOADS, fill
from tests.transparency.factories import build_transparency_index, build_transparency_report
from wagtail_coc.acceptance.models import RegistrationFormField
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.transparency.models import TransparencyReportIndexPage, TransparencyReportPage

pytestmark = pytest.mark.browser

BODY = CodeOfConductPage._meta.get_field("body").stream_block
REPORTS = TransparencyReportPage._meta.get_field("reports").stream_block

# Anything script-like left in the DOM, found by the browser's own parser.
DOM_PROBLEMS_JS = """() => {
    const problems = [];
    for (const el of document.querySelectorAll("*")) {
        for (const attr of el.attributes) {
            const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
            const url = /^(javascript|vbscript|data):/.test(value);
            if (attr.name.startsWith("on") || url) problems.push(`${el.tagName}.${attr.name}`);
        }
        if (["SCRIPT", "IFRAME", "OBJECT", "EMBED", "SVG", "MATH", "BASE"].includes(el.tagName))
            problems.push(el.tagName);
    }
    return problems;
}"""


@pytest.fixture
def dialogs(page):
    opened = []

    def record(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_nothing_runs(page, url, dialogs):
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_load_state("load")
    page.mouse.move(10, 10)
    assert dialogs == []
    assert page.evaluate(DOM_PROBLEMS_JS) == []


def test_no_payload_runs_on_the_code_of_conduct_page(page, live_server, root_page, dialogs):
    coc = build_coc_page(root_page)
    url = live_server.url + coc.url
    for index, payload in enumerate(PAYLOADS):
        # Raw dicts, the shape imports and fixtures write; every rich-text, text and link part.
        coc.body = fill(BODY, payload, HOSTILE_URLS[index % len(HOSTILE_URLS)])
        coc.intro = payload
        coc.save()
        assert_nothing_runs(page, url, dialogs)


def test_no_payload_runs_on_transparency_and_registration_pages(
    page, live_server, root_page, dialogs
):
    everything = "".join(PAYLOADS)
    index = build_transparency_index(root_page)
    report = build_transparency_report(index, 2026)
    TransparencyReportPage.objects.filter(pk=report.pk).update(
        reports=json.dumps(fill(REPORTS, everything, "")),
        promotion=everything,
        enforcement=everything,
        takeaways=everything,
    )
    TransparencyReportIndexPage.objects.filter(pk=index.pk).update(intro=everything)
    coc = build_coc_page(root_page, slug="coc")
    form_page = build_form_page(root_page, coc_page=coc)
    form_page.intro = form_page.thank_you_text = everything
    form_page.save()
    # A field's help text holds 255 characters: one field per payload.
    form_page.form_fields.update(help_text=PAYLOADS[0])
    RegistrationFormField.objects.bulk_create(
        RegistrationFormField(
            page=form_page, label=f"Question {n}", field_type="singleline", help_text=payload
        )
        for n, payload in enumerate(PAYLOADS[1:], start=1)
    )

    for url in (index.url, report.url, form_page.url):
        assert_nothing_runs(page, live_server.url + url, dialogs)


def test_the_dialog_hook_catches_script(page, dialogs):
    """Guards the guard: a payload that does run is seen."""
    page.set_content('<img src="x" onerror="alert(1)">')
    page.wait_for_timeout(200)
    assert dialogs == ["1"]
