"""Behaviour items become rich text (bold lead-ins and links survive).

Stored plain strings are escaped and wrapped in a paragraph, on the page rows and on every
revision, so an earlier revision still renders and reverts the same. Written against the raw
JSON, whatever shape the list was stored in (Wagtail's older plain list or its list of
``{"type": "item", "value": ...}``).
"""

import html
import json

from django.db import migrations

LIST_BLOCKS = {"expected_behaviour": "behaviours", "unacceptable_behaviour": "behaviours"}


def _as_rich_text(text):
    text = text or ""
    if text.lstrip().startswith("<"):
        return text
    return f"<p>{html.escape(text, quote=False)}</p>" if text.strip() else ""


def convert_stream(stream):
    """``stream`` (a list of raw blocks) with behaviour strings as rich text; changed?"""
    changed = False
    for block in stream or ():
        field = LIST_BLOCKS.get(block.get("type"))
        value = block.get("value")
        if not field or not isinstance(value, dict):
            continue
        items = value.get(field) or []
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get("type") == "item":
                new = _as_rich_text(item.get("value"))
                if new != item.get("value"):
                    item["value"] = new
                    changed = True
            elif isinstance(item, str) and _as_rich_text(item) != item:
                items[index] = _as_rich_text(item)
                changed = True
    return changed


def _load(raw):
    if isinstance(raw, str):
        try:
            return json.loads(raw), True
        except ValueError:
            return None, True
    return raw, False


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtail_coc", "CodeOfConductPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for page in Page.objects.all():
        body = page.body
        stream = [dict(block) for block in (body.raw_data if hasattr(body, "raw_data") else body)]
        if convert_stream(stream):
            page.body = stream
            page.save(update_fields=["body"])
    content_type = ContentType.objects.filter(
        app_label="wagtail_coc", model="codeofconductpage"
    ).first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = revision.content or {}
        stream, was_text = _load(content.get("body"))
        if not isinstance(stream, list) or not convert_stream(stream):
            continue
        content["body"] = json.dumps(stream) if was_text else stream
        Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_coc", "0004_content_model_fits_real_codes"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
