"""Every text a page or revision can publish, located by field and block.

Reads core fields, the model's own text fields, every StreamField block, rich text, inline
rows, and the titles and descriptions of images and documents a page shows.
"""

import logging
from dataclasses import dataclass

from django.db import models
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import COMMENTS_RELATION_NAME
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import FIND_A_TAG, FIND_EMBED_TAG, extract_attrs

from wagtail_coc.base_page import BasePage as Page

# Page fields that only repeat another field or hold tree bookkeeping.
_SKIPPED_PAGE_FIELDS = {"path", "url_path", "draft_title"}
logger = logging.getLogger(__name__)
SEPARATOR = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "


@dataclass(frozen=True)
class Text:
    """One piece of content: ``path`` is stable (fingerprints), ``label`` is for people."""

    field: str
    path: str
    label: str
    content: str
    html: bool


def _is_text_field(field) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.is_relation
    )


def field_label(field) -> str:
    return str(capfirst(field.verbose_name))


def iter_texts(obj):
    """Every piece of text ``obj`` (a page, or a revision's object) can publish."""
    for field in obj._meta.concrete_fields:
        if field.name in _SKIPPED_PAGE_FIELDS:
            continue
        if isinstance(field, StreamField):
            stream = getattr(obj, field.name)
            yield from _iter_block(
                field.stream_block, stream, field.name, field.name, field_label(field)
            )
            continue
        value = field.value_from_object(obj)
        if _is_text_field(field) and value:
            html = isinstance(value, RichText) or _is_rich_text_field(field)
            content = value.source if isinstance(value, RichText) else str(value)
            yield Text(field.name, field.name, field_label(field), content, html)
            if html:
                yield from _linked_media(content, field.name, field.name, field_label(field))
    for relation in get_all_child_relations(obj):
        name = relation.get_accessor_name()
        if name == COMMENTS_RELATION_NAME:
            # Admin comments are never published.
            continue
        related = relation.related_model
        heading = str(capfirst(related._meta.verbose_name_plural))
        for index, child in enumerate(getattr(obj, name).all(), start=1):
            for field in related._meta.concrete_fields:
                value = field.value_from_object(child)
                if _is_text_field(field) and value and not field.primary_key:
                    yield Text(
                        name,
                        f"{name}.{index}.{field.name}",
                        SEPARATOR.join([heading, _row_label(index), field_label(field)]),
                        str(value),
                        _is_rich_text_field(field),
                    )


def _row_label(index: int) -> str:
    return str(_("row %(number)s") % {"number": index})


def _is_rich_text_field(field) -> bool:
    return isinstance(field, RichTextField)


def _block_label(block) -> str:
    return str(capfirst(block.label or block.name or ""))


def _iter_block(block, value, field, path, label):
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(value, start=1):
            yield from _iter_block(
                child.block,
                child.value,
                field,
                f"{path}.{index}",
                SEPARATOR.join([label, f"{_block_label(child.block)} {index}"]),
            )
    elif isinstance(block, blocks.ListBlock):
        children = getattr(value, "bound_blocks", None)
        items = [child.value for child in children] if children is not None else list(value)
        for index, item in enumerate(items, start=1):
            yield from _iter_block(
                block.child_block,
                item,
                field,
                f"{path}.{index}",
                SEPARATOR.join([label, str(_("item %(number)s") % {"number": index})]),
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _iter_block(
                child_block,
                value.get(name),
                field,
                f"{path}.{name}",
                SEPARATOR.join([label, _block_label(child_block)]),
            )
    elif isinstance(block, blocks.RichTextBlock):
        source = value.source if isinstance(value, RichText) else str(value)
        if source:
            yield Text(field, path, label, source, True)
            yield from _linked_media(source, field, path, label)
    elif isinstance(block, blocks.ChoiceBlock | blocks.MultipleChoiceBlock):
        # Keys from a fixed list written by developers, not by editors.
        return
    elif isinstance(value, str):
        if value:
            yield Text(field, path, label, value, isinstance(block, blocks.RawHTMLBlock))
    elif _is_media(value):
        yield from _media_texts(value, field, path, label)


def _is_media(value) -> bool:
    return isinstance(value, get_image_model() | get_document_model())


# The file name is in the public URL of a document and of an image's renditions.
_MEDIA_TEXTS = (
    ("title", _("title")),
    ("description", _("description")),
    ("file", _("file name")),
)


def _media_texts(media, field, path, label):
    kind = str(capfirst(media._meta.verbose_name))
    for attribute, attribute_label in _MEDIA_TEXTS:
        text = getattr(media, attribute, "")
        if attribute == "file":
            text = text.name if text else ""
        if text:
            yield Text(
                field,
                f"{path}.{media._meta.model_name}.{attribute}",
                SEPARATOR.join([label, f"{kind} {attribute_label}"]),
                str(text),
                False,
            )


def _linked_media(source, field, path, label):
    """What rich text shows of what it links to, but stores only as an id.

    Images embedded and documents linked: their titles and file names. Internal page links
    (``<a linktype="page" id="N">``): the linked page's URL (its slug), and its title.
    """
    yield from _linked_pages(source, field, path, label)
    image_ids, document_ids = [], []
    for match in FIND_EMBED_TAG.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("embedtype") == "image" and attrs.get("id", "").isdigit():
            image_ids.append(int(attrs["id"]))
    for match in FIND_A_TAG.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "document" and attrs.get("id", "").isdigit():
            document_ids.append(int(attrs["id"]))
    for model, ids in ((get_image_model(), image_ids), (get_document_model(), document_ids)):
        if ids:
            for media in model.objects.filter(pk__in=ids).order_by("pk"):
                yield from _media_texts(media, field, f"{path}.{media.pk}", label)


def _linked_pages(source, field, path, label):
    ids = []
    for match in FIND_A_TAG.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "page" and attrs.get("id", "").isdigit():
            ids.append(int(attrs["id"]))
    if not ids:
        return
    link_label = SEPARATOR.join([label, str(_("Linked page"))])
    for page in Page.objects.filter(pk__in=ids).order_by("pk"):
        yield Text(
            field,
            f"{path}.page.{page.pk}",
            link_label,
            # As the public page shows it: the URL in the link, the title where it is listed.
            f'<a href="{escape(page.url_path)}">{escape(page.title)}</a>',
            True,
        )


def rendered_page(obj) -> Text | None:
    """The page as the public will see it, rendered like a preview (an anonymous visitor).

    Catches what no stored field holds: URLs and titles the template or rich text pulls in
    from other pages. None for objects that cannot be previewed or whose preview fails.
    """
    if not isinstance(obj, Page) or not obj.is_previewable():
        return None
    response = obj.make_preview_request()
    if response.status_code != 200 or not hasattr(response, "content"):
        logger.warning("Could not render %s id=%s to scan it", obj._meta.label, obj.pk)
        return None
    html = response.content.decode(response.charset or "utf-8")
    return Text("rendered", "rendered", str(_("The page as published")), html, True)
