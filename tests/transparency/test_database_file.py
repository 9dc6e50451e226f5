"""The database file itself holds no protected name in plain text.

The register and a whole review cycle leave the database; its bytes are then searched: the
SQLite file (via SQLite's backup API) or a ``pg_dump`` of the PostgreSQL database. A known
plain value must be found in the same bytes, so the search cannot pass vacuously.
"""

import glob
import os
import shutil
import sqlite3
import subprocess

import pytest
from django.db import connection
from wagtail.models import Site

from tests.transparency.factories import build_transparency_index, build_transparency_report
from wagtail_coc.transparency.models import ProtectedName, TransparencyReportPage
from wagtail_coc.transparency.scan.findings import SensitiveDataFound

PROTECTED = ["Zyxwa Quellington", "Ottilie Brandqvist", "@zq_hacks"]
PLAIN_MARKER = "Harbour transparency marker 7Q"


def database_bytes(tmp_path) -> bytes:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "copy.sqlite3")
        connection.connection.backup(target)
        target.close()
        return (tmp_path / "copy.sqlite3").read_bytes()
    assert connection.vendor == "postgresql", connection.vendor
    pg_dump = shutil.which("pg_dump") or sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1]
    params = connection.settings_dict
    return subprocess.run(
        [
            pg_dump,
            "--host", params["HOST"] or "127.0.0.1",
            "--port", str(params["PORT"] or 5432),
            "--username", params["USER"],
            "--data-only",
            params["NAME"],
        ],
        env={**os.environ, "PGPASSWORD": params["PASSWORD"] or ""},
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_file_holds_no_protected_name_in_plain_text(tmp_path):
    site = Site.objects.get(is_default_site=True)
    for name in PROTECTED:
        ProtectedName.objects.create(site=site, value=name, note=f"about {name}")

    index = build_transparency_index(site.root_page)
    report = build_transparency_report(index, 2026, statistics=[("harassment", "warning", 1)])
    # An editor's draft names someone; the guard refuses it, the editor fixes and publishes.
    draft = TransparencyReportPage.objects.get(pk=report.pk)
    draft.takeaways = f"<p>Thanks to <b>{PROTECTED[0]}</b> and {PROTECTED[2]}.</p>"
    draft.reports = [
        ("report", {"kind": "formal", "category": "other", "summary": f"{PROTECTED[1]} said so.",
                    "outcome": "no_action", "resolution": ""}),
    ]  # fmt: skip
    with pytest.raises(SensitiveDataFound):
        draft.save_revision().publish()
    fixed = TransparencyReportPage.objects.get(pk=report.pk)
    fixed.takeaways = f"<p>{PLAIN_MARKER}</p><p>Thanks to everyone who reported.</p>"
    fixed.save_revision().publish()

    contents = database_bytes(tmp_path)
    assert PLAIN_MARKER.encode() in contents
    leaked = [
        name
        for name in PROTECTED
        for variant in {name, name.casefold()}
        if variant.encode() in contents.lower() or variant.encode("utf-16-le") in contents
    ]
    assert leaked == []


def test_page_history_masks_names_once_a_clean_version_is_live(db):
    site = Site.objects.get(is_default_site=True)
    ProtectedName.objects.create(site=site, value=PROTECTED[0])
    report = build_transparency_report(build_transparency_index(site.root_page), 2026)

    draft = TransparencyReportPage.objects.get(pk=report.pk)
    draft.takeaways = f"<p>Thanks to {PROTECTED[0]} for the lightning talk.</p>"
    named_revision = draft.save_revision()
    assert PROTECTED[0] in named_revision.content["takeaways"]

    fixed = TransparencyReportPage.objects.get(pk=report.pk)
    fixed.takeaways = "<p>Thanks to the lightning talk speakers.</p>"
    live_revision = fixed.save_revision()
    live_revision.publish()

    named_revision.refresh_from_db()
    assert PROTECTED[0] not in named_revision.content["takeaways"]
    assert named_revision.content["takeaways"].startswith("<p>Thanks to ▇▇▇")
    assert "for the lightning talk" in named_revision.content["takeaways"]
    live_revision.refresh_from_db()
    assert live_revision.content["takeaways"] == "<p>Thanks to the lightning talk speakers.</p>"
