"""Builders for complete, checklist-passing CoC content used across the tests."""

import datetime

from wagtail.rich_text import RichText

from wagtail_coc.models import (
    CoCTeam,
    CodeOfConductPage,
    CommitteeMember,
    EmergencyInfo,
    EmergencyNumber,
)

GENDERS = ["woman", "man", "non-binary"]


def build_team(member_count=3, name="PyHarbour CoC team", shared_email="conduct@pyharbour.example"):
    team = CoCTeam.objects.create(
        name=name, shared_email=shared_email, hotline="+14155550123", region="US"
    )
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(
                team=team,
                sort_order=index,
                name=f"Member {index}",
                pronouns="they/them",
                role=CommitteeMember.Role.LEAD if index == 0 else CommitteeMember.Role.MEMBER,
                email=f"member{index}@pyharbour.example",
                publish_email=index % 2 == 0,
                phone="+14155550100",
                publish_phone=False,
                is_direct_contact=index < 2,
                gender_description=GENDERS[index % len(GENDERS)],
            )
            for index in range(member_count)
        ]
    )
    CommitteeMember.objects.create(
        team=team,
        sort_order=member_count,
        name="Escalation Contact",
        role=CommitteeMember.Role.ESCALATION,
        email="escalation@psf.example",
        publish_email=True,
    )
    return team


def build_emergency_info():
    info = EmergencyInfo.objects.create(
        name="Harbour Hall",
        venue_name="Harbour Hall",
        venue_address="1 Pier Street\nSan Francisco, CA 94111",
        region="US",
        hospital_name="Bayside General Hospital",
        hospital_address="500 Bay Avenue, San Francisco",
    )
    for order, (kind, number) in enumerate(
        [
            (EmergencyNumber.Kind.EMERGENCY, "911"),
            (EmergencyNumber.Kind.POLICE, "+14155550124"),
            (EmergencyNumber.Kind.HOSPITAL, "+14155550199"),
            (EmergencyNumber.Kind.VENUE_SECURITY, "+14155550142"),
            (EmergencyNumber.Kind.CRISIS_LINE, "988"),
        ]
    ):
        EmergencyNumber.objects.create(info=info, sort_order=order, kind=kind, number=number)
    return info


def complete_body(section_count_extra=0):
    text = RichText("<p>We follow this procedure.</p>")
    body = [
        (
            "expected_behaviour",
            {"heading": "Expected behaviour", "behaviours": ["Be kind", "Listen"]},
        ),
        (
            "unacceptable_behaviour",
            {"heading": "Unacceptable behaviour", "behaviours": ["Harassment", "Discrimination"]},
        ),
        (
            "consequences",
            {
                "heading": "Consequences",
                "ladder": [
                    {
                        "name": "Correction",
                        "leads_to": "A first minor issue",
                        "what_happens": "A quiet word",
                    },
                    {
                        "name": "Warning",
                        "leads_to": "Repeated issues",
                        "what_happens": "A formal warning",
                    },
                    {
                        "name": "Temporary ban",
                        "leads_to": "Serious issues",
                        "what_happens": "Removal for a day",
                    },
                    {
                        "name": "Permanent ban",
                        "leads_to": "Severe harm",
                        "what_happens": "Permanent removal",
                    },
                ],
            },
        ),
        (
            "scope",
            {
                "heading": "Scope",
                "people": ["attendees", "speakers", "sponsors", "volunteers", "staff"],
                "places": ["venue", "online", "social"],
            },
        ),
        (
            "reporting",
            {
                "heading": "How to report",
                "channels": [
                    {
                        "kind": "email",
                        "label": "conduct@pyharbour.example",
                        "url": "",
                        "description": "",
                    },
                    {"kind": "phone", "label": "+1 415 555 0123", "url": "", "description": ""},
                    {"kind": "in_person", "label": "Any team member", "url": "", "description": ""},
                ],
                "show_team": True,
            },
        ),
        (
            "procedure",
            {
                "heading": "What happens after a report",
                "body": text,
                "response_times": [{"stage": "Acknowledgement", "commitment": "Within 24 hours"}],
            },
        ),
        (
            "conflict_of_interest",
            {
                "heading": "Conflicts of interest",
                "body": RichText("<p>Contact the escalation contact.</p>"),
                "contact_email": "conduct-wg@psf.example",
                "show_escalation_contacts": True,
            },
        ),
    ]
    body += [
        ("section", {"heading": f"Extra section {index}", "body": RichText("<p>More.</p>")})
        for index in range(section_count_extra)
    ]
    return body


def build_coc_page(
    parent,
    team=None,
    emergency_info=None,
    body=None,
    title="Code of Conduct",
    slug="code-of-conduct",
):
    page = CodeOfConductPage(
        title=title,
        slug=slug,
        version_label="1.0",
        effective_date=datetime.date(2027, 1, 1),
        team=team,
        emergency_info=emergency_info,
        body=complete_body() if body is None else body,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
