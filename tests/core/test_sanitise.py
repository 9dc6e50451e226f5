"""Rich text written by code, imports or fixtures is sanitised like the editor's."""

from wagtail.rich_text import RichText

from tests.factories import build_coc_page, complete_body
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.sanitise import sanitise_html

HOSTILE = (
    '<p data-block-key="k1">Hello<script>alert("intro")</script>'
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">click</a></p>'
)
WAGTAIL_FORMAT = (
    '<p data-block-key="a1">Read <b>this</b>, <a linktype="page" id="3">our page</a> and '
    '<a href="https://example.org/">that</a>.</p>'
    '<embed alt="Team photo" embedtype="image" format="left" id="7"/>'
)


def test_wagtail_storage_format_survives_unchanged_in_meaning():
    cleaned = sanitise_html(WAGTAIL_FORMAT)
    assert 'linktype="page" id="3"' in cleaned
    assert 'href="https://example.org/"' in cleaned
    assert 'embedtype="image"' in cleaned
    assert 'data-block-key="a1"' in cleaned
    assert sanitise_html(cleaned) == cleaned


def test_scripts_event_handlers_and_javascript_urls_are_removed():
    cleaned = sanitise_html(HOSTILE)
    assert "<script" not in cleaned
    assert "alert" not in cleaned
    assert "onerror" not in cleaned
    assert "<img" not in cleaned
    assert "Hello" in cleaned and ">click</a>" in cleaned


def test_svg_and_mathml_are_never_allowed():
    cleaned = sanitise_html('<svg><a href="https://x.org">s</a></svg><math><mi>x</mi></math>')
    assert "<svg" not in cleaned and "<math" not in cleaned


def test_page_written_by_code_is_stored_and_rendered_clean(client, root_page, team):
    body = complete_body()
    body.append(("section", {"heading": "Photography", "body": RichText(HOSTILE)}))
    page = build_coc_page(root_page, team=team, body=body)
    page.intro = HOSTILE
    page.save_revision().publish()

    stored = CodeOfConductPage.objects.get(pk=page.pk)
    assert "<script" not in stored.intro
    raw_body = stored.body.raw_data
    assert "<script" not in str(raw_body) and "javascript:" not in str(raw_body)

    html = client.get(page.url).content.decode()
    assert "alert(" not in html
    assert "javascript:" not in html
    assert "Hello" in html
