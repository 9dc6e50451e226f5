"""wagtail-coc's pages sit inside the site's own base template (WAGTAIL_COC_BASE_TEMPLATE),
keep their skip link and one <main>, and their CSS touches only the package's classes."""

import copy
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SITE_BASE = """{% load wagtailuserbar %}<!DOCTYPE html>
<html lang="en"><head><title>{% block title %}{% endblock %} | Host site</title>
<link rel="stylesheet" href="/static/host.css">{% block extra_css %}{% endblock %}</head>
<body class="host {% block body_class %}{% endblock %}">{% wagtailuserbar %}
<nav class="host-nav">Host navigation</nav>
{% block content %}{% endblock %}
<footer class="host-footer">Host footer</footer>
<script src="/static/host.js"></script>{% block extra_js %}{% endblock %}
</body></html>"""


@pytest.fixture
def host_layout(settings, tmp_path):
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "host.html").write_text(SITE_BASE)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    settings.WAGTAIL_COC_BASE_TEMPLATE = "layouts/host.html"


def test_coc_page_renders_inside_the_base_template_named_by_the_setting(
    client, coc_page, host_layout, admin_user
):
    html = client.get(coc_page.url).content.decode()
    for marker in ("Host navigation", "Host footer", "/static/host.css", "/static/host.js"):
        assert marker in html, marker
    assert "<title>Code of Conduct | Host site</title>" in html
    assert 'class="host  coc-page"' in html
    head_end = html.index("</head>")
    assert html.index("/static/host.css") < html.index("wagtail_coc/css/coc.css") < head_end
    assert html.count("<main") == 1
    skip_link = html.index('<a class="coc-skip-link" href="#main">')
    assert html.index("Host navigation") < skip_link < html.index('<main id="main"')
    assert html.index('<main id="main"') < html.index("coc-document") < html.index("</main>")
    assert html.index("</main>") < html.index("Host footer")

    client.force_login(admin_user)
    assert "wagtail-userbar" in client.get(coc_page.url).content.decode()


def test_the_default_base_template_is_base_html(coc_page, rf):
    assert coc_page.get_context(rf.get("/"))["coc_base_template"] == "base.html"


STYLESHEETS = [
    ROOT / "wagtail_coc" / "static" / "wagtail_coc" / "css" / "coc.css",
    ROOT / "wagtail_coc" / "transparency" / "static" / "wagtail_coc" / "css" / "transparency.css",
]


def selectors(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    # Drop at-rule heads (@media ...) but keep the rules inside them.
    css = re.sub(r"@media[^{]*\{", "", css)
    for head in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        for selector in head.split(","):
            if selector.strip():
                yield selector.strip()


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_every_public_style_is_scoped_to_the_packages_classes(stylesheet):
    found = list(selectors(stylesheet.read_text()))
    assert len(found) > 10
    unscoped = [s for s in found if not re.match(r"^\.coc-[a-z-]+", s)]
    assert unscoped == []
    assert "@page" not in stylesheet.read_text()


def test_snippet_previews_use_the_site_layout_too(team, host_layout, rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    html = team.serve_preview(request, team.default_preview_mode).render().content.decode()
    assert "Host navigation" in html
    assert html.count("<main") == 1
    assert team.name in html


def test_emergency_labels_wrap_and_contacts_never_break():
    css = (ROOT / "wagtail_coc" / "static" / "wagtail_coc" / "css" / "coc.css").read_text()
    assert "grid-template-columns: max-content 1fr" not in css
    assert "fit-content(60%) minmax(max-content, 1fr)" in css
    assert '.coc-layout a[href^="mailto:"]' in css
