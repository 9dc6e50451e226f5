"""The best-practice checklist: rules that read a snapshot of a Code of Conduct.

Pure Python, importable without Django settings, so the rules can be tested (and reused,
e.g. in CI tooling) on plain data. ``wagtail_coc.audit`` builds the snapshot from a page and
translates the results.

Messages are marked with ``gettext_noop`` so ``makemessages`` extracts them, and their
``%(name)s`` parameters travel separately in ``CheckResult.params``: the Django side
translates first, then formats.

Gender descriptions are used only for counting: no message ever contains one.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum

from wagtail_coc.personal_email import looks_personal


def gettext_noop(message: str) -> str:
    """Marks a message for translation without translating it; Django extracts this name."""
    return message


class Status(StrEnum):
    MET = "met"
    MISSING = "missing"
    WARNING = "warning"


STATUS_LABELS = {
    Status.MET: gettext_noop("Met"),
    Status.MISSING: gettext_noop("Missing"),
    Status.WARNING: gettext_noop("Warning"),
}

ESCALATION_ROLE = "escalation"


@dataclass(frozen=True)
class Section:
    """One body block, reduced to what the rules need.

    ``has_content`` is False for a block that is present but left empty. The other facts
    only matter for their block type: ``channel_count`` and ``shows_team`` for
    ``reporting``, ``contact_email`` and ``shows_escalation_contacts`` for
    ``conflict_of_interest``, ``emergency_number_count`` for ``emergency_info``.
    """

    block_type: str
    has_content: bool
    channel_count: int = 0
    shows_team: bool = False
    contact_email: str = ""
    shows_escalation_contacts: bool = False
    emergency_number_count: int = 0
    # ``procedure``: whether it commits to response times (structured or in its text).
    has_response_times: bool = False
    # ``emergency_info``: kinds of its entries (numbers or web addresses).
    emergency_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Member:
    name: str
    role: str = "member"
    # True when the public page offers a way to reach them: a published email, phone or
    # chat handle, or where and when to find them at the event.
    has_contact: bool = False
    is_direct_contact: bool = False
    # A team member also listed as a conflict-of-interest contact.
    is_conflict_contact: bool = False
    gender_description: str = field(default="", repr=False)


@dataclass(frozen=True)
class Team:
    name: str
    shared_email: str
    members: tuple[Member, ...] = ()

    @property
    def roster(self) -> tuple[Member, ...]:
        """The team proper: escalation contacts are outside people, not team members."""
        return tuple(member for member in self.members if member.role != ESCALATION_ROLE)

    @property
    def escalation_contacts(self) -> tuple[Member, ...]:
        return tuple(member for member in self.members if member.role == ESCALATION_ROLE)

    @property
    def conflict_contacts(self) -> tuple[Member, ...]:
        """Escalation contacts and members flagged as conflict-of-interest contacts."""
        return tuple(
            member
            for member in self.members
            if member.role == ESCALATION_ROLE or member.is_conflict_contact
        )


@dataclass(frozen=True)
class CoCDocument:
    sections: tuple[Section, ...] = ()
    team: Team | None = None
    # Numbers on the page's own emergency information (the box at the top of the page).
    emergency_number_count: int = 0
    # Kinds of the entries (numbers or web addresses) of the page's emergency information.
    emergency_kinds: tuple[str, ...] = ()
    # No venue: crisis and online-safety contacts replace venue emergency numbers.
    online_only: bool = False
    # Starter-set placeholders ("[REPLACE: ...]") still in the set's text.
    placeholders: tuple[str, ...] = ()

    def filled_sections(self, block_type: str) -> list[Section]:
        return [s for s in self.sections if s.block_type == block_type and s.has_content]


@dataclass(frozen=True)
class CheckResult:
    key: str
    status: Status
    required: bool
    title: str
    explanation: str
    fix: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    required: bool

    def result(self, status, explanation, fix="", **params) -> CheckResult:
        return CheckResult(
            key=self.key,
            status=status,
            required=self.required,
            title=self.title,
            explanation=explanation,
            fix=fix,
            params=params,
        )


def _section_rule(key, block_type, title, met, missing, fix):
    rule = Rule(key, title, required=True)

    def check(document: CoCDocument) -> CheckResult:
        if document.filled_sections(block_type):
            return rule.result(Status.MET, met)
        return rule.result(Status.MISSING, missing, fix)

    return check


check_expected_behaviour = _section_rule(
    "expected_behaviour",
    "expected_behaviour",
    gettext_noop("Expected behaviour"),
    gettext_noop("The page describes the behaviour expected from everyone."),
    gettext_noop(
        "An effective Code of Conduct says how people are expected to behave, e.g. respect "
        "each other and keep discussions constructive. The page has no filled-in "
        "“Expected behaviour” section."
    ),
    gettext_noop("Add an “Expected behaviour” section and list at least one behaviour."),
)

check_unacceptable_behaviour = _section_rule(
    "unacceptable_behaviour",
    "unacceptable_behaviour",
    gettext_noop("Unacceptable behaviour"),
    gettext_noop("The page lists behaviour that is not acceptable."),
    gettext_noop(
        "An effective Code of Conduct names unacceptable behaviour, e.g. verbal or physical "
        "abuse and discrimination. The page has no filled-in “Unacceptable behaviour” section."
    ),
    gettext_noop("Add an “Unacceptable behaviour” section and list at least one behaviour."),
)

check_consequences = _section_rule(
    "consequences",
    "consequences",
    gettext_noop("Consequences"),
    gettext_noop("The page explains the consequences of unacceptable behaviour."),
    gettext_noop(
        "People should know what can happen after unacceptable behaviour, from being asked "
        "to stop to being removed from the event. The page has no filled-in “Consequences” "
        "section."
    ),
    gettext_noop("Add a “Consequences” section with at least one step of the enforcement ladder."),
)

check_scope = _section_rule(
    "scope",
    "scope",
    gettext_noop("Scope"),
    gettext_noop("The page says who the Code of Conduct applies to and where."),
    gettext_noop(
        "The Code of Conduct should say where it applies, e.g. the venue, the event's online "
        "spaces and official social events. The page has no filled-in “Scope” section."
    ),
    gettext_noop("Add a “Scope” section and tick the people and places it covers."),
)

PROCEDURE = Rule("procedure", gettext_noop("Procedure for handling reports"), required=True)

# "within 24 hours", "in two business days", "48h": a commitment written in the text.
RESPONSE_TIME_PATTERN = re.compile(
    r"\b(?:within|in|under|no later than)\s+(?:\d+|one|two|three|four|five|seven|"
    r"twenty-four|forty-eight|a|an)\s*(?:business\s+|working\s+)?"
    r"(?:h|hrs?|hours?|days?|weeks?|minutes?)\b|\b\d+\s*(?:h|hours?)\b",
    re.IGNORECASE,
)


def mentions_response_time(text: str) -> bool:
    return bool(RESPONSE_TIME_PATTERN.search(text or ""))


def check_procedure(document: CoCDocument) -> CheckResult:
    sections = document.filled_sections("procedure")
    if not sections:
        return PROCEDURE.result(
            Status.MISSING,
            gettext_noop(
                "Knowing how reports are handled, how confidentiality is kept and what "
                "responses to expect reassures people who report. The page has no filled-in "
                "“What happens after a report” section."
            ),
            gettext_noop("Add a “What happens after a report” section describing the procedure."),
        )
    if any(s.has_response_times for s in sections) or any(
        s.has_response_times for s in document.filled_sections("reporting")
    ):
        return PROCEDURE.result(
            Status.MET,
            gettext_noop("The page describes what happens after a report and when."),
        )
    return PROCEDURE.result(
        Status.MISSING,
        gettext_noop(
            "The procedure does not say when people will hear back. Someone who reports needs "
            "to know how soon their report is acknowledged and acted on."
        ),
        gettext_noop(
            "Add response-time commitments to “What happens after a report”, e.g. "
            "“Acknowledgement: within 24 hours”."
        ),
    )


REPORTING = Rule("reporting", gettext_noop("Reporting channels"), required=True)


def check_reporting(document: CoCDocument) -> CheckResult:
    if any(s.channel_count for s in document.filled_sections("reporting")):
        return REPORTING.result(
            Status.MET, gettext_noop("The page lists ways to report an incident.")
        )
    if document.team and document.team.shared_email:
        return REPORTING.result(
            Status.MET,
            gettext_noop("Reports can be sent to the team's shared address %(email)s."),
            email=document.team.shared_email,
        )
    return REPORTING.result(
        Status.MISSING,
        gettext_noop(
            "People need to know how to report (email, phone, in person...) and to whom. The "
            "page lists no reporting channel and has no team with a shared address."
        ),
        gettext_noop(
            "Add a “How to report” section with at least one channel, or choose the Code of "
            "Conduct team on the page."
        ),
    )


SHARED_EMAIL = Rule("shared_email", gettext_noop("Dedicated shared reporting email"), required=True)


def check_shared_email(document: CoCDocument) -> CheckResult:
    team = document.team
    if team is None or not team.shared_email:
        return SHARED_EMAIL.result(
            Status.MISSING,
            gettext_noop(
                "A dedicated address the whole team reads lets members take turns answering, "
                "so reports never depend on one person. The page has no team with a shared "
                "address."
            ),
            gettext_noop(
                "Choose a Code of Conduct team with a shared address such as "
                "conduct@your-event.org."
            ),
        )
    # Escalation contacts are often organisations ("PSF Conduct WG") whose names share
    # words with a team alias, and an address carrying their name is not a team member's.
    if looks_personal(team.shared_email, [member.name for member in team.roster]):
        return SHARED_EMAIL.result(
            Status.MISSING,
            gettext_noop(
                "%(email)s looks like a personal mailbox (a personal email provider or a team "
                "member's name). Reports sent there depend on one person being available."
            ),
            gettext_noop(
                "Give the team “%(team)s” a dedicated shared address on the event's domain "
                "that several members read."
            ),
            email=team.shared_email,
            team=team.name,
        )
    return SHARED_EMAIL.result(
        Status.MET,
        gettext_noop("The team uses the dedicated shared address %(email)s."),
        email=team.shared_email,
    )


TEAM = Rule("team", gettext_noop("Named team with contacts"), required=True)


def check_team(document: CoCDocument) -> CheckResult:
    team = document.team
    if team is None:
        return TEAM.result(
            Status.MISSING,
            gettext_noop(
                "Reports should be handled by an independent team, and the community should "
                "know who its members are and how to reach them. The page has no team."
            ),
            gettext_noop("Choose the Code of Conduct team in the page's team field."),
        )
    if not team.roster:
        return TEAM.result(
            Status.MISSING,
            gettext_noop(
                "The community should know who handles reports. The team “%(team)s” has no "
                "members apart from escalation contacts."
            ),
            gettext_noop("Add the team's members to “%(team)s”."),
            team=team.name,
        )
    if not any(s.shows_team for s in document.filled_sections("reporting")):
        return TEAM.result(
            Status.WARNING,
            gettext_noop(
                "The team “%(team)s” is chosen but the page does not show its members: only a "
                "“How to report” section with “List the team and its contacts” ticked does."
            ),
            gettext_noop(
                "Add a “How to report” section and tick “List the team and its contacts”."
            ),
            team=team.name,
        )
    if not any(member.has_contact for member in team.roster):
        return TEAM.result(
            Status.WARNING,
            gettext_noop(
                "The page names the members of “%(team)s”, but none of them can be reached "
                "except through the shared address."
            ),
            gettext_noop(
                "For some members, publish a contact (email, phone or chat handle) or say "
                "where and when to find them at the event."
            ),
            team=team.name,
        )
    return TEAM.result(
        Status.MET,
        gettext_noop("The page names the members of “%(team)s” and how to reach them."),
        team=team.name,
    )


CONFLICT_OF_INTEREST = Rule(
    "conflict_of_interest", gettext_noop("Conflict-of-interest path"), required=True
)


def check_conflict_of_interest(document: CoCDocument) -> CheckResult:
    sections = document.filled_sections("conflict_of_interest")
    if not sections:
        return CONFLICT_OF_INTEREST.result(
            Status.MISSING,
            gettext_noop(
                "If a report concerns a team member or an organiser, people need precise "
                "instructions on where else to report. The page has no filled-in “Conflict of "
                "interest” section."
            ),
            gettext_noop(
                "Add a “Conflict of interest” section naming an independent contact, e.g. "
                "your foundation's conduct working group."
            ),
        )
    escalation_reachable = document.team is not None and any(
        member.has_contact for member in document.team.conflict_contacts
    )
    shared = document.team.shared_email.casefold() if document.team else ""
    independent_email = any(
        s.contact_email and s.contact_email.strip().casefold() != shared for s in sections
    )
    if (
        not independent_email
        and not escalation_reachable
        and shared
        and any(s.contact_email for s in sections)
    ):
        return CONFLICT_OF_INTEREST.result(
            Status.WARNING,
            gettext_noop(
                "The conflict-of-interest contact %(email)s is the team's own shared address: "
                "a report about a team member would reach that member. It is not an "
                "independent path."
            ),
            gettext_noop(
                "Give an address outside the team, e.g. your foundation's conduct working "
                "group, or mark a reachable member as a conflict-of-interest contact."
            ),
            email=document.team.shared_email,
        )
    if any(
        (s.contact_email and s.contact_email.strip().casefold() != shared)
        or (s.shows_escalation_contacts and escalation_reachable)
        for s in sections
    ):
        return CONFLICT_OF_INTEREST.result(
            Status.MET,
            gettext_noop(
                "The page says whom to contact when a report concerns the team or organisers."
            ),
        )
    return CONFLICT_OF_INTEREST.result(
        Status.WARNING,
        gettext_noop(
            "The “Conflict of interest” section gives neither an independent contact email nor "
            "a reachable escalation contact, so unless its text names one, people do not know "
            "whom to contact."
        ),
        gettext_noop(
            "Fill in the section's independent contact email, or add an escalation contact "
            "with a published contact to the team and tick “List the team's escalation "
            "contacts”."
        ),
    )


DIRECT_CONTACTS = Rule(
    "direct_contacts", gettext_noop("Direct contacts of different genders"), required=False
)


def normalise_gender(description: str) -> str:
    return re.sub(r"\s+", " ", description).strip().casefold()


def check_direct_contacts(document: CoCDocument) -> CheckResult:
    direct = [m for m in document.team.members if m.is_direct_contact] if document.team else []
    if not direct:
        return DIRECT_CONTACTS.result(
            Status.WARNING,
            gettext_noop(
                "The guide recommends, where possible, at least two people of different "
                "genders whom people can contact directly with a sensitive report. No team "
                "member is marked as a direct contact."
            ),
            gettext_noop(
                "In the team, tick “direct contact for sensitive reports” for at least two "
                "members who agree to it."
            ),
        )
    genders = {normalise_gender(m.gender_description) for m in direct} - {""}
    if len(genders) >= 2:
        return DIRECT_CONTACTS.result(
            Status.MET,
            gettext_noop(
                "People can choose between direct contacts of different genders for sensitive "
                "reports."
            ),
        )
    return DIRECT_CONTACTS.result(
        Status.WARNING,
        gettext_noop(
            "The guide recommends, where possible, at least two direct contacts of different "
            "genders, so that someone making a sensitive report can choose whom to approach. "
            "The direct contacts do not include two different genders, or not all of them "
            "gave one (gender is optional and only counted here, never shown)."
        ),
        gettext_noop(
            "If team members are willing, make people of different genders direct contacts "
            "and record, in their own words, the gender they chose to give."
        ),
    )


EMERGENCY_NUMBERS = Rule("emergency_numbers", gettext_noop("Emergency numbers"), required=True)


ONLINE_KINDS = {"crisis_line", "online_safety"}


def check_online_contacts(document: CoCDocument) -> CheckResult:
    kinds = set(document.emergency_kinds)
    for section in document.filled_sections("emergency_info"):
        kinds.update(section.emergency_kinds)
    missing = sorted(ONLINE_KINDS - kinds)
    if not missing:
        return EMERGENCY_NUMBERS.result(
            Status.MET,
            gettext_noop("The page shows crisis and online-safety contacts for an online event."),
        )
    return EMERGENCY_NUMBERS.result(
        Status.MISSING,
        gettext_noop(
            "An online event has no venue, but people in danger or harassed online still need "
            "help at hand: a crisis line and an online-safety service (a number or a web "
            "address)."
        ),
        gettext_noop(
            "Add a “Crisis line” and an “Online safety” entry to the page's emergency information."
        ),
    )


def check_emergency_numbers(document: CoCDocument) -> CheckResult:
    if document.online_only:
        return check_online_contacts(document)
    if document.emergency_number_count or any(
        s.emergency_number_count for s in document.filled_sections("emergency_info")
    ):
        return EMERGENCY_NUMBERS.result(
            Status.MET, gettext_noop("The page shows emergency numbers.")
        )
    return EMERGENCY_NUMBERS.result(
        Status.MISSING,
        gettext_noop(
            "Someone in danger needs emergency numbers at hand: emergency services, police, "
            "building security. The page shows no emergency information with a number."
        ),
        gettext_noop(
            "Choose emergency information with at least one number in the page's emergency "
            "information field."
        ),
    )


PLACEHOLDER_PATTERN = re.compile(r"\[REPLACE:\s*([^\]]{1,200})\]")

PLACEHOLDERS = Rule("placeholders", gettext_noop("No placeholders left"), required=True)


def find_placeholders(text: str) -> tuple[str, ...]:
    """What each "[REPLACE: ...]" placeholder of ``text`` asks for, each once, in order."""
    found = []
    for match in PLACEHOLDER_PATTERN.finditer(text or ""):
        what = " ".join(match.group(1).split())
        if what not in found:
            found.append(what)
    return tuple(found)


def check_placeholders(document: CoCDocument) -> CheckResult:
    if not document.placeholders:
        return PLACEHOLDERS.result(
            Status.MET, gettext_noop("The text has no starter-set placeholders left.")
        )
    return PLACEHOLDERS.result(
        Status.MISSING,
        gettext_noop(
            "The text still has %(count)s starter-set placeholders, e.g. “%(first)s”. Until "
            "they are replaced, readers see instructions instead of your details."
        ),
        gettext_noop("Replace every “[REPLACE: …]” with your own text, on every page of the set."),
        count=str(len(document.placeholders)),
        first=document.placeholders[0],
    )


# In the guide's order. Everything the guide lists as what an effective Code of Conduct
# "should have" or as enforcement that "needs to be spelled out" is required, as are the
# conflict-of-interest path and emergency numbers, which are cheap to provide and matter
# most when something goes wrong. Different genders is required only "if possible".
RULES = (
    check_expected_behaviour,
    check_unacceptable_behaviour,
    check_consequences,
    check_scope,
    check_reporting,
    check_team,
    check_shared_email,
    check_procedure,
    check_conflict_of_interest,
    check_direct_contacts,
    check_emergency_numbers,
    check_placeholders,
)


def run_checklist(document: CoCDocument) -> list[CheckResult]:
    return [rule(document) for rule in RULES]
