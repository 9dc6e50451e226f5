"""Load a complete, realistic Code of Conduct for the fictional PyHarbour Conf 2027.

Safe to run again: every object is looked up by a stable key and brought back to the demo
values, and pages get a new published revision only when their content actually changed.
All phone numbers are fictional (555-01xx) apart from 911 and the 988 crisis line.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site
from wagtail.rich_text import RichText

from home.models import HomePage
from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.casework.models import Event, IncidentReportPage
from wagtail_coc.conf import team_lead_group_name
from wagtail_coc.models import (
    CoCSettings,
    CoCTeam,
    CodeOfConductPage,
    CommitteeMember,
    EmergencyInfo,
    EmergencyNumber,
    ShortVersion,
)
from wagtail_coc.phone import normalise, present
from wagtail_coc.transparency.models import (
    ProtectedName,
    TransparencyReportIndexPage,
    TransparencyReportPage,
    TransparencyReportSpace,
    TransparencyStatistic,
    protected_names_for_site,
)
from wagtail_coc.transparency.setup import set_up_site

REGION = "US"
SITE_NAME = "PyHarbour Conf 2027"
DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8000
UNREACHABLE_HOSTS = {"0.0.0.0", "::", ""}


def parse_address(address):
    """``host:port`` (``[v6]:port``, or a host alone for port 80) as the Site's hostname and
    port: the address people reach the demo at, which QR codes and printed URLs show."""
    host, colon, port = address.strip().rpartition(":")
    if not colon or "]" in port:
        host, port = address.strip(), "80"
    host = host.strip("[]")
    if host in UNREACHABLE_HOSTS or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            f"{address!r} is not an address people can reach: give a host name or IP "
            "address and a port, e.g. 192.168.1.20:8000 (not 0.0.0.0)."
        )
    return host, int(port)


def site_url(host, port):
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}" + ("" if port == 80 else f":{port}")


TEAM_EMAIL = "conduct@pyharbour.example"
HOTLINE = "+1 415 555 0123"
HOTLINE_DISPLAY = present(normalise(HOTLINE, REGION), REGION).display
ESCALATION_EMAIL = "conduct-wg@northbay-oss.example"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "changeme"

Role = CommitteeMember.Role
Kind = EmergencyNumber.Kind

TEAM_INTRODUCTION = (
    "The Code of Conduct team is separate from the conference organisers: none of us "
    "decides on talks, sponsors or budgets, so nobody has a reason to play a report down. "
    "Every member has completed incident-response training. We read every report, keep it "
    "confidential and only act with the consent of the person who reported, unless "
    "someone is in danger."
)

MEMBERS = [
    {
        "name": "Amara Okafor",
        "pronouns": "she/her",
        "role": Role.LEAD,
        "email": "amara.okafor@pyharbour.example",
        "publish_email": True,
        "phone": "+1 415 555 0131",
        "publish_phone": False,
        "chat_handle": "@amara",
        "publish_chat_handle": True,
        "languages": "English, Igbo",
        "availability": "Registration desk, every morning from 8:00 to 10:00; on call all day",
        "is_direct_contact": True,
        "gender_description": "woman",
    },
    {
        "name": "Diego Fernández",
        "pronouns": "he/him",
        "role": Role.MEMBER,
        "email": "diego.fernandez@pyharbour.example",
        "publish_email": False,
        "phone": "+1 415 555 0132",
        "publish_phone": True,
        "chat_handle": "@diego",
        "publish_chat_handle": True,
        "languages": "English, Español",
        "availability": "Talk tracks in the afternoons and the Thursday evening social",
        "is_direct_contact": True,
        "gender_description": "man",
    },
    {
        "name": "Kai Nakamura",
        "pronouns": "they/them",
        "role": Role.MEMBER,
        "email": "kai.nakamura@pyharbour.example",
        "publish_email": True,
        "phone": "+1 415 555 0133",
        "publish_phone": False,
        "chat_handle": "@kai",
        "publish_chat_handle": True,
        "languages": "English, 日本語",
        "availability": "Tutorials on Wednesday, sprints on Saturday",
        "is_direct_contact": True,
        "gender_description": "non-binary",
    },
    {
        "name": "Priya Raman",
        "pronouns": "she/her",
        "role": Role.MEMBER,
        "email": "priya.raman@pyharbour.example",
        "publish_email": False,
        "phone": "+1 415 555 0134",
        "publish_phone": False,
        "chat_handle": "@priya-r",
        "publish_chat_handle": False,
        "languages": "English, தமிழ், हिन्दी",
        "availability": "Quiet room (Room 305) and the online chat, all conference days",
        "is_direct_contact": False,
        "gender_description": "",
    },
    {
        "name": "Jonas Berg",
        "pronouns": "he/they",
        "role": Role.MEMBER,
        "email": "jonas.berg@pyharbour.example",
        "publish_email": False,
        "phone": "",
        "publish_phone": False,
        "chat_handle": "@jonas",
        "publish_chat_handle": True,
        "languages": "English, Deutsch, Norsk",
        "availability": "Online spaces: chat, livestream comments and the job board",
        "is_direct_contact": False,
        "gender_description": "",
    },
    {
        "name": "Morgan Ellis",
        "pronouns": "they/them",
        "role": Role.ESCALATION,
        "email": ESCALATION_EMAIL,
        "publish_email": True,
        "phone": "+1 415 555 0139",
        "publish_phone": False,
        "chat_handle": "",
        "publish_chat_handle": False,
        "languages": "English, Français",
        "availability": (
            "Northbay Open Source Foundation conduct working group; "
            "independent of PyHarbour Conf, answers within 24 hours"
        ),
        "is_direct_contact": False,
        "gender_description": "",
    },
]

MAIN_VENUE = {
    "name": "Harbour Hall, PyHarbour Conf 2027",
    "venue_name": "Harbour Hall Conference Center",
    "venue_address": "200 Embarcadero Way\nSan Francisco, CA 94105",
    "hospital_name": "Bayview Memorial Hospital",
    "hospital_address": "1500 Harbor View Street\nSan Francisco, CA 94103",
    "notes": (
        "First-aid kits and a defibrillator (AED) are at the registration desk on level 1 "
        "and next to the lifts on level 3. The quiet room is Room 305."
    ),
    "numbers": [
        (Kind.EMERGENCY, "", "911"),
        (Kind.POLICE, "San Francisco police (non-emergency)", "+1 415 555 0111"),
        (Kind.FIRE, "Fire department (non-emergency)", "+1 415 555 0112"),
        (Kind.MEDICAL, "Nurse advice line (24/7)", "+1 415 555 0113"),
        (Kind.HOSPITAL, "Bayview Memorial Hospital", "+1 415 555 0114"),
        (Kind.VENUE_SECURITY, "Harbour Hall security desk (24/7)", "+1 415 555 0115"),
        (Kind.CRISIS_LINE, "988 Suicide & Crisis Lifeline (call or text)", "988"),
    ],
    # Entries that are web addresses rather than numbers to dial.
    "web": [
        (
            Kind.ONLINE_SAFETY,
            "Report online harassment to the police (web form)",
            "https://police.example/report-online/",
        ),
    ],
}

SOCIAL_VENUE = {
    "name": "The Lighthouse, PyHarbour Conf 2027 social",
    "venue_name": "The Lighthouse (Thursday evening social)",
    "venue_address": "45 Pier Road\nSan Francisco, CA 94133",
    "hospital_name": "Bayview Memorial Hospital",
    "hospital_address": "1500 Harbor View Street\nSan Francisco, CA 94103",
    "notes": "Two Code of Conduct team members stay until the venue closes.",
    "numbers": [
        (Kind.EMERGENCY, "", "911"),
        (Kind.VENUE_SECURITY, "The Lighthouse door staff", "+1 415 555 0161"),
        (Kind.CRISIS_LINE, "988 Suicide & Crisis Lifeline (call or text)", "988"),
    ],
}

SHORT_VERSION_TEXT = (
    "PyHarbour Conf is for everyone. Be kind, be curious and assume good intent; respect "
    "people's boundaries, names and pronouns. Harassment and discrimination are not "
    "welcome here, at the venue, online or at our social events. If anything makes you or "
    "someone else feel unsafe, talk to the Code of Conduct team (purple lanyards): we "
    "listen, we keep reports confidential and we act."
)


def _behaviours(heading, intro, items, outro=""):
    """Items start with a bold lead-in: its first sentence."""
    rich_items = []
    for item in items:
        lead, _dot, rest = item.partition(". ")
        text = f"<b>{lead}.</b> {rest}" if rest else item
        rich_items.append(RichText(f"<p>{text}</p>"))
    return {
        "heading": heading,
        "intro": RichText(intro),
        "behaviours": rich_items,
        "outro": RichText(outro),
    }


def _step(name, leads_to, what_happens):
    return {"name": name, "leads_to": leads_to, "what_happens": what_happens}


def _channel(kind, label, description, url=""):
    return {"kind": kind, "label": label, "url": url, "description": description}


def _link(title, url, description):
    return {"title": title, "url": url, "description": description}


def coc_body(social_venue, report_url):
    return [
        (
            "expected_behaviour",
            _behaviours(
                "Expected behaviour",
                "<p>PyHarbour Conf is run by volunteers from the Python community for people "
                "of every background, identity and level of experience. We ask everyone who "
                "takes part to help us make it welcoming, safe and fun:</p>",
                [
                    "Be open and welcoming. Make room for newcomers in conversations and "
                    "remember that for many people this is their first conference.",
                    "Be considerate. Your words and actions affect others; choose them with "
                    "care, in person and online.",
                    "Be respectful, especially when you disagree. Criticise ideas, not people.",
                    "Use people's names and pronouns as they give them to you.",
                    "Respect boundaries. No, or no answer, means no: for photos, hugs, "
                    "conversations and contact after the event.",
                    "Look out for each other. If something worries you, check in with the "
                    "person or tell the Code of Conduct team.",
                    "Follow the instructions of venue staff, security and the organisers.",
                ],
            ),
        ),
        (
            "unacceptable_behaviour",
            _behaviours(
                "Unacceptable behaviour",
                "<p>Harassment and other exclusionary behaviour are not acceptable at "
                "PyHarbour Conf. This includes, but is not limited to:</p>",
                [
                    "Offensive or demeaning comments related to gender, gender identity or "
                    "expression, sexual orientation, disability, neurodivergence, mental "
                    "illness, physical appearance, body size, age, race, ethnicity, "
                    "nationality, religion or caste.",
                    "Threats or incitement of violence, and physical or verbal abuse.",
                    "Deliberate intimidation, stalking or following, in person or online.",
                    "Unwelcome photography or recording.",
                    "Sustained disruption of talks, workshops or other activities.",
                    "Unwelcome sexual attention, sexualised comments, jokes or imagery, and "
                    "inappropriate physical contact.",
                    "Deliberately misgendering someone or using a name they no longer use.",
                    "Publishing someone's private information without their permission.",
                    "Retaliating against anyone who reports a concern or helps with a report.",
                    "Encouraging or advocating for any of the above.",
                ],
                "<p>If you are unsure whether something is acceptable, ask the Code of "
                "Conduct team: we would rather talk about it early.</p>",
            ),
        ),
        (
            "consequences",
            {
                "heading": "Consequences of unacceptable behaviour",
                "intro": RichText(
                    "<p>Anyone asked to stop unacceptable behaviour is expected to stop "
                    "straight away. The Code of Conduct team chooses a response in "
                    "proportion to what happened and its impact, usually following the "
                    "steps below. When someone's safety is at risk we may go straight to "
                    "a later step. Nobody removed from the event gets a refund.</p>"
                ),
                "ladder": [
                    _step(
                        "Correction",
                        "Language or behaviour that is inappropriate or unwelcome, where "
                        "the person may not have realised the effect it had.",
                        "A private conversation with a team member explaining what happened "
                        "and why it was a problem. We may ask for an apology.",
                    ),
                    _step(
                        "Warning",
                        "A single more serious incident, or continuing after a correction.",
                        "A written warning with clear expectations for the rest of the "
                        "event, which may include no contact with the people involved.",
                    ),
                    _step(
                        "Temporary ban",
                        "A serious breach, or continuing after a warning.",
                        "Removal from the conference, its online spaces and social events "
                        "for the rest of the event or a set time.",
                    ),
                    _step(
                        "Permanent ban",
                        "A pattern of violations, or harassment, threats or violence.",
                        "Removal from PyHarbour Conf and all future events and community "
                        "spaces we run.",
                    ),
                ],
            },
        ),
        (
            "scope",
            {
                "heading": "Scope",
                "intro": RichText(
                    "<p>This Code of Conduct applies to everyone, whatever their role, and "
                    "everywhere PyHarbour Conf happens.</p>"
                ),
                "people": ["attendees", "speakers", "sponsors", "volunteers", "staff"],
                "other_people": [RichText("<p>Panelists and session chairs</p>")],
                "places": ["venue", "online", "social"],
                "other_places": [
                    RichText("<p>The <b>#PyHarbour</b> hashtag</p>"),
                    RichText("<p>Unofficial after-hours gatherings of attendees</p>"),
                ],
                "details": RichText(
                    "<p>That includes talks, slides and code examples, sponsor booths and "
                    "their materials, sprints, the job board, the conference chat and "
                    "livestream comments. We may also act on behaviour outside these "
                    "spaces, such as on social media, when it affects the safety of people "
                    "at the event.</p>"
                ),
            },
        ),
        (
            "reporting",
            {
                "heading": "How to report",
                "intro": RichText(
                    "<p>If you experience or witness something that worries you, please "
                    "tell us, even if you are not sure it breaks this Code and even if it "
                    "seems small. A report is never a bother. You can ask us to just "
                    "listen, and you can bring a friend.</p>"
                ),
                "channels": [
                    _channel(
                        "email",
                        TEAM_EMAIL,
                        "Read by the whole team, never by a single person. We reply "
                        "within an hour during the conference and within a day otherwise.",
                    ),
                    _channel(
                        "phone",
                        f"Hotline {HOTLINE_DISPLAY} (call or text)",
                        "Answered by a team member from an hour before doors open until "
                        "the end of the evening programme, every conference day.",
                    ),
                    _channel(
                        "in_person",
                        "Any Code of Conduct team member (purple lanyards) or the "
                        "registration desk",
                        "Any volunteer or staff member will take you to a team member and "
                        "can find you a quiet place to talk.",
                    ),
                    _channel(
                        "online_form",
                        "Report form (anonymous if you wish)",
                        "Leave the contact fields empty to stay anonymous; we can then act "
                        "on the report but cannot tell you what we did.",
                        url=report_url,
                    ),
                ],
                "response_time": "Within an hour during the conference, a day otherwise.",
                "show_team": True,
                "what_to_include": RichText(
                    "<ul><li>Your contact details, unless you wish to stay anonymous</li>"
                    "<li>What happened, when and where</li>"
                    "<li>Who was involved, and anyone who saw it</li></ul>"
                ),
                "confidentiality": RichText(
                    "<p>Reports are seen only by the team members handling them. We never "
                    "share your name with the person reported without your permission.</p>"
                ),
            },
        ),
        ("emergency_info", social_venue),
        (
            "procedure",
            {
                "heading": "What happens after a report",
                "intro": RichText(""),
                "body": RichText(
                    "<p>If anyone is in immediate danger, we call emergency services first "
                    "and help you get somewhere safe.</p>"
                    "<ol>"
                    "<li>A team member acknowledges your report and writes down what you "
                    "tell them. We only ask for what we need, and we tell you who else on "
                    "the team will see it.</li>"
                    "<li>Anyone with a conflict of interest steps aside. The rest of the "
                    "team reviews the report, and may talk to the people involved and to "
                    "witnesses.</li>"
                    "<li>The team decides on a response using the consequences above and "
                    "tells you what we decided. We never share your name with the person "
                    "reported without your permission.</li>"
                    "<li>After the event we publish a transparency report that describes "
                    "incidents and outcomes without names or details that could identify "
                    "anyone.</li>"
                    "</ol>"
                    "<p>Reports are kept confidential and stored only as long as we need "
                    "them. If you disagree with a decision, you can ask our independent "
                    "escalation contact to review it.</p>"
                ),
                "response_times": [
                    {"stage": "Someone in danger", "commitment": "Immediately"},
                    {
                        "stage": "Acknowledgement",
                        "commitment": "Within 1 hour during the event, 24 hours otherwise",
                    },
                    {"stage": "Decision and follow-up", "commitment": "Within 7 days"},
                    {
                        "stage": "Anonymised transparency report",
                        "commitment": "Within 30 days after the event",
                    },
                ],
            },
        ),
        (
            "conflict_of_interest",
            {
                "heading": "If your report concerns a team member or an organiser",
                "intro": RichText(""),
                "body": RichText(
                    "<p>Anyone on the Code of Conduct team or among the organisers who is "
                    "involved in a report, or close to someone who is, takes no part in "
                    "handling it and does not see it. Contact any other team member "
                    "directly, or write to our independent escalation contact at the "
                    "Northbay Open Source Foundation, who can handle the report without "
                    "involving anyone from PyHarbour Conf.</p>"
                ),
                "contact_email": ESCALATION_EMAIL,
                "show_escalation_contacts": True,
            },
        ),
        (
            "section",
            {
                "heading": "Photography and recording",
                "intro": RichText(""),
                "body": RichText(
                    "<p>Talks are recorded and published; speakers can ask us not to "
                    "publish theirs. Anywhere else, ask before you take a photo of "
                    "someone and respect a no.</p>"
                    "<ul>"
                    "<li>A <strong>red lanyard</strong> means: please do not photograph "
                    "me.</li>"
                    "<li>Do not photograph or share badges, screens or slides showing "
                    "other people's private information.</li>"
                    "<li>To have a photo of you taken down from our channels, email "
                    f'<a href="mailto:{TEAM_EMAIL}">{TEAM_EMAIL}</a>; we remove it '
                    "without asking why.</li>"
                    "</ul>"
                ),
            },
        ),
        (
            "resources",
            {
                "heading": "Resources and training",
                "intro": RichText(
                    "<p>The guides and training our team learned from, for anyone "
                    "running a community event:</p>"
                ),
                "links": [
                    _link(
                        "Python Software Foundation Code of Conduct",
                        "https://www.python.org/psf/conduct/",
                        "The community code this one is modelled on.",
                    ),
                    _link(
                        "PSF incident reporting guidelines",
                        "https://www.python.org/psf/conduct/reporting/",
                        "What to expect when you report, and what reports should include.",
                    ),
                    _link(
                        "PSF enforcement procedures",
                        "https://www.python.org/psf/conduct/enforcement/",
                        "How reports are reviewed and decided.",
                    ),
                    _link(
                        "NumFOCUS response and enforcement for events and meetups",
                        "https://numfocus.org/code-of-conduct/response-and-enforcement-events-meetups",
                        "Step-by-step incident response for organisers on the day.",
                    ),
                    _link(
                        "DjangoCon US Code of Conduct",
                        "https://2024.djangocon.us/conduct/",
                        "An example of an effective conference code.",
                    ),
                    _link(
                        "NumFOCUS DISCOVER cookbook: Code of Conduct",
                        "https://discover-cookbook.numfocus.org/07_code_of_conduct.html",
                        "Practical advice on diverse and inclusive events.",
                    ),
                    _link(
                        "Otter Tech Code of Conduct enforcement training",
                        "https://otter.technology/code-of-conduct-training/",
                        "The incident-response workshop our team members take.",
                    ),
                    _link(
                        "Otter Tech incident response workshop slides",
                        "https://gitlab.com/otter-tech/coc-incident-response-workshop/-/blob/master/incident-training-slides.pdf",
                        "Slides from the workshop, with practice scenarios.",
                    ),
                ],
            },
        ),
        (
            "licence",
            {
                "text": RichText(
                    "<p>This Code of Conduct is licensed under a "
                    '<a href="https://creativecommons.org/licenses/by/3.0/">Creative '
                    "Commons Attribution 3.0</a> licence: you are welcome to reuse and "
                    "adapt it for your own events. It draws on the "
                    '<a href="https://www.python.org/psf/conduct/">Python Software '
                    "Foundation Code of Conduct</a>, the "
                    '<a href="https://2024.djangocon.us/conduct/">DjangoCon US Code of '
                    "Conduct</a>, the Contributor Covenant enforcement guidelines and the "
                    "PSF Code of Conduct Working Group's best-practices guide for "
                    "events.</p>"
                )
            },
        ),
    ]


# Fictional people from fictional reports: the scan keeps them out of transparency reports.
PROTECTED_NAMES = [
    ("Jordan Kowalczyk", "Reported person, 2026 report"),
    ("Ngozi Okafor-Bright", "Reporter, 2026 report"),
    ("@jk_codes", "Chat handle of the reported person"),
]

PROMOTION = (
    "<p>The Code of Conduct was linked from every registration confirmation, shown on the "
    "opening slide of every day, printed on posters at each entrance and summarised on the "
    "back of every badge.</p>"
)
ENFORCEMENT = (
    "<p>Six team members, including two direct contacts for sensitive reports, were on call "
    "throughout the event, with an escalation contact outside the organising team.</p>"
)
DEMO_SPACES = {
    "event": [
        ("venue", "Harbour Hall", "talks, workshops and the evening social"),
        ("online", "Event chat", "for attendees in person and online"),
    ],
    "period": [
        ("online", "Forum", ""),
        ("online", "Mailing lists", ""),
        ("platform", "Voting platform", "elections and proposals"),
        ("platform", "Code host", "issues and pull requests"),
        ("venue", "Events", "meet-ups and sprints run by local organisers"),
    ],
}
TRANSPARENCY_REPORTS = [
    (
        2024,
        {
            "title": "Transparency report 2024",
            "event_name": "PyHarbour Conf 2024",
            "period_start": datetime.date(2024, 9, 18),
            "period_end": datetime.date(2024, 9, 20),
            "attendees_in_person": 310,
            "attendees_online": 90,
            "promotion": PROMOTION,
            "enforcement": ENFORCEMENT,
            "takeaways": "<p>We will keep the hotline staffed during the evening social.</p>",
        },
        [],
    ),
    (
        2025,
        {
            "title": "Transparency report 2025",
            "scope": "event",
            "event_name": "PyHarbour Conf 2025",
            "introduction": (
                "<p>What was reported to the Code of Conduct team at PyHarbour Conf 2025. We "
                "will update this post if anything reported later changes these figures.</p>"
            ),
            "closing": "<p>Thank you to everyone who spoke up and helped us do better.</p>",
            "period_start": datetime.date(2025, 9, 17),
            "period_end": datetime.date(2025, 9, 19),
            "attendees_in_person": 360,
            "attendees_online": 140,
            "promotion": PROMOTION,
            "enforcement": ENFORCEMENT,
            "reports": [
                (
                    "report",
                    {
                        "title": "A joke in a lightning talk",
                        "kind": "formal",
                        "cases": 1,
                        "categories": ["language"],
                        "summary": (
                            "A lightning talk included a joke that demeaned a group of "
                            "attendees. Several people reported it within minutes."
                        ),
                        "outcomes": [
                            {"outcome": "warning", "detail": ""},
                            {"outcome": "correction", "detail": "apology from the stage"},
                            {
                                "outcome": "correction",
                                "detail": "talk re-recorded without the slide",
                            },
                        ],
                        "resolution": (
                            "The speaker received a formal warning, apologised from the stage "
                            "and the recording was edited before publication."
                        ),
                    },
                ),
                (
                    "report",
                    {
                        "title": "Photographs",
                        "kind": "informal",
                        "categories": ["privacy"],
                        "summary": "An attendee was photographed after asking not to be.",
                        "outcomes": [{"outcome": "correction", "detail": "pictures deleted"}],
                        "resolution": "The photographer deleted the pictures when asked.",
                    },
                ),
            ],
            "takeaways": "<p>We briefed lightning-talk speakers on the Code of Conduct.</p>",
        },
        [("language", "warning", 1), ("privacy", "correction", 1)],
    ),
    (
        "2025-foundation",
        {
            "title": "Conduct working group report 2025",
            "scope": "period",
            "event_name": "PyHarbour Foundation",
            "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 12, 31),
            "introduction": (
                "<p>The working group's year across every space the Foundation runs: the "
                "forum, the mailing lists, the voting platform, the code host and events.</p>"
            ),
            "meetings_held": 24,
            "votes_taken": 9,
            "votes_reached_quorum": 7,
            "reports_received": 21,
            "distinct_issues": 16,
            "enforcement": (
                "<p>The working group meets every other week and votes on every sanction.</p>"
            ),
            "reports": [
                (
                    "report",
                    {
                        "title": "Threads that turned personal",
                        "kind": "formal",
                        "cases": 5,
                        "categories": ["language", "harassment"],
                        "summary": (
                            "Several forum threads about a governance proposal turned personal."
                        ),
                        "outcomes": [
                            {"outcome": "advice_given", "detail": "advised the forum's moderators"},
                            {"outcome": "temporary_ban", "detail": "one account suspended"},
                        ],
                    },
                ),
            ],
            "closing": "<p>Questions about this report go to the working group.</p>",
        },
        [
            ("harassment", "handled_by_others", "local organisers", "Events", 3),
            ("language", "advice_given", "advised the forum's moderators", "Forum", 4),
            ("language", "logged_only", "formally logged", "Mailing lists", 2),
            ("other", "unknown", "no clear follow-up", "Code host", 3),
            ("privacy", "warning", "", "Voting platform", 1),
            ("harassment", "temporary_ban", "", "Forum", 1),
            ("other", "not_a_violation", "", "", 2),
        ],
    ),
    (
        2026,
        {
            "title": "Transparency report 2026",
            "event_name": "PyHarbour Conf 2026",
            "period_start": datetime.date(2026, 9, 16),
            "period_end": datetime.date(2026, 9, 18),
            "attendees_in_person": 420,
            "attendees_online": 180,
            "promotion": PROMOTION,
            "enforcement": ENFORCEMENT,
            "reports": [
                (
                    "report",
                    {
                        "kind": "formal",
                        "category": "harassment",
                        "summary": (
                            "An attendee repeatedly followed another attendee between "
                            "sessions after being asked to stop."
                        ),
                        "outcome": "temporary_ban",
                        "resolution": (
                            "The attendee was removed for the rest of the conference and may "
                            "return next year after a conversation with the team."
                        ),
                    },
                ),
            ],
            "takeaways": "<p>We added a second direct contact to the evening shifts.</p>",
        },
        [("harassment", "temporary_ban", 1), ("other", "not_a_violation", 2)],
    ),
]


def _strip_block_ids(data):
    # StreamField block ids are random on every build, so they say nothing about content.
    if isinstance(data, dict):
        return {key: _strip_block_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_strip_block_ids(item) for item in data]
    return data


def _content(page, names):
    return {
        name: _strip_block_ids(
            page._meta.get_field(name).get_prep_value(
                page._meta.get_field(name).value_from_object(page)
            )
        )
        for name in names
    }


def ensure_page(parent, model, slug, values):
    """Create and publish the page, or republish it only if its content differs."""
    candidate = model(slug=slug, **values)
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        parent.add_child(instance=candidate)
        candidate.save_revision().publish()
        return candidate
    if _content(page, values) != _content(candidate, values) or not page.live:
        for name, value in values.items():
            setattr(page, name, value)
        page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = "Load a complete demo Code of Conduct for the fictional PyHarbour Conf 2027."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default=f"{DEMO_HOST}:{DEMO_PORT}",
            help="host:port the demo is served at (the Site's hostname and port, used by "
            "QR codes and printed URLs); `make demo DEMO_ADDRESS=...` passes it.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        host, port = parse_address(options["address"])
        team = self.ensure_team()
        main_venue = self.ensure_emergency_info(MAIN_VENUE)
        social_venue = self.ensure_emergency_info(SOCIAL_VENUE)
        short_version, _ = ShortVersion.objects.update_or_create(
            name="PyHarbour Conf 2027 short version",
            defaults={
                "text": SHORT_VERSION_TEXT,
                "contact_note": "or ask anyone in a purple lanyard",
                "live": True,
            },
        )
        site = Site.objects.filter(is_default_site=True).first()
        home = self.ensure_home(site, team, main_venue, short_version)
        if site is None:
            site = Site(root_page=home, is_default_site=True)
        # Full URLs, such as the QR codes on the signs, point at the demo server.
        site.hostname, site.port, site.site_name = host, port, SITE_NAME
        site.save()

        report_page = ensure_page(
            home,
            IncidentReportPage,
            "report",
            {
                "title": "Report an incident",
                "intro": (
                    "<p>The Code of Conduct team reads this form during the conference and "
                    "answers within an hour, within a day otherwise. You can stay anonymous: "
                    "keep your receipt code to read our replies and add information. We can "
                    "act on an anonymous report, but we cannot ask you questions.</p>"
                ),
            },
        )
        coc_page = ensure_page(
            home,
            CodeOfConductPage,
            "code-of-conduct",
            {
                "title": "Code of Conduct",
                "search_description": (
                    "How we expect everyone at PyHarbour Conf 2027 to behave, how to reach "
                    "the Code of Conduct team and what happens after a report."
                ),
                "intro": (
                    "<p>PyHarbour Conf 2027 is a community conference about Python, held "
                    "on the San Francisco waterfront from 15 to 17 September 2027. We want "
                    "it to be a friendly, safe and harassment-free experience for "
                    "<b>everyone</b>. Everybody who takes part agrees to this Code of "
                    "Conduct when they register, speak, sponsor or volunteer.</p>"
                ),
                "version_label": "2027.1",
                "effective_date": datetime.date(2027, 3, 1),
                "team": team,
                "emergency_info": main_venue,
                "body": coc_body(
                    social_venue, site_url(host, port) + report_page.relative_url(site)
                ),
            },
        )
        if short_version.coc_page_id != coc_page.pk:
            short_version.coc_page = coc_page
            short_version.save(update_fields=["coc_page"])
        # The home page links to the CoC page, which only exists once home does.
        ensure_page(
            home.get_parent(),
            HomePage,
            home.slug,
            self.home_values(team, main_venue, short_version, coc_page),
        )

        coc_settings = CoCSettings.for_site(site)
        coc_settings.default_coc_page = coc_page
        coc_settings.default_team = team
        coc_settings.default_emergency_info = main_venue
        coc_settings.save()

        # Casework: the conference's dates and its Code of Conduct set the deadlines.
        Event.objects.update_or_create(
            name="PyHarbour Conf 2027",
            defaults={
                "starts_on": datetime.date(2027, 9, 15),
                "ends_on": datetime.date(2027, 9, 17),
                "code_of_conduct": coc_page,
            },
        )
        self.ensure_transparency_reports(home)
        self.ensure_protected_names(site)
        admin = self.ensure_admin()
        self.ensure_coc_groups(admin)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content for {SITE_NAME} is ready at {coc_page.url}")
        )
        self.stdout.write(
            f"Admin: {site_url(host, port)}/admin/  user: {ADMIN_USERNAME}  "
            f"password: {ADMIN_PASSWORD}"
        )

    def ensure_team(self):
        team, _ = CoCTeam.objects.update_or_create(
            name="PyHarbour Conf 2027 Code of Conduct team",
            defaults={
                "shared_email": TEAM_EMAIL,
                "hotline": normalise(HOTLINE, REGION),
                "region": REGION,
                "introduction": TEAM_INTRODUCTION,
                "live": True,
            },
        )
        for order, member in enumerate(MEMBERS):
            defaults = {**member, "sort_order": order}
            name = defaults.pop("name")
            if defaults["phone"]:
                defaults["phone"] = normalise(defaults["phone"], REGION)
            CommitteeMember.objects.update_or_create(team=team, name=name, defaults=defaults)
        return team

    def ensure_emergency_info(self, data):
        info, _ = EmergencyInfo.objects.update_or_create(
            name=data["name"],
            defaults={
                key: value for key, value in data.items() if key not in ("name", "numbers", "web")
            }
            | {"region": REGION},
        )
        entries = [(kind, label, number, "") for kind, label, number in data["numbers"]]
        entries += [(kind, label, "", url) for kind, label, url in data.get("web", [])]
        for order, (kind, label, number, url) in enumerate(entries):
            # An entry is a number to dial or, for some services, a web address.
            EmergencyNumber.objects.update_or_create(
                info=info,
                kind=kind,
                defaults={
                    "label": label,
                    "number": normalise(number, REGION) if number else "",
                    "url": url,
                    "sort_order": order,
                },
            )
        return info

    @staticmethod
    def home_values(team, main_venue, short_version, coc_page):
        coc_link = (
            f'<a linktype="page" id="{coc_page.pk}">Code of Conduct</a>'
            if coc_page
            else "Code of Conduct"
        )
        return {
            "title": SITE_NAME,
            "seo_title": "Welcome",
            "intro": (
                "<p>Three days of talks, tutorials and sprints on the San Francisco "
                "waterfront, 15 to 17 September 2027, organised by volunteers from the "
                "Bay Area Python community.</p>"
                f"<p>Everyone taking part follows our {coc_link}. Here is the short "
                "version, who to talk to and what to do in an emergency.</p>"
            ),
            "body": [
                ("coc_short_version", short_version),
                ("coc_team", team),
                ("emergency_info", main_venue),
            ],
        }

    def ensure_home(self, site, team, main_venue, short_version):
        values = self.home_values(team, main_venue, short_version, None)
        old_root = site.root_page.specific if site else None
        if isinstance(old_root, HomePage):
            return old_root
        tree_root = Page.get_first_root_node()
        removable = type(old_root) is Page
        slug = "home"
        if old_root is not None and old_root.slug == slug:
            if removable:
                # Frees the slug for the new home page; the old root is removed below.
                old_root.slug = f"welcome-{old_root.pk}"
                old_root.save()
            else:
                slug = "pyharbour-conf-2027"
        home = ensure_page(tree_root, HomePage, slug, values)
        if site is not None:
            site.root_page = home
            site.save(update_fields=["root_page"])
        if old_root is not None:
            for child in old_root.get_children():
                child.move(home, pos="last-child")
            # Only Wagtail's stock welcome page is removed; a project's own page is kept.
            if removable:
                Page.objects.get(pk=old_root.pk).delete()
        # Moving pages changed the tree under both pages; treebeard needs fresh copies.
        return HomePage.objects.get(pk=home.pk)

    def ensure_admin(self):
        User = get_user_model()
        admin = User.objects.filter(username=ADMIN_USERNAME).first()
        if admin is None:
            admin = User.objects.create_superuser(
                ADMIN_USERNAME, "admin@pyharbour.example", ADMIN_PASSWORD
            )
        return admin

    @staticmethod
    def ensure_coc_groups(admin):
        """Groups, permissions and workflow as ``manage.py coc_setup`` makes them; the demo
        admin plays the CoC team, its lead and the report reviewer, to show them all."""
        result = set_up_site()
        groups = [result.team_group, result.reviewers_group, team_lead_group_name()]
        admin.groups.add(*Group.objects.filter(name__in=groups))

    @staticmethod
    def ensure_protected_names(site):
        known = set(protected_names_for_site(site))
        for name, note in PROTECTED_NAMES:
            if name not in known:
                ProtectedName.objects.create(site=site, value=name, note=note)

    @staticmethod
    def ensure_transparency_reports(home):
        index = ensure_page(
            home,
            TransparencyReportIndexPage,
            "transparency",
            {
                "title": "Transparency reports",
                "intro": (
                    "<p>After every conference we publish what was reported to the Code of "
                    "Conduct team and how it was resolved. Reports never name the people "
                    "involved.</p>"
                ),
            },
        )
        for year, values, statistics in TRANSPARENCY_REPORTS:
            if TransparencyReportPage.objects.child_of(index).filter(slug=str(year)).exists():
                continue
            report = TransparencyReportPage(slug=str(year), **values)
            report.spaces = [
                TransparencyReportSpace(kind=kind, name=name, description=description)
                for kind, name, description in DEMO_SPACES[report.scope]
            ]
            report.statistics = [
                TransparencyStatistic(
                    category=row[0],
                    outcome=row[1],
                    count=row[-1],
                    detail=row[2] if len(row) == 5 else "",
                    space=row[3] if len(row) == 5 else "",
                )
                for row in statistics
            ]
            index.add_child(instance=report)
            report.save_revision().publish()
