"""Import a Code of Conduct from Markdown or HTML into typed sections.

Markdown is read as CommonMark (markdown-it-py; YAML or TOML front matter is ignored), HTML
with selectolax, keeping only the page's main content (site navigation, headers, footers,
scripts and template tags are dropped). Everything is sanitised with nh3.

Headings become sections: a heading whose words say what it is ("Expected behaviour", "Our
Standards", "How to report", "Enforcement" ...) becomes the typed section, whatever its case,
spelling (British or American) or level; any other heading a free section. Lists become
items with their bold and links. Nothing of the text is dropped: what a typed section has no
field for stays in its introduction or after its list.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import nh3
from django.utils.text import slugify
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from wagtail_coc.conf import default_region
from wagtail_coc.contacts import contacts_in
from wagtail_coc.phone import InvalidPhoneNumber, normalise
from wagtail_coc.sanitise import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

MAX_BYTES = 1024 * 1024
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

# Dropped from HTML: not part of the document's text.
DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "form")
DROPPED_TAGS += ("iframe", "svg", "button", "select", "input", "textarea", "head")
MAIN_SELECTORS = ("main", "[role=main]", "article", "#content", ".content", "#main", ".main")
TEMPLATE_TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}|<%.*?%>|<\?php.*?\?>", re.DOTALL)
FRONT_MATTER = re.compile(
    r"\A\ufeff?(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL
)

# What a heading says, in order: the first match wins ("What happens after a report" is
# the procedure, not reporting).
SECTION_PATTERNS = (
    ("conflict_of_interest", r"conflicts? of interest"),
    # Parts of "How to report": joined to the reporting section before them.
    ("what_to_include", r"what (?:to|should i|information to) include|information to include"),
    ("confidentiality", r"confidential|privacy of reports"),
    (
        "procedure",
        r"procedure|what happens (?:after|next|when)|after (?:a|you|your) report"
        r"|response process|handling|how we (?:handle|respond)|responding to|response guide",
    ),
    ("consequences", r"consequences?|enforcement|sanctions|penalties"),
    (
        "unacceptable_behaviour",
        r"unacceptable|inappropriate|not (?:be )?(?:acceptable|tolerated)"
        r"|prohibited|harassment is|what is harassment|examples of harassment",
    ),
    (
        "expected_behaviour",
        r"expected behaviour|our standards|our community"
        r"|expected conduct|what we expect|be excellent|encouraged behaviour",
    ),
    ("scope", r"\bscope\b|where\b.*\bappl(?:y|ies)\b|to whom|who\b.*\bappl(?:y|ies)\b"),
    (
        "reporting",
        r"report|contact (?:us|the|information|info)|get(?:ting)? help|how to reach|witness"
        r"|experience harassment|what to do if",
    ),
    ("emergency", r"emergenc|crisis|urgent help"),
    ("licence", r"licen[cs]e|attribution|credits|acknowledge?ments"),
)
# Typed sections whose body is one rich text; the others are built by ``_typed_value``.
TEXT_FIELD = {"procedure": "body", "conflict_of_interest": "body", "section": "body"}


class ImportFailed(ValueError):
    """Bad input: the message says what is wrong, for the person who gave the file."""


def normalise_heading(text: str) -> str:
    text = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
    text = text.replace("behavior", "behaviour").replace("license", "licence")
    text = re.sub(r"(\w)iz(e|es|ed|ing|ation)\b", r"\1is\2", text)
    return text


def classify_heading(text: str) -> str:
    """The typed section a heading names, or "section"."""
    words = normalise_heading(text)
    for key, pattern in SECTION_PATTERNS:
        if re.search(pattern, words):
            return key
    return "section"


@dataclass
class ParsedSection:
    heading: str
    kind: str
    html: str
    level: int


@dataclass
class ParsedDocument:
    title: str
    intro_html: str
    sections: list[ParsedSection] = field(default_factory=list)
    source_text: str = ""


def too_big(name, size):
    return _("%(name)s is %(size)s KB; the limit is 1 MB (1024 KB).") % {
        "name": name,
        "size": size // 1024,
    }


def decode(data: bytes, name: str = "") -> str:
    if not data.strip():
        raise ImportFailed(_("%(name)s is empty.") % {"name": name or _("The file")})
    if len(data) > MAX_BYTES:
        raise ImportFailed(too_big(name or _("The file"), len(data)))
    if b"\x00" in data:
        raise ImportFailed(
            _("%(name)s is binary data, not Markdown or HTML text.")
            % {"name": name or _("The file")}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            _("%(name)s is not UTF-8 text (byte %(byte)s); save it as UTF-8 Markdown or HTML.")
            % {"name": name or _("The file"), "byte": error.start}
        ) from error


def looks_like_html(text: str, name: str = "") -> bool:
    suffix = Path(name).suffix.casefold()
    if suffix in HTML_SUFFIXES:
        return True
    if suffix in MARKDOWN_SUFFIXES:
        return False
    head = text.lstrip()[:500].casefold()
    return head.startswith(("<!doctype", "<html", "<head", "<body", "<main", "<article", "<div"))


def markdown_to_html(text: str) -> str:
    text = FRONT_MATTER.sub("", text, count=1)
    return MarkdownIt("commonmark").render(text)


def main_content(html: str) -> str:
    """The main content of a saved page: its <main> (or article), without site chrome."""
    html = TEMPLATE_TAGS.sub(" ", html)
    tree = HTMLParser(html)
    root = None
    for selector in MAIN_SELECTORS:
        root = tree.css_first(selector)
        if root is not None:
            break
    root = root or tree.body or tree.root
    if root is None:
        raise ImportFailed(_("The HTML has no content that can be read."))
    for tag in DROPPED_TAGS:
        for node in root.css(tag):
            node.decompose()
    return root.html or ""


def _clean(html: str) -> str:
    # Wagtail's allow-list, with the level-one heading that names the document.
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    html = re.sub(r"<(/?)strong>", r"<\1b>", html)
    return re.sub(r"<(/?)em>", r"<\1i>", html)


def _text(node: Node) -> str:
    return " ".join((node.text(deep=True, separator=" ") or "").split())


def parse_document(text: str, name: str = "") -> ParsedDocument:
    """Sections of a Markdown or HTML document, by heading."""
    # Browsers send a textarea's lines ending in CRLF, Windows editors save them so.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    is_html = looks_like_html(text, name)
    html = main_content(text) if is_html else markdown_to_html(text)
    html = _clean(html)
    body = HTMLParser(f"<body>{html}</body>").body
    nodes = [node for node in body.iter(include_text=True)] if body else []
    blocks = []  # (heading level or 0, node)
    for node in nodes:
        if node.tag == "-text":
            if (node.text_content or "").strip():
                blocks.append((0, f"<p>{node.html}</p>", node.text_content))
            continue
        match = re.fullmatch(r"h([1-6])", node.tag or "")
        blocks.append((int(match.group(1)) if match else 0, node.html or "", _text(node)))
    source_text = " ".join(text for _level, _html, text in blocks)
    named = {"name": name or _("The document")}
    if not source_text.strip():
        raise ImportFailed(_("%(name)s has no readable text.") % named)
    if "\ufffd" in source_text and source_text.count("\ufffd") > len(source_text) / 20:
        raise ImportFailed(_("%(name)s is not readable text.") % named)

    # The document's first heading is its title when it is a level-one heading.
    title = ""
    first = next((i for i, (level, _h, _t) in enumerate(blocks) if level), None)
    if first is not None and blocks[first][0] == 1:
        title = blocks[first][2]
        blocks = blocks[:first] + blocks[first + 1 :]
    levels = [level for level, _html, _text_ in blocks if level]
    top = min(levels) if levels else 0

    document = ParsedDocument(title=title, intro_html="", source_text=source_text)
    intro, current = [], None
    for level, fragment, text_ in blocks:
        # A deeper heading naming a typed section starts one only out of a free section
        # ("## Code of Conduct" > "### Expected behaviour"); inside a typed section it stays.
        starts = level and (
            level <= top
            or (
                classify_heading(text_) != "section"
                and (current is None or current.kind == "section")
            )
        )
        if starts:
            current = ParsedSection(text_, classify_heading(text_), "", level)
            document.sections.append(current)
        elif current is None:
            intro.append(fragment)
        else:
            if level:
                # A sub-heading inside a section: below the section's own h2.
                sub = min(max(level - current.level + 2, 3), 4)
                fragment = re.sub(
                    r"^<h[1-6]>(.*)</h[1-6]>$", rf"<h{sub}>\1</h{sub}>", fragment, flags=re.DOTALL
                )
            current.html += fragment
    document.intro_html = "".join(intro)
    return document


def _split_first_list(html: str):
    """(before, items, after) around the first top-level list of ``html``."""
    body = HTMLParser(f"<body>{html}</body>").body
    before, items, after, found = [], [], [], False
    for node in body.iter(include_text=True):
        fragment = node.html or ""
        if node.tag == "-text":
            fragment = f"<p>{fragment}</p>" if (node.text_content or "").strip() else ""
        if not found and node.tag in ("ul", "ol"):
            found = True
            items = [_item_html(li) for li in node.iter() if li.tag == "li"]
            continue
        (after if found else before).append(fragment)
    return "".join(before), items, "".join(after)


def _item_html(li: Node) -> str:
    inner = "".join(child.html or "" for child in li.iter(include_text=True))
    inner = inner.strip()
    if not inner.startswith("<p>"):
        inner = f"<p>{inner}</p>"
    return inner


def _links(html: str, scheme: str) -> list[str]:
    found = []
    for match in re.finditer(rf'href="{scheme}:([^"?]+)', html):
        value = match.group(1).strip()
        if value and value not in found:
            found.append(value)
    return found


def same_contact(kind: str, value: str) -> str:
    """What two spellings of one address or number have in common."""
    if kind == "phone":
        try:
            return normalise(value, default_region())
        except InvalidPhoneNumber:
            pass
    return value.casefold()


def body_blocks(sections) -> list:
    """The body's (block type, raw value) pairs; what to include in a report and the
    confidentiality statement join the reporting section before them."""
    blocks = []
    for section in sections:
        if section.kind in ("what_to_include", "confidentiality"):
            reporting = next((v for t, v in reversed(blocks) if t == "reporting"), None)
            if reporting is None:
                blocks.append(typed_block(ParsedSection(section.heading, "reporting", "", 2)))
                reporting = blocks[-1][1]
                reporting["show_team"] = False
            reporting[section.kind] = (reporting[section.kind] or "") + section.html
            continue
        blocks.append(typed_block(section))
        if section.kind == "expected_behaviour":
            blocks.extend(_unacceptable_after(blocks[-1][1]))
    return blocks


def _unacceptable_after(expected) -> list:
    """A "standards" section often lists good behaviour, then "Examples of unacceptable
    behaviour:" and a second list: that second part becomes its own section."""
    before, items, after = _split_first_list(expected["outro"])
    lead = HTMLParser(f"<body>{before}</body>").body.text(separator=" ").strip()
    if not items or classify_heading(lead) != "unacceptable_behaviour":
        return []
    expected["outro"] = ""
    return [
        (
            "unacceptable_behaviour",
            {
                "heading": lead.rstrip(":")[:120],
                "intro": "",
                "behaviours": items,
                "outro": after,
            },
        )
    ]


def typed_block(section: ParsedSection):
    """(block type, raw value) for the body StreamField."""
    heading = section.heading[:120]
    html = section.html
    kind = section.kind
    if kind in ("expected_behaviour", "unacceptable_behaviour", "consequences"):
        before, items, after = _split_first_list(html)
        if kind == "consequences":
            return kind, {
                "heading": heading,
                "intro": before,
                "ladder": [],
                "actions": items,
                "outro": after,
            }
        if items:
            return kind, {"heading": heading, "intro": before, "behaviours": items, "outro": after}
        return kind, {"heading": heading, "intro": html, "behaviours": [], "outro": ""}
    if kind == "scope":
        return kind, {
            "heading": heading,
            "intro": html,
            "people": [],
            "other_people": [],
            "places": [],
            "other_places": [],
            "details": "",
        }
    if kind == "reporting":
        # Linked or only written out, every address and number becomes a channel, once.
        contacts = [("email", a) for a in _links(html, "mailto")]
        contacts += [("phone", n) for n in _links(html, "tel")]
        # A link's target is the contact, whatever its text says.
        unlinked = re.sub(r'<a href="(?:mailto|tel):[^"]*"[^>]*>.*?</a>', " ", html, flags=re.S)
        contacts += contacts_in(page_text(unlinked))
        channels, seen = [], set()
        for channel_kind, value in contacts:
            if same_contact(channel_kind, value) not in seen:
                seen.add(same_contact(channel_kind, value))
                channels.append(
                    {"kind": channel_kind, "label": value, "url": "", "description": ""}
                )
        return kind, {
            "heading": heading,
            "intro": html,
            "audience": "",
            "channels": channels,
            "response_time": "",
            "team": None,
            "show_team": False,
            "what_to_include": "",
            "confidentiality": "",
        }
    if kind == "procedure":
        return kind, {"heading": heading, "intro": "", "body": html, "response_times": []}
    if kind == "conflict_of_interest":
        emails = _links(html, "mailto")
        return kind, {
            "heading": heading,
            "intro": "",
            "body": html,
            "contact_email": emails[0] if emails else "",
            "show_escalation_contacts": False,
        }
    if kind == "licence":
        return kind, {"text": f"<p><b>{heading}</b></p>{html}"}
    # Free sections, and emergency text (emergency numbers are chosen as a snippet).
    return "section", {"heading": heading, "intro": "", "body": html}


def page_type_for(document: ParsedDocument, position: int) -> str:
    """ "reporting_guide" or "procedures" for a companion file."""
    words = normalise_heading(document.title)
    if re.search(r"procedure|enforcement|response|handling|respond", words):
        return "procedures"
    if re.search(r"report", words):
        return "reporting_guide"
    return "reporting_guide" if position == 1 else "procedures"


def title_for(document: ParsedDocument, name: str) -> str:
    if document.title:
        return document.title[:255]
    stem = Path(name).stem.replace("_", " ").replace("-", " ").strip()
    return (stem[:1].upper() + stem[1:]) if stem else "Code of Conduct"


def slug_for(title: str, taken: set[str]) -> str:
    base = slugify(title)[:200] or "code-of-conduct"
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    taken.add(slug)
    return slug


@dataclass
class ImportedPage:
    name: str
    page: object
    document: ParsedDocument
    mapping: list[tuple[str, str]]


STARTER_SET = tuple(
    Path(__file__).parent / "starter" / name
    for name in ("code-of-conduct.md", "reporting-guide.md", "enforcement-procedures.md")
)


def read_files(paths) -> list[tuple[str, str]]:
    """(name, text) of each file, with a clear message for what cannot be read."""
    files = []
    for path in paths:
        path = Path(path)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ImportFailed(too_big(path.name, path.stat().st_size))
            data = path.read_bytes()
        except OSError as error:
            raise ImportFailed(f"{path}: {error.strerror or error}.") from error
        files.append((path.name, decode(data, path.name)))
    return files


def build_pages(files, parent, publish=False, user=None) -> list[ImportedPage]:
    """Creates the CoC set of ``files`` ((name, text) pairs) under ``parent``: the first is
    the Code of Conduct, the others its companion pages. Call inside a transaction."""
    from wagtail_coc.models import CodeOfConductPage, ReportingGuidePage, ResponseProceduresPage

    if not files:
        raise ImportFailed(_("Give at least one file."))
    parsed = [(name, parse_document(text, name)) for name, text in files]
    taken = set(parent.get_children().values_list("slug", flat=True))
    imported = []
    coc = None
    for position, (name, document) in enumerate(parsed):
        blocks = body_blocks(document.sections)
        mapping = [(section.heading, section.kind) for section in document.sections]
        title = title_for(document, name)
        fields = {"title": title, "intro": document.intro_html, "body": blocks, "live": False}
        if position == 0:
            page = CodeOfConductPage(slug=slug_for(title, taken), **fields)
            parent.add_child(instance=page)
            coc = page
            taken = set()
        else:
            model = {
                "reporting_guide": ReportingGuidePage,
                "procedures": ResponseProceduresPage,
            }[page_type_for(document, position)]
            page = model(slug=slug_for(title, taken), **fields)
            coc.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
        imported.append(ImportedPage(name, page, document, mapping))
    return imported


def page_text(html: str) -> str:
    """The readable text of rendered HTML, for checking that nothing was lost."""
    tree = HTMLParser(html)
    root = tree.css_first("main") or tree.body
    for tag in ("script", "style"):
        for node in root.css(tag):
            node.decompose()
    return root.text(separator=" ") if root else ""
