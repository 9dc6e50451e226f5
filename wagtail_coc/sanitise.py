"""Sanitising rich text and links, whatever path they were written by.

Wagtail filters rich text only on the editor's path; content written by code, imports,
fixtures or the API is stored as given, and a StreamField keeps raw data (lists of
``{"type": ..., "value": ...}`` dicts, JSON strings) untouched until a block is read. So
wagtail-coc cleans at the field, on the way to the database and on the way back:

- ``SanitisedRichTextField`` cleans its HTML when saved and when loaded;
- ``SanitisedStreamField`` walks the stored (JSON-ish) value of every block, whatever shape
  it was written in, and cleans every rich text and raw HTML part and every link;
- ``SanitisedRichTextBlock`` and ``SafeURLBlock`` do the same for blocks used in a site's own
  StreamFields.

HTML goes through nh3 (ammonia) with an allow-list of Wagtail's storage format, and then
through a pass that keeps only internal links and embeds Wagtail can render: an ``id`` that
is not a small positive integer would raise when the page is rendered. nh3 re-serialises the
markup, so mismatched or unclosed tags come out well-formed (the editor's converter needs that).
Links allow the schemes http, https, mailto and tel only.
"""

import html
import json
import re
import uuid

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import RichTextBlock
from wagtail.blocks.stream_block import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText, features

ALLOWED_TAGS = {
    *("p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em"),
    *("ul", "ol", "li", "a", "embed", "blockquote", "code", "sup", "sub", "s", "hr"),
}
ALLOWED_ATTRIBUTES = {
    "*": {"data-block-key"},
    # Wagtail stores internal links and embeds by id and type, resolved when rendered.
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# nh3 escapes "<" and ">" inside attribute values and always double-quotes them, so on its
# output these patterns see whole tags and whole attributes (as Wagtail's rewriters do).
_TAG = re.compile(r"<(a|embed)\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
# Database ids Wagtail can look up: positive and within a 64-bit integer column.
_ID = re.compile(r"[1-9][0-9]{0,17}")


def sanitise_html(markup: str) -> str:
    """Markup reduced to Wagtail's rich-text storage format, safe to render and to edit."""
    cleaned = nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _TAG.sub(_resolvable_tag, cleaned)


def _resolvable_tag(match) -> str:
    tag = match.group(1)
    attrs = dict(_ATTRIBUTE.findall(match.group(2)))
    if tag == "a":
        return _opening_tag("a", _link_attributes(attrs))
    attrs = _embed_attributes(attrs)
    # Wagtail only expands embeds written as ``<embed .../>``; one it cannot render is dropped.
    return _opening_tag("embed", attrs, "/>") if attrs else ""


def _link_attributes(attrs: dict) -> dict:
    linktype = attrs.pop("linktype", None)
    link_id = attrs.pop("id", None)
    if linktype in features.get_link_types() and link_id and _ID.fullmatch(link_id):
        attrs["linktype"], attrs["id"] = linktype, link_id
    return attrs


def _embed_attributes(attrs: dict) -> dict:
    embedtype = attrs.get("embedtype")
    if embedtype not in features.get_embed_types():
        return {}
    if embedtype == "media":
        url = html.unescape(attrs.get("url", ""))
        return {"embedtype": "media", "url": attrs["url"]} if is_safe_url(url, WEB) else {}
    if embedtype == "image" and attrs.get("format") not in _image_format_names():
        return {}
    if not _ID.fullmatch(attrs.get("id", "")):
        return {}
    return {key: attrs[key] for key in ("alt", "embedtype", "format", "id") if key in attrs}


def _image_format_names() -> set[str]:
    from wagtail.images.formats import get_image_formats

    return {image_format.name for image_format in get_image_formats()}


def _opening_tag(tag: str, attrs: dict, end: str = ">") -> str:
    # Values come from nh3's output, so they are already escaped.
    return "<" + " ".join([tag, *(f'{key}="{value}"' for key, value in attrs.items())]) + end


# Links ----------------------------------------------------------------------------------

LINK_SCHEMES = ("http", "https", "mailto", "tel")
WEB = ("http", "https")
# What browsers ignore in a URL before reading its scheme (WHATWG URL standard).
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_UNENCODED = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read from ``url`` (lower case), or None when relative.

    Entity-encoded, mixed-case, padded and tab-split schemes (``&#106;avascript:``,
    ``JaVaScRiPt:``, ``" java\\tscript:"``) are read the way a browser reads them.
    """
    text = str(url)
    for _round in range(3):
        text = html.unescape(text)
    text = _TAB_OR_NEWLINE.sub("", text.strip(_C0_OR_SPACE))
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def is_safe_url(url: str, schemes=LINK_SCHEMES) -> bool:
    """Whether ``url`` is an absolute link with one of ``schemes``, holding none of the
    characters a URL must percent-encode (spaces, controls, quotes, angle brackets)."""
    return bool(url) and url_scheme(url) in schemes and not _UNENCODED.search(str(url))


INVALID_LINK_MESSAGE = _(
    "Enter a web address starting with http:// or https://, an email link starting with "
    "mailto: or a phone link starting with tel:."
)
_PHONE_LINK = re.compile(r"tel:\+?[0-9().\- ]{2,30}")
_web_url = URLValidator(schemes=WEB)
_email = EmailValidator()


def validate_link(value: str) -> None:
    """Form and model validation of a link: http(s), mailto: or tel:, nothing else."""
    scheme = url_scheme(value)
    try:
        if not is_safe_url(value):
            raise ValidationError("scheme")
        if scheme in WEB:
            _web_url(value)
        elif scheme == "mailto":
            _email(value.partition(":")[2].partition("?")[0])
        elif not _PHONE_LINK.fullmatch(value):
            raise ValidationError("phone")
    except ValidationError as error:
        raise ValidationError(INVALID_LINK_MESSAGE, "invalid_link") from error


def safe_link(value):
    """``value`` when it is a link the form would accept, else the empty string."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        validate_link(value)
    except ValidationError:
        return ""
    return value


class SafeURLFormField(forms.CharField):
    widget = forms.URLInput

    def __init__(self, **kwargs):
        super().__init__(**{"validators": [validate_link], "strip": True, **kwargs})


class SafeURLBlock(blocks.FieldBlock):
    """A link block that only takes http(s), mailto: and tel: links, on the form and when
    saved (``SanitisedStreamField`` blanks any other value written by code)."""

    def __init__(self, required=True, help_text=None, max_length=None, **kwargs):
        self.field = SafeURLFormField(required=required, help_text=help_text, max_length=max_length)
        super().__init__(**kwargs)

    def get_prep_value(self, value):
        return safe_link(super().get_prep_value(value))

    def deconstruct(self):
        # Stored like Wagtail's URLBlock: no migration depends on this class.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.URLBlock", args, kwargs

    class Meta:
        icon = "link"


# Rich text ------------------------------------------------------------------------------


def _sanitised_text(value):
    return sanitise_html(value) if isinstance(value, str) and value else value


class SanitisedRichTextFormField(forms.CharField):
    """What the editor posts, cleaned before it is validated or shown again: a re-rendered
    form converts the value back for the editor, which fails on ids that are not ids."""

    def to_python(self, value):
        return _sanitised_text(super().to_python(value))

    def bound_data(self, data, initial):
        return _sanitised_text(super().bound_data(data, initial))


class SanitisedRichTextField(RichTextField):
    """A rich-text field cleaned when saved, and when loaded (for rows saved before)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SanitisedRichTextFormField, **kwargs})

    def get_prep_value(self, value):
        # A RichText object's str() is its rendering: links would be frozen at save time.
        if isinstance(value, RichText):
            value = value.source
        return _sanitised_text(super().get_prep_value(value))

    def from_db_value(self, value, expression, connection):
        return _sanitised_text(value)

    def to_python(self, value):
        return _sanitised_text(super().to_python(value))


class SanitisedRichTextBlock(RichTextBlock):
    def get_prep_value(self, value):
        return _sanitised_text(super().get_prep_value(value))

    def to_python(self, value):
        return super().to_python(_sanitised_text(value))

    def normalize(self, value):
        value = super().normalize(value)
        return RichText(sanitise_html(value.source)) if value.source else value

    def value_from_form(self, value):
        # Cleaned before the form is validated or shown again (see SanitisedRichTextFormField).
        return super().value_from_form(_sanitised_text(value))


# StreamFields ---------------------------------------------------------------------------


def clean_stream_data(block, data):
    """Stored (JSON-ish) data of ``block`` with every rich text, raw HTML and link cleaned.

    Data of the wrong shape for its block (a string where a struct belongs, an item without
    a type) is dropped or emptied, so nothing stored makes a block raise when rendered.
    """
    if isinstance(data, str):
        # PostgreSQL refuses the NUL character in JSON and text, and no one can read it.
        data = data.replace("\x00", "")
    if isinstance(block, blocks.BaseStreamBlock):
        if not isinstance(data, list):
            return []
        return [
            {**item, "value": clean_stream_data(block.child_blocks[item["type"]], item["value"])}
            for item in data
            if isinstance(item, dict) and item.get("type") in block.child_blocks and "value" in item
        ]
    if isinstance(block, blocks.ListBlock):
        if not isinstance(data, list):
            return []
        return [_clean_list_item(block.child_block, item) for item in data]
    if isinstance(block, blocks.BaseStructBlock):
        if not isinstance(data, dict):
            return {}
        return {
            name: clean_stream_data(block.child_blocks[name], value)
            if name in block.child_blocks
            else value
            for name, value in data.items()
        }
    if isinstance(block, RichTextBlock | blocks.RawHTMLBlock):
        return sanitise_html(str(data)) if data else ""
    if isinstance(block, blocks.URLBlock | SafeURLBlock):
        return safe_link(data)
    if isinstance(block, blocks.ChooserBlock):
        # A snippet, page, image or document chosen by id: anything else cannot be looked up.
        return data if is_valid_pk(block.target_model, data) else None
    if isinstance(block, blocks.CharBlock | blocks.TextBlock) and data is not None:
        return data if isinstance(data, str) else str(data)
    return data


def _clean_list_item(child_block, item):
    # ListBlock items are stored as {"type": "item", "value": ..., "id": ...} since Wagtail 2.16,
    # and as bare values before. Wagtail reads an item without an id as a bare value.
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return {
            **item,
            "value": clean_stream_data(child_block, item["value"]),
            "id": item.get("id") or str(uuid.uuid4()),
        }
    return clean_stream_data(child_block, item)


class SanitisedStreamField(StreamField):
    """A StreamField whose every rich text, raw HTML and link part is cleaned on the way to
    the database and on the way back, whatever shape the value was written in: block
    tuples, ``{"type": ..., "value": ...}`` dicts, a JSON string, or raw data then ``save()``.
    """

    def to_python(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return super().to_python(value)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            value = clean_stream_data(self.stream_block, value)
        return super().to_python(value)

    def get_prep_value(self, value):
        # Lists and JSON strings reach here directly from QuerySet.update() and bulk writes.
        if isinstance(value, list | tuple | str) and not isinstance(value, StreamValue):
            value = self.to_python(value)
        prepared = super().get_prep_value(value)
        if isinstance(prepared, list):
            return clean_stream_data(self.stream_block, prepared)
        return prepared

    def deconstruct(self):
        # Stored exactly like Wagtail's StreamField: no migration depends on this class.
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.StreamField", args, kwargs


# Admin forms ----------------------------------------------------------------------------

TAMPERED_MESSAGE = _(
    "This part of the form arrived in a shape the editor never sends, so nothing was saved. "
    "Reload the page and try again."
)
# The most rows an inline formset may claim (Django's own default absolute maximum).
MAX_ROWS = 1000
_BIGINT = 2**63


def is_valid_pk(model, value) -> bool:
    """Whether ``value`` could be a primary key of ``model`` the database can look up."""
    if value in (None, ""):
        return True
    try:
        python = model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return not isinstance(python, int) or -_BIGINT <= python < _BIGINT


def _count(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= MAX_ROWS else None


class TamperProofFormMixin:
    """For the package's admin forms: input no editor sends (a chooser value that is not an
    id, inline counts that do not add up, a row id that is not an id, rich-text JSON that
    does not parse, a stream with broken counts) becomes a form error instead of an exception
    deep in Wagtail, modelcluster or Django.

    The posted data is checked before the form and its inline formsets are built from it;
    each unusable part is emptied (so the form can be shown again) and reported.
    """

    def __init__(self, data=None, files=None, *args, **kwargs):
        self._tampered = set()
        if data is not None:
            data = data.copy()
            prefix = kwargs.get("prefix")
            self._check_fields(type(self).base_fields, data, files, prefix)
            for name, formset_class in getattr(type(self), "formsets", {}).items():
                self._check_formset(formset_class, f"{prefix}-{name}" if prefix else name, data)
        super().__init__(data, files, *args, **kwargs)

    def _check_fields(self, fields, data, files, prefix, owner=None):
        for name, field in fields.items():
            key = f"{prefix}-{name}" if prefix else name
            if isinstance(field, forms.ModelChoiceField):
                values = data.getlist(key) if hasattr(data, "getlist") else [data.get(key)]
                if not all(is_valid_pk(field.queryset.model, value) for value in values):
                    data[key] = ""
                    self._tampered.add(owner or name)
                continue
            try:
                field.widget.value_from_datadict(data, files, key)
            except Exception:  # any failure here would be a server error
                self._tampered.add(owner or name)
                for other in [k for k in data if k == key or k.startswith(f"{key}-")]:
                    del data[other]
                if hasattr(field, "block"):  # a StreamField: an empty stream
                    data[f"{key}-count"] = "0"

    def _check_formset(self, formset_class, prefix, data):
        if f"{prefix}-TOTAL_FORMS" not in data:
            # No management form at all: Django reports that itself (or, for Wagtail's
            # comments, ignores it).
            return
        total = _count(data.get(f"{prefix}-TOTAL_FORMS"))
        initial = _count(data.get(f"{prefix}-INITIAL_FORMS"))
        model = formset_class.model
        intact = (
            total is not None
            and initial is not None
            and initial <= total
            and all(
                data.get(f"{prefix}-{i}-{model._meta.pk.name}") not in (None, "")
                and is_valid_pk(model, data.get(f"{prefix}-{i}-{model._meta.pk.name}"))
                for i in range(initial)
            )
            # The editor posts every row it counts; a counted row with nothing posted (no
            # order, no fields) cannot be shown again.
            and all(any(key.startswith(f"{prefix}-{i}-") for key in data) for i in range(total))
        )
        if not intact:
            # Shown again without rows; the stored rows are untouched, as nothing is saved.
            self._tampered.add(prefix)
            for key in [k for k in data if k.startswith(f"{prefix}-")]:
                del data[key]
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
            return
        for index in range(total):
            self._check_fields(
                formset_class.form.base_fields, data, None, f"{prefix}-{index}", owner=prefix
            )

    def full_clean(self):
        super().full_clean()
        for name in sorted(self._tampered):
            self.add_error(name if name in self.fields else None, TAMPERED_MESSAGE)
