"""Mask protected names in a report's earlier revisions once a clean version is live."""

import json

from django.core.serializers.json import DjangoJSONEncoder

from wagtail_coc.privacy import Scanner
from wagtail_coc.transparency.register import ProtectedName
from wagtail_coc.transparency.scan.findings import MASK, build_scanner, site_for


def _redact(value, scanner: Scanner):
    """``value`` from a revision's content with every protected name masked.

    StreamFields are stored in revisions as JSON inside a string, so such strings are
    decoded, redacted and encoded again.
    """
    if isinstance(value, dict):
        return {key: _redact(item, scanner) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact(item, scanner) for item in value]
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "[{":
        try:
            decoded = json.loads(value)
        except ValueError:
            decoded = None
        if isinstance(decoded, dict | list):
            return json.dumps(_redact(decoded, scanner), cls=DjangoJSONEncoder)
    names = [finding for finding in scanner.scan(value) if finding.kind == "name"]
    for finding in sorted(names, key=lambda finding: finding.start, reverse=True):
        value = value[: finding.start] + MASK + value[finding.end :]
    return value


def redact_revision_history(page) -> int:
    """Mask protected names in every revision of ``page`` but the live one.

    A report's drafts keep what editors typed, including the names the scan sent back; once
    a clean version is live, the page history stops holding them. Returns how many revisions
    changed.
    """
    if not ProtectedName.objects.exists():
        return 0
    scanner = build_scanner(site_for(page))
    changed = 0
    for revision in page.revisions.exclude(pk=page.live_revision_id).only("content"):
        redacted = _redact(revision.content, scanner)
        if redacted != revision.content:
            revision.content = redacted
            revision.save(update_fields=["content"])
            changed += 1
    return changed
