"""Importing Codes of Conduct from Markdown and HTML (``coc_import``).

The fixtures are written for these tests, modelled on the shapes of real published Codes:
a large conference with a separate reporting guide and enforcement procedures (HTML saved
from the site, with its template tags and navigation, plus two Markdown files with front
matter), a mid-size conference (Markdown with TOML front matter and American spelling), and
a global community with a team per space (nested headings, a numbered ladder).
"""

import json
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from wagtail_coc.audit import audit_page
from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.importing import FRONT_MATTER, body_blocks, classify_heading, parse_document
from wagtail_coc.models import CodeOfConductPage, ReportingGuidePage, ResponseProceduresPage

FIXTURES = Path(__file__).parent / "import_fixtures"
WORD = re.compile(r"[\w'’@.+-]+")


def words(text):
    return Counter(
        word.strip(".-'’").casefold() for word in WORD.findall(text) if word.strip(".-'’")
    )


def source_words(path):
    text = path.read_text()
    if path.suffix == ".html":
        main = LexborHTMLParser(text).css_first("main")
        return words(re.sub(r"{%.*?%}", " ", main.text(separator=" ")))
    html = MarkdownIt("commonmark").render(FRONT_MATTER.sub("", text, count=1))
    return words(LexborHTMLParser(html).body.text(separator=" "))


def published_words(client, pages):
    counter = Counter()
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200
        main = LexborHTMLParser(response.content.decode()).css_first("main")
        counter += words(main.text(separator=" "))
    return counter


def coverage(source, published):
    total = sum(source.values())
    found = sum(min(count, published[word]) for word, count in source.items())
    return found / total


def run_import(*names, parent="/", publish=True):
    out = StringIO()
    args = [str(FIXTURES / name) for name in names]
    call_command(
        "coc_import", *args, "--parent", parent, *(["--publish"] if publish else []), stdout=out
    )
    return out.getvalue()


def kinds(page):
    return [block.block_type for block in page.body]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("OUR STANDARDS", "expected_behaviour"),
        ("Expected Behavior", "expected_behaviour"),
        ("Our community", "expected_behaviour"),
        ("Unacceptable Behavior", "unacceptable_behaviour"),
        ("Inappropriate behaviour", "unacceptable_behaviour"),
        ("Enforcement", "consequences"),
        ("Consequences of Unacceptable Behavior", "consequences"),
        ("Scope", "scope"),
        ("How To Report", "reporting"),
        ("Reporting an Incident", "reporting"),
        ("What happens after a report?", "procedure"),
        ("Response Process", "procedure"),
        ("Conflicts of Interest", "conflict_of_interest"),
        ("In an Emergency", "emergency"),
        ("License", "licence"),
        ("Licence & Attribution", "licence"),
        ("Weapons Policy", "section"),
        ("Where this Code applies", "scope"),
        ("Our Pledge", "section"),
        ("What to do if you witness or experience harassment", "reporting"),
        ("What to Include in a Report", "what_to_include"),
        ("Confidentiality", "confidentiality"),
    ],
)
def test_headings_are_recognised(heading, kind):
    assert classify_heading(heading) == kind


def test_large_conference_set_from_html_and_markdown(client, root_page):
    output = run_import("bigconf-coc.html", "bigconf-reporting.md", "bigconf-procedures.md")
    coc = CodeOfConductPage.objects.get()
    guide = ReportingGuidePage.objects.get()
    procedures = ResponseProceduresPage.objects.get()
    assert coc.title == "NorthStack Conf Code of Conduct"
    assert coc.live and guide.live and procedures.live
    assert guide.get_parent().pk == coc.pk and procedures.get_parent().pk == coc.pk
    assert kinds(coc) == [
        "expected_behaviour",
        "unacceptable_behaviour",
        "scope",
        "consequences",
        "reporting",
        "licence",
    ]
    assert kinds(guide) == ["reporting", "conflict_of_interest", "section"]
    reporting = guide.body[0].value
    assert "partial report" in reporting["what_to_include"].source
    assert "identity of a reporter" in reporting["confidentiality"].source
    assert kinds(procedures) == ["procedure", "consequences", "section"]
    # Bold lead-ins and links survive in the items; the sentence after the list too.
    expected = coc.body[0].value
    assert expected["behaviours"][0].source.startswith("<p><b>Be considerate.</b>")
    assert 'href="/conduct/reporting/"' in expected["behaviours"][3].source
    assert "These standards apply" in expected["outro"].source
    assert "hallway track" in expected["behaviours"][2].source
    actions = coc.body[3].value["actions"]
    assert len(actions) == 4
    # Site chrome and template tags are gone.
    stored = str(coc.body.raw_data) + coc.intro
    for chrome in ("Tickets on sale", "Sponsor us", "newsletter", "All rights reserved", "{%"):
        assert chrome not in stored
    # The reporting section's contacts became channels, so help is at the top of the page.
    channels = coc.body[4].value["channels"]
    assert [(c["kind"], c["label"]) for c in channels] == [
        ("email", "conduct@northstack.example"),
        ("phone", "+14155550177"),
    ]
    assert "OUR STANDARDS → Expected behaviour" in output
    assert "Checklist" in output
    pages = [coc, guide, procedures]
    source = Counter()
    for name in ("bigconf-coc.html", "bigconf-reporting.md", "bigconf-procedures.md"):
        source += source_words(FIXTURES / name)
    assert coverage(source, published_words(client, pages)) >= 0.97


def test_mid_size_conference_markdown(client, root_page):
    run_import("midconf.md")
    coc = CodeOfConductPage.objects.get()
    assert coc.title == "PyRiver Code of Conduct"
    assert kinds(coc) == [
        "expected_behaviour",
        "unacceptable_behaviour",
        "scope",
        "reporting",
        "consequences",
        "section",
        "licence",
    ]
    assert "<b>photo policy</b>" in coc.body[0].value["behaviours"][2].source
    assert "title =" not in coc.intro
    assert coverage(source_words(FIXTURES / "midconf.md"), published_words(client, [coc])) >= 0.97


def test_global_community_with_teams_per_space(client, root_page):
    output = run_import("globalcommunity.md")
    coc = CodeOfConductPage.objects.get()
    assert kinds(coc) == [
        "section",
        "expected_behaviour",
        "unacceptable_behaviour",
        "scope",
        "reporting",
        "consequences",
        "licence",
    ]
    assert coc.body[2].value["heading"] == "Examples of unacceptable behaviour"
    assert len(coc.body[2].value["behaviours"]) == 3
    reporting = coc.body[4].value
    assert "Online Spaces" in reporting["intro"].source
    assert {c["label"] for c in reporting["channels"]} == {
        "conduct-conf@lumen.example",
        "mods@lumen.example",
        "meetups@lumen.example",
    }
    assert "Our Pledge → Other section" in output
    source = source_words(FIXTURES / "globalcommunity.md")
    assert coverage(source, published_words(client, [coc])) >= 0.97


def test_import_as_drafts_under_a_parent_page(root_page):
    parent = root_page.add_child(instance=Page(title="Events", slug="events"))
    run_import("midconf.md", parent="/events/", publish=False)
    coc = CodeOfConductPage.objects.get()
    assert coc.get_parent().pk == parent.pk
    assert not coc.live
    assert coc.get_latest_revision() is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"# Title\n" + b"a" * (1024 * 1024 + 1), "limit is 1 MB"),
        (b"<html><body><main><div><p></div></main>", "no readable text"),
    ],
)
def test_bad_input_gets_a_clear_message_and_creates_nothing(tmp_path, root_page, content, message):
    good = FIXTURES / "midconf.md"
    bad = tmp_path / ("bad.html" if content.startswith(b"<") else "bad.md")
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("coc_import", str(good), str(bad), "--parent", "/", stdout=StringIO())
    assert not CodeOfConductPage.objects.exists()
    assert not ReportingGuidePage.objects.exists()


def test_unknown_parent_is_a_clear_message(root_page):
    with pytest.raises(CommandError, match="No page at /nowhere/"):
        run_import("midconf.md", parent="/nowhere/")


def test_admin_import_previews_then_creates(admin_client, root_page):
    url = reverse("wagtail_coc_import")
    assert admin_client.get(url).status_code == 200
    with open(FIXTURES / "midconf.md", "rb") as upload:
        response = admin_client.post(url, {"parent": root_page.pk, "files": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: how the text will be mapped" in html
    # Each heading is shown with the section it becomes, named as the page editor names it.
    assert re.search(r"<td>Expected Behavior</td><td>Expected behaviour</td>", html)
    assert re.search(r"<td>Weapons Policy</td><td>Other section</td>", html)
    assert not CodeOfConductPage.objects.exists()
    sources = response.context["form"]["sources"].value()
    response = admin_client.post(url, {"parent": root_page.pk, "sources": sources, "create": "1"})
    coc = CodeOfConductPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[coc.pk])
    assert not coc.live
    assert kinds(coc)[0] == "expected_behaviour"


def test_admin_import_of_pasted_text_and_bad_input(admin_client, root_page):
    url = reverse("wagtail_coc_import")
    response = admin_client.post(url, {"parent": root_page.pk, "text": "# T\n\n## Scope\n\nAll."})
    assert "Scope" in response.content.decode() and "Preview" in response.content.decode()
    response = admin_client.post(url, {"parent": root_page.pk})
    assert "Upload a file or paste" in response.content.decode()
    binary = SimpleUploadedFile("logo.md", b"\x89PNG\x00\x00")
    response = admin_client.post(url, {"parent": root_page.pk, "files": binary})
    assert "binary data" in response.content.decode()
    assert not CodeOfConductPage.objects.exists()


def test_starter_set_is_complete_and_flags_its_placeholders(client, root_page, team):
    out = StringIO()
    call_command("coc_import", "--starter-set", "--parent", "/", "--publish", stdout=out)
    coc = CodeOfConductPage.objects.get()
    assert [type(p) for p in coc.get_children().specific()] == [
        ReportingGuidePage,
        ResponseProceduresPage,
    ]
    statuses = {r.key: r.status for r in audit_page(coc).results}
    assert statuses["placeholders"] == "missing"
    for key in ("expected_behaviour", "unacceptable_behaviour", "consequences", "scope"):
        assert statuses[key] == "met"
    assert statuses["procedure"] == "met"
    assert "[Missing] No placeholders left" in out.getvalue()
    # Replacing the placeholders clears the item.
    for page in [coc, *[p.specific for p in coc.get_children()]]:
        page.title = page.title.replace("[REPLACE:", "(")
        page.intro = re.sub(r"\[REPLACE:[^\]]*\]", "PyHarbour", page.intro)
        raw = json.loads(json.dumps(list(page.body.raw_data)))
        page.body = json.loads(re.sub(r"\[REPLACE:[^\]]*\]", "PyHarbour", json.dumps(raw)))
        page.save_revision().publish()
    coc = CodeOfConductPage.objects.get()
    assert {r.key: r.status for r in audit_page(coc).results}["placeholders"] == "met"


def test_import_needs_files_or_the_starter_set(root_page):
    with pytest.raises(CommandError, match="--starter-set"):
        call_command("coc_import", "--parent", "/", stdout=StringIO())


def reporting_channels(text):
    reporting = next(v for t, v in body_blocks(parse_document(text, "coc.md").sections))
    return [(c["kind"], c["label"]) for c in reporting["channels"]]


def test_contacts_written_in_the_reporting_text_become_channels_once():
    text = (
        "# Code\n\n## How to report\n\n"
        "Email conduct@pyriver.example (or [write to us](mailto:conduct@pyriver.example)), "
        "call our hotline on [+1 415 555 0111](tel:+14155550111) — that is (415) 555-0111 — "
        "or text +44 20 7946 0958. Reports made on 2026-03-14 are answered within 24 hours.\n"
    )
    assert reporting_channels(text) == [
        ("email", "conduct@pyriver.example"),
        ("phone", "+14155550111"),
        ("phone", "+44 20 7946 0958"),
    ]


def test_pasted_text_with_windows_line_endings_keeps_its_title_and_drops_front_matter():
    text = "---\r\nlayout: page\r\n---\r\n\r\n# PyRiver Code\r\n\r\n## Scope\r\n\r\nAll.\r\n"
    document = parse_document(text, "pasted.md")
    assert document.title == "PyRiver Code"
    assert [s.kind for s in document.sections] == ["scope"]
    assert "layout" not in document.source_text


def test_only_people_who_may_add_pages_see_and_use_the_import(client, root_page):
    reader = get_user_model().objects.create_user("reader", password="pw")
    reader.groups.add(Group.objects.create(name="Admin readers"))
    reader.groups.first().permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    url = reverse("wagtail_coc_import")
    assert "Import a Code of Conduct" not in client.get(reverse("wagtailadmin_home")).text
    # Wagtail's admin answers a refused view by sending the person back to the dashboard.
    assert client.get(url)["Location"] == reverse("wagtailadmin_home")
    client.post(url, {"parent": root_page.pk, "text": "# T\n\n## Scope\n", "create": "1"})
    assert not CodeOfConductPage.objects.exists()

    reader.groups.add(Group.objects.get(name="Editors"))
    assert "Import a Code of Conduct" in client.get(reverse("wagtailadmin_home")).text
    assert client.get(url).status_code == 200
