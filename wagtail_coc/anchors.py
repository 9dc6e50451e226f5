"""Readable, stable section anchors: the heading's slug, deduplicated in page order.

``#reporting`` keeps working as long as the heading says "Reporting", whatever block ids
the editor produced; a second "Reporting" becomes ``#reporting-2``.
"""

from django.utils.text import slugify

# Ids the page itself uses, which a section must never take.
RESERVED = {"coc-title", "coc-toc-heading", "coc-help", "coc-help-heading", "main"}

FALLBACKS = {
    "emergency_info": "emergency",
    "licence": "licence",
}


def anchor_for(heading: str, fallback: str = "section") -> str:
    return slugify(heading or "") or fallback


def unique_anchors(headings, fallbacks=None, taken=()):
    """One anchor per heading, in order, none repeated and none in ``taken``."""
    fallbacks = fallbacks or ["section"] * len(headings)
    seen = set(RESERVED) | set(taken)
    anchors = []
    for heading, fallback in zip(headings, fallbacks, strict=True):
        base = anchor_for(heading, fallback)
        anchor, number = base, 2
        while anchor in seen:
            anchor = f"{base}-{number}"
            number += 1
        seen.add(anchor)
        anchors.append(anchor)
    return anchors


def _heading(block):
    value = block.value
    return value.get("heading", "") if hasattr(value, "get") else ""


def section_anchors(body):
    """(block, anchor) for every block of a StreamField value."""
    blocks = list(body)
    anchors = unique_anchors(
        [_heading(block) for block in blocks],
        [FALLBACKS.get(block.block_type, block.block_type.replace("_", "-")) for block in blocks],
    )
    return list(zip(blocks, anchors, strict=True))
