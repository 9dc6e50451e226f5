"""Turn HTML (or plain text) into the text a reader or a crawler can see, with its origins.

Visible text is joined across inline tags ("Kow<i>alski</i>" reads "Kowalski") and broken
by a paragraph separator (white space) at block boundaries. Attribute values, comments,
scripts and styles are kept as separate streams: they are public too, but must not run into
the surrounding text.
Everything goes into one string, streams separated by ``STREAM_BREAK``, with an
:class:`OffsetMap` back to the original input and the context of every stream.
"""

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser

from .normalise import STREAM_BREAK, OffsetMap

# What a block boundary becomes in the text: white space to the matchers, and the end of a
# sentence to the checks that look at capital letters ("<h3>Report 4</h3><p>An attendee").
BLOCK_BREAK = "\u2029"  # PARAGRAPH SEPARATOR
# Tags that end a run of text in a browser's rendering; inline tags do not.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body br caption dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html img input
    legend li main nav ol option p pre section select summary table tbody td textarea tfoot
    th thead title tr ul""".split()
)
# Attributes holding URLs: their values are percent-decoded before scanning.
URL_ATTRIBUTES = frozenset(
    "action background cite data formaction href longdesc manifest ping poster src srcset".split()
)
# Attributes holding human-readable text, where a phone number would be shown to readers.
TEXT_ATTRIBUTES = frozenset(
    """abbr alt aria-description aria-label aria-placeholder aria-roledescription
    aria-valuetext content label placeholder summary title value""".split()
)
# Attributes that never carry people's details, skipped to keep large pages fast.
SKIPPED_ATTRIBUTES = frozenset(
    """async autocomplete charset checked class colspan crossorigin decoding defer dir
    disabled draggable enctype height hidden http-equiv integrity loading maxlength media
    method minlength nonce readonly referrerpolicy rel required role rowspan selected size
    sizes span spellcheck style tabindex target translate type width""".split()
)
PHONE_LINK_SCHEMES = ("tel:", "sms:", "callto:")
# Script types that hold data (JSON-LD, templates) rather than code full of numbers.
_CODE_SCRIPT_TYPES = frozenset(
    ("", "text/javascript", "application/javascript", "module", "text/ecmascript")
)

_ENTITY = r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)"
_TEXT_CODES = re.compile(_ENTITY)
_URL_CODES = re.compile(_ENTITY + r"|(?:%[0-9A-Fa-f]{2})+|\+")
_TAG_NAME = re.compile(r"<[^\s/>]+")
_ATTRIBUTE = re.compile(r"""([^\s/>"'=][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_LOOKS_LIKE_HTML = re.compile(r"<(?:[A-Za-z][^<>]*>|/[A-Za-z]|!--)")


def looks_like_html(content: str) -> bool:
    return _LOOKS_LIKE_HTML.search(content) is not None


@dataclass(frozen=True)
class Stream:
    start: int
    end: int
    context: str
    phones: bool


class Document:
    """Scannable text, where each part of it came from, and phone links found in attributes."""

    def __init__(self, text: str, offsets: OffsetMap, streams: list[Stream], phone_links):
        self.text = text
        self.offsets = offsets
        self.streams = streams
        self._stream_starts = [stream.start for stream in streams]
        self.phone_links: list[tuple[int, int]] = phone_links

    def stream_at(self, offset: int) -> Stream:
        return self.streams[bisect_right(self._stream_starts, offset) - 1]

    def phone_text(self) -> str:
        """The text with streams where numbers are not phone numbers blanked, same length."""
        parts = []
        done = 0
        for stream in self.streams:
            if not stream.phones:
                parts.append(self.text[done : stream.start])
                parts.append(" " * (stream.end - stream.start))
                done = stream.end
        parts.append(self.text[done:])
        return "".join(parts)


class _Builder:
    __slots__ = ("length", "parts", "pieces")

    def __init__(self):
        self.parts: list[str] = []
        self.pieces: list[tuple[int, int, int, int, bool]] = []
        self.length = 0

    def exact(self, text: str, source: int) -> None:
        if text:
            self.parts.append(text)
            self.pieces.append((self.length, len(text), source, len(text), True))
            self.length += len(text)

    def decoded(self, text: str, source: int, source_length: int) -> None:
        if text:
            self.parts.append(text)
            self.pieces.append((self.length, len(text), source, source_length, False))
            self.length += len(text)

    def raw(self, raw: str, source: int, url: bool = False) -> None:
        """Add ``raw`` (a slice of the input at ``source``) with entities decoded."""
        if "&" not in raw and not (url and ("%" in raw or "+" in raw)):
            self.exact(raw, source)
            return
        query = raw.find("?") if url else -1
        done = 0
        for match in (_URL_CODES if url else _TEXT_CODES).finditer(raw):
            token = match.group()
            begin = match.start()
            if token[0] == "&":
                decoded = html.unescape(token)
            elif token == "+":
                # Only a query string spells a space as "+"; elsewhere it is itself.
                decoded = " " if 0 <= query < begin else token
            else:
                decoded = bytes.fromhex(token.replace("%", "")).decode("utf-8", "replace")
            if decoded == token:
                continue
            self.exact(raw[done:begin], source + done)
            self.decoded(decoded, source + begin, len(token))
            done = match.end()
        self.exact(raw[done:], source + done)


class _Extractor(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_starts = [0]
        position = source.find("\n")
        while position != -1:
            self._line_starts.append(position + 1)
            position = source.find("\n", position + 1)
        self.main = _Builder()
        self.extra = _Builder()
        # (start in self.extra, context, phones) for each stream written to self.extra.
        self.extra_streams: list[tuple[int, str, bool]] = []
        self.phone_links: list[tuple[int, int]] = []
        self._in_raw_text = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _begin_extra(self, context: str, phones: bool) -> None:
        if self.extra_streams:
            self.extra.decoded(STREAM_BREAK, 0, 0)
        self.extra_streams.append((self.extra.length, context, phones))

    def handle_data(self, data: str) -> None:
        if self._in_raw_text:
            self.extra.exact(data, self._offset())
        else:
            self.main.raw(data, self._offset())

    def _reference(self, prefix: str, name: str) -> None:
        start = self._offset()
        raw = prefix + name
        if self._source.startswith(";", start + len(raw)):
            raw += ";"
        self.main.raw(raw, start)

    def handle_entityref(self, name: str) -> None:
        self._reference("&", name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#", name)

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        self._begin_extra("comment", True)
        self.extra.exact(data, self._source.find(data, start) if data else start)

    def handle_starttag(self, tag: str, attrs) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        if tag in BLOCK_TAGS:
            self.main.decoded(BLOCK_BREAK, start, len(raw))
        self._attributes(raw, start)
        if tag in ("script", "style"):
            script_type = (dict(attrs).get("type") or "").strip().lower()
            code = tag == "style" or script_type in _CODE_SCRIPT_TYPES
            self._begin_extra(tag if not script_type else f"{tag}:{script_type}", not code)
            self._in_raw_text = True

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        self._in_raw_text = False

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in_raw_text = False
        elif tag in BLOCK_TAGS:
            self.main.decoded(BLOCK_BREAK, self._offset(), len(tag) + 3)

    def _attributes(self, raw: str, tag_start: int) -> None:
        name_match = _TAG_NAME.match(raw)
        position = name_match.end() if name_match else 0
        while True:
            match = _ATTRIBUTE.search(raw, position)
            if match is None:
                return
            position = match.end()
            name = match.group(1).lower()
            for group in (2, 3, 4):
                if match.group(group) is not None:
                    break
            else:
                continue
            value = match.group(group)
            if not value.strip() or name in SKIPPED_ATTRIBUTES:
                continue
            url = name in URL_ATTRIBUTES
            self._begin_extra(f"attribute:{name}", name in TEXT_ATTRIBUTES)
            begin = self.extra.length
            self.extra.raw(value, tag_start + match.start(group), url=url)
            if url and value.lstrip().lower().startswith(PHONE_LINK_SCHEMES):
                self.phone_links.append((begin, self.extra.length))


def extract(content: str, is_html: bool | None = None) -> Document:
    """Scannable form of ``content``; ``is_html=None`` decides by looking for tags."""
    if is_html is None:
        is_html = looks_like_html(content)
    if not is_html:
        offsets = OffsetMap([(0, len(content), 0, len(content), True)])
        return Document(content, offsets, [Stream(0, len(content), "text", True)], [])
    parser = _Extractor(content)
    parser.feed(content)
    parser.close()
    main, extra = parser.main, parser.extra
    shift = main.length + 1
    pieces = [*main.pieces, (main.length, 1, 0, 0, False)]
    pieces.extend(
        (start + shift, length, source, source_length, exact)
        for start, length, source, source_length, exact in extra.pieces
    )
    text = "".join(main.parts) + STREAM_BREAK + "".join(extra.parts)
    streams = [Stream(0, main.length, "text", True)]
    extra_streams = parser.extra_streams
    for index, (start, context, phones) in enumerate(extra_streams):
        end = extra_streams[index + 1][0] - 1 if index + 1 < len(extra_streams) else extra.length
        streams.append(Stream(start + shift, end + shift, context, phones))
    links = [(start + shift, end + shift) for start, end in parser.phone_links]
    return Document(text, OffsetMap(pieces), streams, links)
