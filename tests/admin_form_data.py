"""Admin URLs and POST data for the wagtail-coc admin forms, built with Wagtail's form_data
helpers."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

PUBLISH = {"action-publish": "action-publish"}


def snippet_url(model, action, *args):
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{action}",
        args=[quote(arg) for arg in args],
    )


def list_block(values):
    """Form data for a ListBlock, in the shape its JavaScript widget submits."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def member(name="Ada Member", phone="", **fields):
    data = {
        "id": "",
        "name": name,
        "pronouns": "she/her",
        "role": "member",
        "email": "",
        "phone": phone,
        "chat_handle": "",
        "photo": "",
        "languages": "English",
        "availability": "",
        "gender_description": "",
    }
    for flag in ("publish_email", "publish_phone", "publish_chat_handle", "is_direct_contact"):
        if fields.pop(flag, False):
            data[flag] = "on"
    data.update(fields)
    return data


def team_data(members=(), publish=True, initial_members=0, **fields):
    data = {
        "name": "PyHarbour CoC team",
        "shared_email": "conduct@pyharbour.example",
        "hotline": "",
        "region": "US",
        "introduction": "",
        **fields,
        "members": inline_formset(list(members), initial=initial_members),
    }
    if publish:
        data.update(PUBLISH)
    return nested_form_data(data)


def emergency_data(numbers, **fields):
    return nested_form_data(
        {
            "name": "Harbour Hall 2027",
            "venue_name": "Harbour Hall",
            "venue_address": "1 Pier Street\nSan Francisco, CA 94111",
            "region": "US",
            "hospital_name": "",
            "hospital_address": "",
            "notes": "",
            **fields,
            "numbers": inline_formset(
                [
                    {"id": "", "kind": kind, "label": "", "number": number}
                    for kind, number in numbers
                ],
                min=1,
            ),
        }
    )


def short_version_data(text="Be kind. Report problems to the team.", publish=True, **fields):
    data = {
        "name": "Meetup slide",
        "text": text,
        "contact_note": "ask any volunteer",
        "coc_page": "",
        **fields,
    }
    if publish:
        data.update(PUBLISH)
    return data


def coc_page_data(team=None, emergency_info=None, sections=None, publish=True, **fields):
    """A CoC page submission; ``sections`` is a list of (block type, value) for the body."""
    if sections is None:
        sections = default_sections()
    data = nested_form_data(
        {
            "title": "Code of Conduct",
            "slug": "code-of-conduct",
            "version_label": "2.1",
            "effective_date": "2027-03-01",
            "intro": rich_text("<p>Everyone is welcome.</p>", features=["bold", "italic", "link"]),
            "team": team.pk if team else "",
            "emergency_info": emergency_info.pk if emergency_info else "",
            "body": streamfield(sections),
            **fields,
        }
    )
    # Multiple-choice checkboxes submit one value per ticked box under the same name.
    for index, (block_type, _value) in enumerate(sections):
        if block_type == "scope":
            data[f"body-{index}-value-people"] = ["attendees", "speakers"]
            data[f"body-{index}-value-places"] = ["venue", "online"]
    if publish:
        data.update(PUBLISH)
    return data


def default_sections():
    return [
        (
            "expected_behaviour",
            {
                "heading": "Expected behaviour",
                "intro": rich_text(""),
                "behaviours": list_block([rich_text("<p>Be kind</p>"), rich_text("<p>Listen</p>")]),
                "outro": rich_text(""),
            },
        ),
        (
            "unacceptable_behaviour",
            {
                "heading": "Unacceptable behaviour",
                "intro": rich_text(""),
                "behaviours": list_block([rich_text("<p>Harassment</p>")]),
                "outro": rich_text(""),
            },
        ),
        (
            "scope",
            {
                "heading": "Scope",
                "intro": rich_text(""),
                "details": rich_text(""),
                "other_people": list_block([]),
                "other_places": list_block([]),
                "outro": rich_text(""),
            },
        ),
        (
            "conflict_of_interest",
            {
                "heading": "Conflicts of interest",
                "intro": rich_text(""),
                "body": rich_text("<p>Contact the escalation contact.</p>"),
                "outro": rich_text(""),
                "contact_email": "conduct-wg@psf.example",
                "show_escalation_contacts": "on",
            },
        ),
    ]


def summary_form_value(value):
    """A report summary's form data: categories as a multiple-value field, outcomes as a
    ListBlock. Takes today's shape or the old one (one ``category``, one ``outcome``)."""
    from wagtail_coc.transparency.models import upgrade_summary

    value = upgrade_summary(dict(value))
    return {
        "title": "",
        "cases": "",
        "resolution": "",
        **{key: item for key, item in value.items() if item is not None},
        # A tuple stays one key with several values in the test client's POST.
        "categories": tuple(value.get("categories") or ()),
        "outcomes": list_block(
            [{"outcome": "", "detail": "", **item} for item in value.get("outcomes") or []]
        ),
    }


def transparency_report_data(statistics=(), reports=(), action=None, spaces=(), **fields):
    """A transparency report submission; ``action`` is e.g. "action-publish" or
    "action-submit", and without one the page is saved as a draft."""
    data = {
        "title": "Transparency report 2027",
        "slug": "report-2027",
        "scope": "event",
        "event_name": "PyHarbour Conf 2027",
        "period_start": "2027-09-01",
        "period_end": "2027-09-03",
        "attendees_in_person": "400",
        "attendees_online": "100",
        "spaces": inline_formset(list(spaces)),
        "introduction": rich_text(""),
        "promotion": rich_text("<p>Accepted at registration.</p>"),
        "enforcement": rich_text("<p>Five team members on call.</p>"),
        "statistics": inline_formset(list(statistics)),
        "reports": streamfield([(name, summary_form_value(value)) for name, value in reports]),
        "takeaways": rich_text(""),
        "closing": rich_text(""),
        **fields,
    }
    if action:
        data[action] = action
    return nested_form_data(data)
