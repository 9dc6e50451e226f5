"""Real Codes of Conduct fit the content model without bending (issue 10, findings 1-10)."""

import importlib
import json

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from wagtail.models import Revision
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailTestUtils

from tests.factories import build_coc_page, build_emergency_info, build_team, complete_body
from wagtail_coc import audit
from wagtail_coc.anchors import unique_anchors
from wagtail_coc.contacts import contact_link, link_contacts
from wagtail_coc.models import (
    CoCTeam,
    CodeOfConductPage,
    CommitteeMember,
    EmergencyInfo,
    EmergencyNumber,
)


def soup(html):
    return WagtailTestUtils.get_soup(html)


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def replace_block(body, block_type, value):
    return [(kind, value if kind == block_type else old) for kind, old in body]


def result(page, key):
    return next(r for r in audit.audit_page(page).results if r.key == key)


# Finding 1: behaviours are rich text, with a sentence after the list.


def test_behaviours_keep_bold_lead_ins_and_links_and_a_closing_sentence(
    client, root_page, team, emergency_info
):
    body = replace_block(
        complete_body(),
        "expected_behaviour",
        {
            "heading": "Our standards",
            "behaviours": [
                RichText(
                    '<p><b>Be kind.</b> Read <a href="https://example.org/guide">the guide</a>.</p>'
                )
            ],
            "outro": RichText("<p>Thank you for helping.</p>"),
        },
    )
    page = build_coc_page(root_page, team=team, emergency_info=emergency_info, body=body)
    section = soup(page_html(client, page)).select_one("section#our-standards")
    item = section.select_one("ul.coc-behaviours li")
    assert item.select_one("b").get_text() == "Be kind."
    assert item.select_one("a")["href"] == "https://example.org/guide"
    assert section.find_all("p")[-1].get_text() == "Thank you for helping."
    assert result(page, "expected_behaviour").status == "met"


# Finding 2: consequences as a list of possible actions, or a ladder without "what happens".


def test_consequences_as_a_list_of_possible_actions(client, root_page, team, emergency_info):
    body = replace_block(
        complete_body(),
        "consequences",
        {
            "heading": "Enforcement",
            "ladder": [],
            "actions": [RichText("<p>A warning</p>"), RichText("<p><b>Expulsion</b></p>")],
        },
    )
    page = build_coc_page(root_page, team=team, emergency_info=emergency_info, body=body)
    section = soup(page_html(client, page)).select_one("section#enforcement")
    assert [li.get_text() for li in section.select("ul.coc-actions li")] == [
        "A warning",
        "Expulsion",
    ]
    assert section.select_one("ol.coc-ladder") is None
    assert result(page, "consequences").status == "met"


def test_ladder_step_needs_no_what_happens(client, root_page, team, emergency_info):
    body = replace_block(
        complete_body(),
        "consequences",
        {"heading": "Consequences", "ladder": [{"name": "Warning"}]},
    )
    page = build_coc_page(root_page, team=team, emergency_info=emergency_info, body=body)
    section = soup(page_html(client, page)).select_one("section#consequences")
    assert section.select_one("ol.coc-ladder h3").get_text() == "Warning"
    assert "What happens" not in section.get_text()


# Finding 3: free-form scope items.


def test_scope_names_free_form_people_and_places(client, root_page, team, emergency_info):
    body = replace_block(
        complete_body(),
        "scope",
        {
            "heading": "Scope",
            "people": [],
            "other_people": [RichText("<p>Board members</p>"), RichText("<p>Panelists</p>")],
            "places": ["venue"],
            "other_places": [RichText("<p>The <b>#pyharbour</b> hashtag</p>"), "GitHub"],
        },
    )
    page = build_coc_page(root_page, team=team, emergency_info=emergency_info, body=body)
    text = soup(page_html(client, page)).select_one("section#scope").get_text(" ")
    for expected in ("Board members", "Panelists", "#pyharbour", "GitHub", "All venue spaces"):
        assert expected in text
    assert result(page, "scope").status == "met"


# Findings 4 and 10: what to include, confidentiality, channels by audience.


def test_reporting_by_audience_with_its_own_team_and_response_time(client, root_page, team):
    online_team = build_team(
        member_count=1, name="Online moderators", shared_email="mods@chat.example"
    )
    body = complete_body()
    body.append(
        (
            "reporting",
            {
                "heading": "Online spaces",
                "audience": "Online spaces",
                "channels": [
                    {
                        "kind": "chat",
                        "label": "#moderators on Discord",
                        "url": "",
                        "description": "",
                    }
                ],
                "response_time": "Within 12 hours",
                "team": online_team,
                "show_team": True,
                "what_to_include": RichText("<p>Links to the messages.</p>"),
                "confidentiality": RichText("<p>Only moderators read reports.</p>"),
            },
        )
    )
    page = build_coc_page(root_page, team=team, body=body)
    section = soup(page_html(client, page)).select_one("section#online-spaces")
    text = section.get_text(" ")
    assert "For: Online spaces" in text
    assert "Within 12 hours" in text
    assert "Contact the Online moderators" in text
    assert "Contact the PyHarbour CoC team" not in text
    assert "What to include in a report" in text and "Links to the messages." in text
    assert "Confidentiality" in text and "Only moderators read reports." in text


# Finding 5: "How to get help" at the top, with or without emergency information.


@pytest.mark.parametrize("with_emergency", [True, False])
def test_get_help_box_comes_before_the_introduction(client, root_page, team, with_emergency):
    info = build_emergency_info() if with_emergency else None
    page = build_coc_page(root_page, team=team, emergency_info=info)
    page.intro = "<p>" + "A long introduction. " * 200 + "</p>"
    page.save_revision().publish()
    html = page_html(client, page)
    document = soup(html)
    help_box = document.select_one("aside#coc-help")
    assert help_box is not None
    links = [a["href"] for a in help_box.select("a")]
    assert "mailto:conduct@pyharbour.example" in links
    assert "tel:+14155550123" in links
    assert "#how-to-report" in links
    # In person, from the reporting channels; the shared address is not repeated.
    assert "Any team member" in help_box.get_text()
    assert links.count("mailto:conduct@pyharbour.example") == 1
    assert html.index('id="coc-help"') < html.index('class="coc-intro"')
    assert (document.select_one("aside.coc-emergency") is not None) is with_emergency


# Finding 6: emergency information without a venue, entries that are web addresses.


def test_emergency_information_without_a_venue_and_with_a_web_address(client, root_page, team):
    info = EmergencyInfo.objects.create(name="Online", region="GB")
    EmergencyNumber.objects.create(
        info=info, kind=EmergencyNumber.Kind.CRISIS_LINE, label="Samaritans", number="116123"
    )
    EmergencyNumber.objects.create(
        info=info,
        kind=EmergencyNumber.Kind.ONLINE_SAFETY,
        label="Police web form",
        url="https://police.example/report/",
    )
    page = build_coc_page(root_page, team=team, emergency_info=info)
    page.online_only = True
    page.save_revision().publish()
    box = soup(page_html(client, page)).select_one("aside.coc-emergency")
    assert box.select_one("p.coc-venue") is None
    hrefs = [a["href"] for a in box.select("a")]
    assert "tel:116123" in hrefs
    assert "https://police.example/report/" in hrefs
    assert result(page, "emergency_numbers").status == "met"


def test_emergency_entry_needs_a_number_or_a_web_address():
    info = EmergencyInfo(name="Online", region="GB")
    entry = EmergencyNumber(info=info, kind=EmergencyNumber.Kind.OTHER)
    with pytest.raises(Exception, match="number or a web address"):
        entry.clean()


# Finding 9: job title, organisation, chat platform, a member who is also a COI contact.


def test_member_details_and_conflict_contact_listed_once_entered(client, root_page, team):
    member = team.members.get(sort_order=1)
    member.job_title = "Community manager"
    member.organisation = "Northbay Foundation"
    member.chat_platform = "Slack"
    member.chat_handle = "@alex"
    member.publish_chat_handle = True
    member.is_conflict_contact = True
    member.publish_email = True
    member.save()
    page = build_coc_page(root_page, team=team)
    document = soup(page_html(client, page))
    text = document.get_text(" ")
    assert "Community manager, Northbay Foundation" in text
    assert "Slack: @alex" in text
    conflict = document.select_one("section#conflicts-of-interest")
    names = [p.get_text() for p in conflict.select(".coc-member-name")]
    assert any("Member 1" in name for name in names)
    assert CommitteeMember.objects.filter(name="Member 1").count() == 1


# Anchors: the heading's slug, deduplicated.


def test_anchors_are_readable_stable_and_unique(client, root_page, team):
    body = complete_body()
    body.append(("section", {"heading": "How to report", "body": RichText("<p>Again.</p>")}))
    body.append(("section", {"heading": "Contents", "body": RichText("<p>A heading.</p>")}))
    page = build_coc_page(root_page, team=team, body=body)
    document = soup(page_html(client, page))
    ids = [section["id"] for section in document.select("section.coc-section")]
    assert "how-to-report" in ids and "how-to-report-2" in ids
    assert len(ids) == len(set(ids))
    toc = [a["href"] for a in document.select("nav.coc-toc a")]
    assert toc == [f"#{anchor}" for anchor in ids]
    assert unique_anchors(["Scope", "Scope", "", "Coc title"]) == [
        "scope",
        "scope-2",
        "section",
        "coc-title-2",
    ]


# Contacts written anywhere become links from one normalised value.


def test_contacts_in_text_become_links():
    html = link_contacts(
        "Write to help@example.org, call (415) 555-0123 or see https://example.org/form. "
        "Held 2027-03-01 <b>not bold</b>.",
        "US",
    )
    links = soup(html).select("a")
    assert [a["href"] for a in links] == [
        "mailto:help@example.org",
        "tel:+14155550123",
        "https://example.org/form",
    ]
    # The link's text says what it calls; the number is what a sighted reader sees.
    assert links[1].get_text() == "Call this number: (415) 555-0123"
    assert "&lt;b&gt;" in html


def test_channel_contacts_are_links():
    assert 'href="tel:+14155550123"' in contact_link("phone", "415-555-0123", "US")
    assert 'href="mailto:a@example.org"' in contact_link("email", "a@example.org", "US")
    assert 'href="https://x.example/f"' in contact_link(
        "online_form", "Form", "US", "https://x.example/f"
    )
    assert "<a" not in contact_link("in_person", "Any volunteer", "US")


def test_phone_channel_and_description_contacts_render_as_links(client, coc_page):
    body = complete_body()
    body[4][1]["channels"][1]["description"] = "Or text +1 415 555 0199, or mail b@example.org."
    coc_page.body = body
    coc_page.save_revision().publish()
    section = soup(page_html(client, coc_page)).select_one("section#how-to-report")
    hrefs = [a["href"] for a in section.select(".coc-channels a")]
    assert "tel:+14155550123" in hrefs
    assert "tel:+14155550199" in hrefs
    assert "mailto:b@example.org" in hrefs


# The checklist reads what the public page shows.


def test_never_published_team_does_not_count(root_page):
    draft = build_team(member_count=3)
    CoCTeam.objects.filter(pk=draft.pk).update(live=False, has_unpublished_changes=True)
    page = build_coc_page(root_page, team=draft)
    assert result(page, "team").status == "missing"
    assert result(page, "shared_email").status == "missing"


# Migrating existing content forward.


def test_behaviour_strings_are_migrated_to_rich_text(coc_page):
    migration = importlib.import_module("wagtail_coc.migrations.0005_behaviours_as_rich_text")
    stream = [
        {"type": "expected_behaviour", "value": {"heading": "E", "behaviours": ["a < b", "Kind"]}},
        {
            "type": "unacceptable_behaviour",
            "value": {"heading": "U", "behaviours": [{"type": "item", "value": "X", "id": "1"}]},
        },
    ]
    assert migration.convert_stream(stream)
    assert stream[0]["value"]["behaviours"] == ["<p>a &lt; b</p>", "<p>Kind</p>"]
    assert stream[1]["value"]["behaviours"][0]["value"] == "<p>X</p>"
    assert not migration.convert_stream(stream)

    # Stored rows and revisions written in the old shape, as raw JSON.
    old = json.dumps(
        [
            {
                "type": "expected_behaviour",
                "value": {"heading": "E", "behaviours": ["Be <kind>"]},
                "id": "b1",
            }
        ]
    )
    # Straight into the table, as the old release stored it: the field of this release would
    # clean the old shape against the new blocks on the way in.
    table = CodeOfConductPage._meta.db_table
    pk_column = CodeOfConductPage._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET body = %s WHERE {pk_column} = %s", [old, coc_page.pk])
    revision = coc_page.latest_revision
    revision.content["body"] = old
    Revision.objects.filter(pk=revision.pk).update(content=revision.content)
    # The models as the migration sees them: plain StreamFields, no cleaning on load.
    historical = MigrationLoader(connection).project_state(
        ("wagtail_coc", "0005_behaviours_as_rich_text")
    )
    migration.forwards(historical.apps, None)
    page = CodeOfConductPage.objects.get(pk=coc_page.pk)
    assert page.body[0].value["behaviours"][0].source == "<p>Be &lt;kind&gt;</p>"
    revision.refresh_from_db()
    assert "<p>Be &lt;kind&gt;</p>" in revision.content["body"]


def test_team_chooser_marks_drafts(admin_client, root_page):
    from wagtail_coc.models import CoCTeam as Team

    draft = build_team(member_count=1, name="Draft team")
    Team.objects.filter(pk=draft.pk).update(live=False)
    page = build_coc_page(root_page, team=draft)
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Draft team (draft, not published)" in edit
    chosen_url = reverse(
        Team.snippet_viewset.chooser_viewset.get_url_name("chosen"), args=[draft.pk]
    )
    data = admin_client.get(chosen_url).json()
    assert data["result"]["string"] == "Draft team (draft, not published)"
    choose_url = reverse(Team.snippet_viewset.chooser_viewset.get_url_name("choose"))
    assert "Draft" in admin_client.get(choose_url).json()["html"]


def test_contacts_in_team_introduction_and_availability_are_links(client, root_page, team):
    team.introduction = "Urgent? Call +1 415 555 0188 or write to urgent@pyharbour.example."
    team.save()
    member = team.members.get(sort_order=0)
    member.availability = "Desk B, or https://pyharbour.example/find-us"
    member.save()
    page = build_coc_page(root_page, team=team)
    hrefs = [a["href"] for a in soup(page_html(client, page)).select("section.coc-team a")]
    assert "tel:+14155550188" in hrefs
    assert "mailto:urgent@pyharbour.example" in hrefs
    assert "https://pyharbour.example/find-us" in hrefs
