"""Hostile markup and links, written by any path into any part of a Code of Conduct page, never
reach the public page as script and never crash a page or its editor."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import (
    HOSTILE_URLS,
    PAYLOADS,
    SHAPES,
    assert_safe_page,
    fill,
    hostile_text,
    hostile_url,
    script_problems,
    stored,
    stored_rich_text,
    stream_shapes,
    write_raw,
)
from wagtail_coc.blocks import ReportingChannelBlock, ResourceLinkBlock
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.sanitise import (
    SanitisedStreamField,
    is_safe_url,
    sanitise_html,
    url_scheme,
    validate_link,
)

BODY = CodeOfConductPage._meta.get_field("body")
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def write_body(page, shape, text, url, path):
    value = stream_shapes(BODY.stream_block, text, url)[shape]
    if path == "save":
        page.body = value
        page.intro = text
        page.save()
    elif path == "revision":
        page.body = value
        page.intro = text
        page.save_revision().publish()
    else:  # QuerySet.update, as bulk imports do
        CodeOfConductPage.objects.filter(pk=page.pk).update(body=value, intro=text)


def block_value(body, block_type):
    return next(item for item in body if item["type"] == block_type)["value"]


def write_legacy(page, markup):
    """Store ``markup`` in every rich-text part of the page and of its latest revision
    under the fields' feet, like rows saved before wagtail-coc sanitised them."""
    raw = json.dumps(fill(BODY.stream_block, markup, "https://example.org/"))
    write_raw(CodeOfConductPage, "body", page.pk, raw)
    write_raw(CodeOfConductPage, "intro", page.pk, markup)
    revision = page.latest_revision
    revision.content["body"] = raw
    revision.content["intro"] = markup
    revision.save()


def assert_page_and_editor_work(admin_client, client, page):
    assert_safe_page(client.get(page.url))
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert admin_client.get(edit_url).status_code == 200


def assert_clean_storage(page):
    body = json.loads(stored(CodeOfConductPage, "body", page.pk))
    assert not script_problems(stored_rich_text(BODY.stream_block, body))
    assert not script_problems(stored(CodeOfConductPage, "intro", page.pk) or "")


# -- every payload, every shape --------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_every_payload_in_every_part_of_the_body(client, coc_page, shape):
    for payload in PAYLOADS:
        write_body(coc_page, shape, payload, HOSTILE_URLS[0], "save")
        assert_clean_storage(coc_page)
        assert_safe_page(client.get(coc_page.url))


@pytest.mark.parametrize("path", ["save", "revision", "update"])
@pytest.mark.parametrize("shape", SHAPES)
def test_hostile_markup_property(client, coc_page, shape, path):
    @HYPOTHESIS
    @given(text=hostile_text, url=hostile_url)
    def check(text, url):
        write_body(coc_page, shape, text, url, path)
        assert_clean_storage(coc_page)
        assert_safe_page(client.get(coc_page.url))

    check()


@pytest.mark.parametrize("path", ["save", "revision", "update"])
@pytest.mark.parametrize("shape", SHAPES)
def test_nul_characters_are_dropped_so_postgresql_accepts_the_page(client, coc_page, shape, path):
    """PostgreSQL refuses U+0000 in JSON and text: a pasted or generated NUL must not make
    the save fail (SQLite stores it silently, so the stored text is checked too)."""
    write_body(coc_page, shape, "Be kind\x00 to everyone", "https://example.org/\x00", path)
    stored_body = stored(CodeOfConductPage, "body", coc_page.pk)
    assert "\\u0000" not in stored_body and "\x00" not in stored_body
    assert "Be kind to everyone" in assert_safe_page(client.get(coc_page.url))


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_links_are_blanked_when_saved(client, coc_page, url):
    write_body(coc_page, "raw dicts", "Plain text", url, "save")
    body = json.loads(stored(CodeOfConductPage, "body", coc_page.pk))
    channels = block_value(body, "reporting")["channels"]
    links = block_value(body, "resources")["links"]
    assert channels[0]["value"]["url"] == ""
    assert links[0]["value"]["url"] == ""
    assert_safe_page(client.get(coc_page.url))


@pytest.mark.parametrize(
    "url",
    ["https://example.org/report", "mailto:conduct@pyharbour.example", "tel:+14155550123"],
)
def test_safe_links_are_kept(client, coc_page, url):
    write_body(coc_page, "raw dicts", "Plain text", url, "save")
    body = json.loads(stored(CodeOfConductPage, "body", coc_page.pk))
    links = block_value(body, "resources")["links"]
    assert links[0]["value"]["url"] == url
    assert f'href="{url}"' in assert_safe_page(client.get(coc_page.url))


# -- links: the scheme allow-list ------------------------------------------------------------


@given(url=hostile_url)
def test_no_hostile_url_is_safe(url):
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_link_validation_rejects_hostile_urls(url):
    with pytest.raises(ValidationError, match="http"):
        validate_link(url)


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("&#106;avascript:x", "javascript"),
        ("\x00 JAVA\tSCRIPT:x", "javascript"),
        ("//example.org", None),
        ("/relative", None),
    ],
)
def test_url_scheme_reads_like_a_browser(url, scheme):
    assert url_scheme(url) == scheme


# -- stored ids that are not database ids ----------------------------------------------------


BAD_IDS = ["4x", "1 OR 1", "99999999999999999999999", "-1", "0", ""]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_links_and_embeds_with_bad_ids_are_removed_when_saved(bad_id):
    cleaned = sanitise_html(
        f'<p><a linktype="page" id="{bad_id}">page</a>'
        f'<a linktype="document" id="{bad_id}">doc</a></p>'
        f'<embed embedtype="image" id="{bad_id}" format="left" alt="x"/>'
    )
    assert "linktype" not in cleaned and "embed" not in cleaned
    assert "page" in cleaned and "doc" in cleaned


def test_good_ids_and_image_embeds_render_as_wagtail_expects(root_page):
    cleaned = sanitise_html(
        f'<p><a linktype="page" id="{root_page.pk}">home</a></p>'
        '<embed embedtype="image" id="1" format="left" alt="x"/>'
    )
    assert f'<a linktype="page" id="{root_page.pk}">home</a>' in cleaned
    assert cleaned.endswith('<embed embedtype="image" id="1" format="left" alt="x"/>') or (
        'embedtype="image"' in cleaned and cleaned.endswith("/>")
    )


@pytest.mark.parametrize("bad_id", ["4x", "1 OR 1", "99999999999999999999999"])
def test_legacy_bad_ids_in_the_database_never_crash_the_page_or_its_editor(
    admin_client, client, coc_page, bad_id
):
    write_legacy(
        coc_page,
        f'<p><a linktype="page" id="{bad_id}">x</a></p><embed embedtype="image" id="{bad_id}"/>',
    )
    assert_page_and_editor_work(admin_client, client, coc_page)


@pytest.mark.parametrize(
    "markup",
    [
        "<p><b>bold <i>both</b> italic</i></p>",
        "<ul><li>one<li>two</ol><p>after",
        "</p></p><h3>heading<p>para</h3>",
        "<a href='https://x.org'>open link <b>bold",
    ],
)
def test_mismatched_tags_never_break_the_editor(admin_client, client, coc_page, markup):
    write_legacy(coc_page, markup)
    assert_page_and_editor_work(admin_client, client, coc_page)
    # Saved again, the markup is well-formed.
    coc_page.refresh_from_db()
    coc_page.save()
    assert sanitise_html(stored(CodeOfConductPage, "intro", coc_page.pk)) == stored(
        CodeOfConductPage, "intro", coc_page.pk
    )


# -- the field itself ------------------------------------------------------------------------


@given(st.text(max_size=200))
def test_sanitising_is_idempotent(text):
    once = sanitise_html(text)
    assert sanitise_html(once) == once


def test_wrong_shapes_are_dropped_not_crashing(client, coc_page):
    coc_page.body = [
        {"type": "section", "value": "not a struct"},
        {"type": "resources", "value": {"heading": "R", "links": "not a list"}},
        {"type": "licence"},
        {"value": "no type"},
        {"type": "no-such-block", "value": {}},
        {"type": "procedure", "value": {"heading": ["a", "list"], "body": {"a": "dict"}}},
    ]
    coc_page.save()
    assert_safe_page(client.get(coc_page.url))


def test_field_is_stored_like_wagtails():
    assert isinstance(BODY, SanitisedStreamField)
    assert BODY.deconstruct()[1] == "wagtail.fields.StreamField"


@pytest.mark.parametrize("url", [*HOSTILE_URLS, "ftp://example.org/", "/relative", "tel:12 OR 1"])
def test_link_blocks_refuse_other_schemes_on_the_form(url):
    for block in (
        ResourceLinkBlock().child_blocks["url"],
        ReportingChannelBlock().child_blocks["url"],
    ):
        with pytest.raises(ValidationError):
            block.clean(url)
    assert block.clean("mailto:conduct@pyharbour.example") == "mailto:conduct@pyharbour.example"
    assert block.clean("https://example.org/form") == "https://example.org/form"
