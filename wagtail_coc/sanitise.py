"""Sanitising rich text that did not come through Wagtail's editor.

Wagtail filters rich text only on the editor's path; content written by code, imports,
fixtures or the API is stored as given. Every rich text field and block of wagtail-coc runs
its stored HTML through nh3 (ammonia) with an allow-list of Wagtail's own storage format.
"""

import nh3
from wagtail.blocks import RichTextBlock
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText

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


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


class SanitisedRichTextField(RichTextField):
    def get_prep_value(self, value):
        # A RichText object's str() is its rendering: links would be frozen at save time.
        value = value.source if isinstance(value, RichText) else super().get_prep_value(value)
        return sanitise_html(value) if value else value


class SanitisedRichTextBlock(RichTextBlock):
    def get_prep_value(self, value):
        source = super().get_prep_value(value)
        return sanitise_html(source) if source else source

    def normalize(self, value):
        value = super().normalize(value)
        return RichText(sanitise_html(value.source)) if value.source else value
