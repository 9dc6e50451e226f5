"""CoC sets: a Code of Conduct page with its reporting guide and response procedures."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailTestUtils

from tests.factories import build_coc_page, complete_body
from wagtail_coc.audit import audit_page
from wagtail_coc.models import ReportingGuidePage, ResponseProceduresPage


def soup(html):
    return WagtailTestUtils.get_soup(html)


def split_body():
    """The complete body, less what the companions hold: reporting and the procedure."""
    body = complete_body()
    code = [(kind, value) for kind, value in body if kind not in {"reporting", "procedure"}]
    reporting = [(kind, value) for kind, value in body if kind == "reporting"]
    procedure = [(kind, value) for kind, value in body if kind == "procedure"]
    return code, reporting, procedure


def add_companion(parent, model, title, slug, body, publish=True):
    page = model(title=title, slug=slug, body=body, intro=RichText("<p>Companion.</p>"))
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        type(page).objects.filter(pk=page.pk).update(live=False)
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def coc_set(root_page, team, emergency_info):
    code, reporting, procedure = split_body()
    coc = build_coc_page(root_page, team=team, emergency_info=emergency_info, body=code)
    guide = add_companion(coc, ReportingGuidePage, "Reporting guide", "reporting", reporting)
    procedures = add_companion(
        coc, ResponseProceduresPage, "Response procedures", "procedures", procedure
    )
    return coc, guide, procedures


def statuses(page, **kwargs):
    return {r.key: r.status for r in audit_page(page, **kwargs).results}


def test_checklist_reads_the_set_as_one_document(coc_set):
    coc, _guide, _procedures = coc_set
    assert all(status != "missing" for status in statuses(coc).values())
    assert statuses(coc, companions=[])["procedure"] == "missing"


def test_a_companion_never_published_does_not_count(root_page, team, emergency_info):
    code, reporting, procedure = split_body()
    coc = build_coc_page(root_page, team=team, emergency_info=emergency_info, body=code + reporting)
    add_companion(coc, ResponseProceduresPage, "Procedures", "procedures", procedure, publish=False)
    assert statuses(coc)["procedure"] == "missing"


def test_set_pages_link_to_each_other(client, coc_set):
    for page in coc_set:
        response = client.get(page.url)
        assert response.status_code == 200
        nav = soup(response.content).select_one("nav.coc-set-nav")
        links = [(a.get_text(), a["href"]) for a in nav.select("a")]
        assert links == [
            ("Code of Conduct", "/code-of-conduct/"),
            ("Reporting guide", "/code-of-conduct/reporting/"),
            ("Response procedures", "/code-of-conduct/procedures/"),
        ]
        current = nav.select_one('a[aria-current="page"]')
        assert current["href"] == page.url


def test_companion_shows_the_sets_help_box_and_sections(client, coc_set):
    _coc, guide, _procedures = coc_set
    document = soup(client.get(guide.url).content)
    assert document.select_one("h1").get_text() == "Reporting guide"
    help_links = [a["href"] for a in document.select("aside#coc-help a")]
    assert "mailto:conduct@pyharbour.example" in help_links
    assert document.select_one("section#how-to-report") is not None
    assert document.select_one("aside.coc-emergency") is not None


def test_coc_audit_reports_per_set(coc_set):
    coc, guide, procedures = coc_set
    out = StringIO()
    call_command("coc_audit", "--json", stdout=out)
    [entry] = json.loads(out.getvalue())
    assert entry["page_id"] == coc.pk
    assert [page["page_id"] for page in entry["set"]] == [guide.pk, procedures.pk]
    assert entry["passed"]
    out = StringIO()
    call_command("coc_audit", stdout=out)
    assert "Reporting guide" in out.getvalue()
    assert "Response procedures" in out.getvalue()


def test_coc_audit_fails_a_set_missing_its_procedure(root_page, team, emergency_info):
    code, reporting, _procedure = split_body()
    build_coc_page(root_page, team=team, emergency_info=emergency_info, body=code + reporting)
    with pytest.raises(CommandError):
        call_command("coc_audit", stdout=StringIO(), stderr=StringIO())
