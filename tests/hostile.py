"""Hostile input for the tests: XSS payloads by category, hostile links, a checker of rendered
HTML, and a filler that puts a payload into every text, rich-text and link part of any block.

The payloads follow the classic XSS cheat-sheet categories rather than a fixed list of
examples, so that a fix has to cover the category.
"""

import json
from html.parser import HTMLParser

from django.db import connection
from hypothesis import strategies as st
from wagtail import blocks

from wagtail_coc.sanitise import SafeURLBlock, url_scheme

PAYLOADS = [
    # script elements
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<script\x20type="text/javascript">alert(1);</script>',
    "<<script>alert(1)//<</script>",
    # event handlers
    '<img src=x onerror="alert(1)">',
    "<IMG SRC=# onmouseover=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<body onload=alert(1)><p onclick="alert(1)">x</p>',
    '<svg onload=alert(1)><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<details open ontoggle="alert(1)">',
    "<input autofocus onfocus=alert(1)>",
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))" data-block-key="k">x</p>',
    # javascript:, vbscript:, data: URLs, in every disguise
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#0000106&#0000097vascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # comments, noscript, CDATA, raw text elements
    "<!--<img src=x onerror=alert(1)>-->",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<![CDATA[<script>alert(1)</script>]]>",
    "<style><img src=x onerror=alert(1)></style>",
    "<textarea><script>alert(1)</script></textarea>",
    "<title><img src=x onerror=alert(1)></title>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    # mutation XSS (markup that changes meaning when parsed twice)
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<a title="a</a><img src=x onerror=alert(1)>">x</a>',
    "<p><b>unclosed <i>tags</p></b><li>stray</ul></div>",
    # Wagtail's storage format with ids that are not database ids
    '<a linktype="page" id="4x">page</a>',
    '<a linktype="page" id="1 OR 1">page</a>',
    '<a linktype="document" id="99999999999999999999999">doc</a>',
    '<a linktype="page">no id</a>',
    '<embed embedtype="image" id="1 OR 1" format="left" alt="x"/>',
    '<embed embedtype="image" id="1" format="nosuchformat" alt="x"/>',
    '<embed embedtype="media" url="javascript:alert(1)"/>',
    '<a linktype="unknown" id="1">x</a>',
]

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'https://ok.example/" onmouseover="alert(1)',
    "https://ok.example/<script>alert(1)</script>",
]

# Elements and URL schemes a rendered public page must never contain from content.
FORBIDDEN_ELEMENTS = {
    *("script", "iframe", "object", "embed", "svg", "math", "style", "base", "meta", "link"),
    *("frame", "frameset", "applet", "noscript", "xmp", "template", "textarea", "input"),
}
FORBIDDEN_SCHEMES = {"javascript", "vbscript", "data"}
URL_ATTRIBUTES = {
    *("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "background"),
    *("poster", "cite", "url", "content"),
}


class _Collector(HTMLParser):
    def __init__(self, allowed):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS and tag not in self.allowed:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name == "style" and value and "url(" in value.lower():
                self.problems.append(f"style with url() on <{tag}>")
            if name in URL_ATTRIBUTES and value and url_scheme(value) in FORBIDDEN_SCHEMES:
                self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def script_problems(html: str, allowed=("link", "meta", "input", "textarea")) -> list[str]:
    """What in ``html`` could run script: elements, event handlers, dangerous URLs.

    ``allowed`` are elements the page's own templates use (stylesheets, form inputs).
    """
    collector = _Collector(set(allowed))
    collector.feed(html)
    collector.close()
    return collector.problems


def assert_safe_page(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    problems = script_problems(html)
    assert not problems, problems
    return html


def fill(block, text, url, stored=True):
    """Data for ``block`` with ``text`` in every text and rich-text part and ``url`` in every
    link; every child of a stream appears once. ``stored``: the JSON-ish shape stored in the
    database, else the plain Python shape code passes as ``(name, value)`` tuples."""
    if isinstance(block, blocks.BaseStreamBlock):
        return [
            {"type": name, "value": fill(child, text, url, stored)}
            for name, child in block.child_blocks.items()
            if not isinstance(child, blocks.ChooserBlock)
        ]
    if isinstance(block, blocks.ListBlock):
        item = fill(block.child_block, text, url, stored)
        return [{"type": "item", "value": item}] if stored else [item]
    if isinstance(block, blocks.BaseStructBlock):
        return {name: fill(child, text, url, stored) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.URLBlock | SafeURLBlock):
        return url
    if isinstance(block, blocks.MultipleChoiceBlock):
        return [block.field.choices[0][0]]
    if isinstance(block, blocks.ChoiceBlock):
        return next(key for key, _label in block.field.choices if key)
    if isinstance(block, blocks.BooleanBlock):
        return True
    if isinstance(block, blocks.FieldBlock):
        return text
    return None


def stream_shapes(stream_block, text, url):
    """The same hostile stream value in each shape code can write it in."""
    raw = fill(stream_block, text, url)
    return {
        "raw dicts": raw,
        "JSON string": json.dumps(raw),
        "block tuples": [
            (item["type"], item["value"]) for item in fill(stream_block, text, url, stored=False)
        ],
    }


SHAPES = ("raw dicts", "JSON string", "block tuples")

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=4).map("".join),
    st.tuples(st.text(max_size=40), st.sampled_from(PAYLOADS), st.text(max_size=40)).map("".join),
    st.text(alphabet=st.sampled_from(list("<>/=\"' abcdefghijklmnopqrstuvwxyz:;&#!-[]")))
    .filter(bool)
    .map(lambda text: text[:300]),
)
hostile_url = st.one_of(
    st.sampled_from(HOSTILE_URLS),
    st.tuples(st.sampled_from(["", " ", "\t", "\x00", "\n"]), st.sampled_from(HOSTILE_URLS)).map(
        "".join
    ),
)


def stored_rich_text(block, data):
    """Every rich-text and link value in stored ``data`` of ``block``, joined, to look for
    script in (plain text parts are escaped when rendered, so they may hold anything)."""
    if isinstance(block, blocks.BaseStreamBlock):
        return "".join(
            stored_rich_text(block.child_blocks[item["type"]], item["value"])
            for item in data
            if item["type"] in block.child_blocks
        )
    if isinstance(block, blocks.ListBlock):
        return "".join(stored_rich_text(block.child_block, item["value"]) for item in data)
    if isinstance(block, blocks.BaseStructBlock):
        return "".join(
            stored_rich_text(child, data[name])
            for name, child in block.child_blocks.items()
            if name in data
        )
    if isinstance(block, blocks.RichTextBlock | blocks.RawHTMLBlock):
        return data
    if isinstance(block, blocks.URLBlock | SafeURLBlock):
        return f'<a href="{data}"></a>' if data else ""
    return ""


def stored(model, field_name, pk):
    """The column as stored in the database, read without the field's own loading."""
    table = model._meta.db_table
    column = model._meta.get_field(field_name).column
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)} "
            f"WHERE {connection.ops.quote_name(pk_column)} = %s",
            [pk],
        )
        return cursor.fetchone()[0]


def write_raw(model, field_name, pk, value):
    """Put ``value`` in the column as legacy data would be, bypassing the field."""
    table = model._meta.db_table
    column = model._meta.get_field(field_name).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(table)} SET {connection.ops.quote_name(column)} "
            f"= %s WHERE {connection.ops.quote_name(model._meta.pk.column)} = %s",
            [value, pk],
        )
