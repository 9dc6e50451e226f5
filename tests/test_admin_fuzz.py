"""Tampered posts to every admin form wagtail-coc defines answer with a form, never a 500.

Each form is posted once valid, then once per mutation: every field (chooser values, inline
management counts and row ids, rich-text JSON, numbers, stream counts) replaced by hostile
values or left out. Pages, snippets, settings and the register, add and edit views alike.
"""

import json
import os
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests import admin_form_data as post
from tests.acceptance.test_acceptance import build_form_page, form_page_post_data
from tests.transparency.factories import build_transparency_index, build_transparency_report
from wagtail_coc.models import CoCTeam, EmergencyInfo, ShortVersion
from wagtail_coc.transparency.models import ProtectedName

HUGE = "9" * 30
EVERYWHERE = ["1 OR 1", HUGE]
NUMBERS = ["-1", "4x"]
RICH_TEXT = [
    "{",
    '{"blocks": 5}',
    '{"blocks": [{"key": "a", "type": "unstyled", "text": "x", "depth": "deep", '
    '"inlineStyleRanges": [{"offset": "a", "length": 1, "style": "BOLD"}], '
    '"entityRanges": [{"offset": 0, "length": 1, "key": 7}]}], "entityMap": {}}',
    '{"blocks": [{"key": "a", "type": "unstyled", "text": "x", "depth": 0, '
    '"inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 1, "key": 0}]}], '
    '"entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", '
    '"data": {"id": "4x", "linktype": "page", "url": "javascript:alert(1)"}}}}',
    '{"blocks": [{"key": "a", "type": "atomic", "text": " ", "depth": 0, '
    '"inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 1, "key": 0}]}], '
    '"entityMap": {"0": {"type": "IMAGE", "mutability": "IMMUTABLE", '
    '"data": {"id": "1 OR 1", "format": "nope", "alt": "x"}}}}',
]


def values_for(position, key, value):
    """Hostile values for one field: each kind of value on every field, the values of a kind
    taking turns from one field to the next, so the run stays a few hundred posts."""
    values = [EVERYWHERE[position % len(EVERYWHERE)]]
    if isinstance(value, str) and value.startswith("{"):
        values += RICH_TEXT
    if key.endswith(("FORMS", "-count", "-id", "-order", "ORDER", "-deleted")) or (
        isinstance(value, str | int) and str(value).isdigit()
    ):
        values.append(NUMBERS[position % len(NUMBERS)])
    return values


def mutations(data):
    """(description, data) for every field replaced by hostile values, or left out, and for
    management counts that contradict each other."""
    for position, (key, value) in enumerate(data.items()):
        for hostile in values_for(position, key, value):
            yield f"{key}={hostile!r}", {**data, key: hostile}
        if key.endswith(("FORMS", "-count", "-id")):
            yield f"without {key}", {k: v for k, v in data.items() if k != key}
    for key in [k for k in data if k.endswith("-TOTAL_FORMS")]:
        prefix = key.removesuffix("-TOTAL_FORMS")
        yield f"{prefix} initial > total", {**data, f"{prefix}-INITIAL_FORMS": "5"}
        yield (
            f"{prefix} initial row with a foreign id",
            {**data, f"{prefix}-INITIAL_FORMS": "1", f"{prefix}-0-id": "1"},
        )
        yield f"{prefix} total without rows", {**data, key: "3"}
        as_new = {
            k: ("" if k.startswith(prefix) and k.endswith("-id") else v) for k, v in data.items()
        }
        yield f"{prefix} stored rows posted as new", {**as_new, f"{prefix}-INITIAL_FORMS": "0"}


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


def page_add_url(app_model, parent):
    return reverse("wagtailadmin_pages:add", args=[*app_model.split("."), parent.pk])


def page_edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def registration_data(coc_page):
    return form_page_post_data(
        [("Full name", "singleline"), ("Email", "email"), ("I agree", "coc_acceptance")],
        coc_page,
    )


def index_data():
    return nested_form_data(
        {"title": "Reports", "slug": "reports", "intro": rich_text("<p>Hi</p>")}
    ) | {"action-publish": "action-publish"}


def report_data():
    return post.transparency_report_data(
        statistics=[{"id": "", "category": "harassment", "outcome": "warning", "count": "2"}],
        reports=[
            (
                "report",
                {
                    "kind": "formal",
                    "category": "other",
                    "summary": "Someone was rude.",
                    "outcome": "warning",
                    "resolution": "",
                },
            )
        ],
        action="action-publish",
    )


def settings_data(coc_page, team, emergency_info):
    return {
        "default_coc_page": str(coc_page.pk),
        "default_team": str(team.pk),
        "default_emergency_info": str(emergency_info.pk),
    }


@pytest.fixture
def forms(site, root_page, coc_page, team, emergency_info):
    """(name, url, valid data) of every admin form of the package."""
    coc_page.refresh_from_db()
    index = build_transparency_index(root_page)
    report = build_transparency_report(index, 2026, statistics=[("harassment", "warning", 1)])
    form_page = build_form_page(root_page, coc_page=coc_page)
    short_version = ShortVersion.objects.create(name="S", text="Be kind.", coc_page=coc_page)
    entry = ProtectedName.objects.create(site=site, value="Zyxwa Quellington")
    members = [post.member(f"Member {i}", id=str(m.pk)) for i, m in enumerate(team.members.all())]
    numbers = post.emergency_data([("emergency", "911")])
    return [
        (
            "coc page add",
            page_add_url("wagtail_coc.codeofconductpage", root_page),
            post.coc_page_data(team, emergency_info, slug="coc-2"),
        ),
        ("coc page edit", page_edit_url(coc_page), post.coc_page_data(team, emergency_info)),
        (
            "registration add",
            page_add_url("wagtail_coc_acceptance.registrationformpage", root_page),
            registration_data(coc_page) | {"slug": "register-2"},
        ),
        ("registration edit", page_edit_url(form_page), registration_data(coc_page)),
        (
            "transparency index add",
            page_add_url("wagtail_coc_transparency.transparencyreportindexpage", root_page),
            index_data(),
        ),
        ("transparency index edit", page_edit_url(index), index_data()),
        (
            "transparency report add",
            page_add_url("wagtail_coc_transparency.transparencyreportpage", index),
            report_data() | {"slug": "report-2027-b"},
        ),
        (
            "transparency report edit",
            page_edit_url(report),
            report_data()
            | {
                "statistics-INITIAL_FORMS": "1",
                "statistics-0-id": str(report.statistics.get().pk),
            },
        ),
        ("team add", post.snippet_url(CoCTeam, "add"), post.team_data(members=[post.member()])),
        (
            "team edit",
            post.snippet_url(CoCTeam, "edit", team.pk),
            post.team_data(members=members, initial_members=len(members)),
        ),
        ("emergency info add", post.snippet_url(EmergencyInfo, "add"), numbers),
        (
            "emergency info edit",
            post.snippet_url(EmergencyInfo, "edit", emergency_info.pk),
            numbers,
        ),
        (
            "short version add",
            post.snippet_url(ShortVersion, "add"),
            post.short_version_data(coc_page=str(coc_page.pk)),
        ),
        (
            "short version edit",
            post.snippet_url(ShortVersion, "edit", short_version.pk),
            post.short_version_data(coc_page=str(coc_page.pk)),
        ),
        (
            "settings",
            reverse("wagtailsettings:edit", args=["wagtail_coc", "cocsettings", site.pk]),
            settings_data(coc_page, team, emergency_info),
        ),
        (
            "protected name add",
            reverse("coc_protected_names:add"),
            {"site": str(site.pk), "value": "Ottilie Brandqvist", "note": ""},
        ),
        (
            "protected name edit",
            reverse("coc_protected_names:edit", args=[entry.pk]),
            {"site": str(site.pk), "value": "Zyxwa Quellington", "note": "n"},
        ),
    ]


@override_settings(WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES=True)
def test_no_tampered_admin_post_is_a_server_error(admin_client, forms, capsys):
    admin_client.raise_request_exception = False
    failures, requests = [], 0
    for name, url, data in forms:
        response = admin_client.post(url, data)
        assert response.status_code in (200, 302), (name, "valid data", response.status_code)
        for description, mutated in mutations(data):
            requests += 1
            response = admin_client.post(url, mutated)
            if response.status_code >= 500:
                failures.append(f"{name}: {description}")
    with capsys.disabled():
        print(f"\nadmin fuzz: {requests} tampered posts to {len(forms)} forms")
    if os.environ.get("FUZZ_REPORT"):
        Path(os.environ["FUZZ_REPORT"]).write_text("\n".join(failures))
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


def test_mutations_cover_the_known_causes():
    data = post.team_data(members=[post.member()]) | {"intro": json.dumps({"blocks": []})}
    described = [description for description, _data in mutations(data)]
    for hostile in (*EVERYWHERE, *NUMBERS):
        assert any(d.startswith("members-") and d.endswith(f"={hostile!r}") for d in described)
    assert any(d.startswith("members-0-id=") for d in described)
    assert any(d.startswith("members-INITIAL_FORMS=") for d in described)
    assert "members initial > total" in described
    assert any(d.startswith("intro='{\"blocks\": 5}'") for d in described)
    assert streamfield
    assert inline_formset
