"""Helpers of the transparency tests: users, draft reports, admin form data, leak checks."""

import datetime
import html
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, rich_text

from tests.admin_form_data import transparency_report_data
from wagtail_coc.transparency.models import TransparencyReportPage
from wagtail_coc.transparency.scan.extract import SEPARATOR

NAME = "Jordan Quillfeather"
SURNAME = "Quillfeather"
CLEAN_SUMMARY = "An attendee made repeated unwelcome comments during a talk."
DIRTY_SUMMARY = f"{NAME} made repeated unwelcome comments during a talk."


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@pyharbour.example", "password", **extra
    )
    for group in groups:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def login(client, user):
    client.force_login(user)
    return client


def report_blocks(*summaries):
    return [
        (
            "report",
            {
                "title": "",
                "kind": "formal",
                "cases": None,
                "categories": ["harassment"],
                "summary": summary,
                "outcomes": [{"outcome": "warning", "detail": ""}],
                "resolution": "",
            },
        )
        for summary in summaries
    ]


def draft_report(index_page, *summaries, slug="report-2027", **fields):
    page = TransparencyReportPage(
        title=fields.pop("title", "Transparency report 2027"),
        slug=slug,
        event_name="PyHarbour Conf 2027",
        period_start=datetime.date(2027, 9, 1),
        period_end=datetime.date(2027, 9, 3),
        reports=report_blocks(*summaries),
        live=False,
        **fields,
    )
    index_page.add_child(instance=page)
    return page, page.save_revision()


def form_data(*summaries, **kwargs):
    """The admin submission; its enforcement text holds the team's address, which the scan
    must let through."""
    return transparency_report_data(
        reports=report_blocks(*summaries),
        enforcement=rich_text("<p>Write to conduct@pyharbour.example.</p>"),
        **kwargs,
    )


def place(*parts):
    return SEPARATOR.join(parts)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def workflow_action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def comment(text, replies=()):
    """A new page comment on the title, with replies, as the editor's comment form posts."""
    return {
        "id": "",
        "contentpath": "title",
        "text": text,
        "position": "",
        "resolved": "",
        "replies": inline_formset([{"id": "", "text": reply} for reply in replies]),
    }


def findings_url(page):
    return reverse("wagtail_coc_review:findings", args=[page.pk])


def refresh(page):
    return TransparencyReportPage.objects.get(pk=page.pk)


def assert_no_name(*texts):
    for text in texts:
        assert NAME.casefold() not in str(text).casefold()
        assert SURNAME.casefold() not in str(text).casefold()


def all_log_text():
    entries = list(PageLogEntry.objects.all()) + list(ModelLogEntry.objects.all())
    return [f"{entry.label} {entry.data} {entry.message}" for entry in entries]


def cells_holding(*secrets):
    """``(table, row)`` for every row of every table (raw SQL: all columns, ciphertext stays
    ciphertext) holding one of ``secrets``, case-insensitively, in text or bytes."""
    from django.db import connection

    wanted = [secret.casefold() for secret in secrets]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        text = bytes(value).decode("utf-8", "replace").casefold()
                    else:
                        text = str(value).casefold()
                    if any(secret in text for secret in wanted):
                        found.append((table, row))
                        break
    return found


def text_of(markup):
    """The text of some HTML, tags dropped, entities decoded, whitespace collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).strip())


def table_rows(markup, caption):
    """Each row of the table with ``caption`` as a list of cell texts."""
    match = re.search(
        r"<table[^>]*>\s*<caption[^>]*>" + re.escape(caption) + r"</caption>(.*?)</table>",
        markup,
        re.S,
    )
    assert match, f"no table captioned {caption!r}"
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)
    ]


def report_linking_to_a_talk(index_page, root_page, talk_slug):
    """A published report whose takeaways link to a published talk page; (report, talk)."""
    from home.models import HomePage

    talk = HomePage(title="A lightning talk", slug=talk_slug)
    root_page.add_child(instance=talk)
    talk.save_revision().publish()
    page, revision = draft_report(
        index_page,
        CLEAN_SUMMARY,
        takeaways=f'<p>See <a linktype="page" id="{talk.pk}">the talk</a>.</p>',
    )
    revision.publish()
    return refresh(page), talk
