"""The French catalogue covers every user-facing string, ships compiled, and is used.

The catalogue is checked against the current source: makemessages runs on a throwaway copy
of the package, so a string added without a translation fails here rather than in front of
a French-speaking attendee.
"""

import ast
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import build_coc_page
from wagtail_coc import audit, checklist

PACKAGE = Path(__file__).resolve().parent.parent / "wagtail_coc"
FRENCH = PACKAGE / "locale" / "fr" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")


def parse_po(path):
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), flags."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            finish()
            entry = None
            continue
        if entry is None:
            entry = {"msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, int):
                entry["msgstr"][field] += value
            else:
                entry[field] += value
        else:
            keyword, _, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            field = int(match.group(1)) if match else "msgstr" if keyword == "msgstr" else keyword
            if field == "msgstr":
                field = 0
            if isinstance(field, int):
                entry["msgstr"][field] = ast.literal_eval(value)
            else:
                entry[field] = ast.literal_eval(value)
    finish()
    return [e for e in entries if e["msgid"]]


def test_every_string_in_the_source_has_a_french_translation(tmp_path, monkeypatch):
    copy = tmp_path / "wagtail_coc"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], no_obsolete=True, verbosity=0)

    entries = parse_po(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")

    # Guards against the parser (or makemessages) silently finding nothing.
    assert len(entries) > 300
    msgids = {entry["msgid"] for entry in entries}
    # Marked with the checklist's own gettext_noop, and in templates.
    assert "Direct contacts of different genders" in msgids
    assert "In an emergency" in msgids
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert untranslated == []
    plurals = [e for e in entries if e["msgid_plural"]]
    assert plurals and all(len(e["msgstr"]) == 2 for e in plurals)


def test_translations_keep_placeholders_and_markup():
    for entry in parse_po(FRENCH / "django.po"):
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for index, translated in entry["msgstr"].items():
            expected = sorted(PLACEHOLDER.findall(sources[min(index, 1)]))
            assert sorted(PLACEHOLDER.findall(translated)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_the_po_file():
    with (FRENCH / "django.mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)._catalog
    expected = {}
    for entry in parse_po(FRENCH / "django.po"):
        if entry["msgid_plural"]:
            for index, translated in entry["msgstr"].items():
                expected[(entry["msgid"], index)] = translated
        else:
            expected[entry["msgid"]] = entry["msgstr"][0]

    compiled.pop("", None)
    assert compiled == expected


@pytest.mark.django_db
def test_untranslated_page_keeps_its_language_in_a_french_frame(client, coc_page):
    # Not translated yet: the French address shows the English page, marked as English with
    # every word inside it, in the site's French frame (WCAG 3.1.1 and 3.1.2).
    response = client.get("/fr" + coc_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html
    assert 'class="coc-layout" tabindex="-1" lang="en"' in html
    main = html[html.index("<main") : html.index("</main>")]
    for text in ("In an emergency", "Contents", "effective from", "Escalation contacts"):
        assert text in main
    assert "En cas d’urgence" not in main


@pytest.mark.django_db
def test_public_coc_page_in_french(client, french_site):
    response = client.get(french_site[0].url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'class="coc-layout" tabindex="-1" lang="fr"' in html
    for text in (
        "En cas d’urgence",
        "Sommaire",
        "en vigueur à partir du",
        "Services d’urgence",
        "Hôpital le plus proche",
        "Ce qui y conduit",
        "Personnes participantes",
        "Contacts de recours",
        "Aller au contenu",
    ):
        assert text in html
    assert "In an emergency" not in html
    assert "Skip to content" not in html


@pytest.mark.django_db
def test_unprefixed_address_stays_english_whatever_the_browser_asks(client, coc_page):
    html = client.get(coc_page.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="en">' in html
    assert "In an emergency" in html
    assert "En cas d’urgence" not in html


@pytest.mark.django_db
def test_plural_forms_in_french():
    with translation.override("fr"):
        one = translation.ngettext(
            "%(missing)s required item is missing.", "%(missing)s required items are missing.", 1
        )
        many = translation.ngettext(
            "%(missing)s required item is missing.", "%(missing)s required items are missing.", 3
        )
    assert one % {"missing": 1} == "Il manque 1 élément obligatoire."
    assert many % {"missing": 3} == "Il manque 3 éléments obligatoires."


@pytest.mark.django_db
def test_checklist_messages_are_translated(root_page):
    page = build_coc_page(root_page, team=None, emergency_info=None, body=[])
    with translation.override("fr"):
        report = audit.audit_page(page)
    by_key = {result.key: result for result in report.results}

    assert by_key["team"].title == "Équipe nommée, avec ses coordonnées"
    assert by_key["team"].status_label == "Manquant"
    assert by_key["emergency_numbers"].fix.startswith("Dans le champ")
    assert checklist.STATUS_LABELS[checklist.Status.MISSING] == "Missing"
