"""Runs the best-practice checklist on a Code of Conduct page.

``snapshot_page`` turns a page (live, draft or the editor's in-memory instance) into the
checklist's plain data in a fixed number of queries, whatever the size of the page;
``audit_page`` runs the rules and translates their messages.
"""

import json
from dataclasses import asdict, dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext

from wagtail_coc import checklist
from wagtail_coc.models import CoCTeam, EmergencyNumber
from wagtail_coc.models.companions import COMPANION_MODELS

BEHAVIOUR_BLOCKS = {"expected_behaviour", "unacceptable_behaviour"}


def _has_text(value) -> bool:
    source = getattr(value, "source", value)
    return bool(strip_tags(source or "").strip())


def _any_text(items) -> bool:
    return any(_has_text(item) for item in items or ())


def _has_content(block_type, value) -> bool:
    if _has_text(value.get("intro")):
        return True
    if block_type in BEHAVIOUR_BLOCKS:
        return _any_text(value.get("behaviours"))
    if block_type == "consequences":
        return _any_text(value.get("actions")) or any(
            (step.get("name") or "").strip() or (step.get("what_happens") or "").strip()
            for step in value.get("ladder") or ()
        )
    if block_type == "scope":
        return bool(
            value.get("people")
            or value.get("places")
            or _any_text(value.get("other_people"))
            or _any_text(value.get("other_places"))
            or _has_text(value.get("details"))
        )
    if block_type == "procedure":
        return _has_text(value.get("body")) or bool(value.get("response_times"))
    if block_type == "conflict_of_interest":
        return _has_text(value.get("body")) or bool(value.get("contact_email"))
    return True


def _text_of(value) -> str:
    return strip_tags(getattr(value, "source", value) or "")


def _section(block_type, value, entries) -> checklist.Section:
    if block_type == "emergency_info":
        info_entries = entries.get(value, [])
        count = sum(1 for _kind, number in info_entries if number)
        return checklist.Section(
            block_type,
            has_content=bool(info_entries),
            emergency_number_count=count,
            emergency_kinds=tuple(kind for kind, _number in info_entries),
        )
    if block_type == "reporting":
        channels = sum(
            1 for channel in value.get("channels") or () if (channel.get("label") or "").strip()
        )
        return checklist.Section(
            block_type,
            has_content=bool(channels or value.get("show_team") or _has_text(value.get("intro"))),
            channel_count=channels,
            shows_team=bool(value.get("show_team")),
            has_response_times=bool((value.get("response_time") or "").strip()),
        )
    if block_type == "procedure":
        text = " ".join(_text_of(value.get(name)) for name in ("intro", "body"))
        return checklist.Section(
            block_type,
            has_content=_has_content(block_type, value),
            has_response_times=bool(value.get("response_times"))
            or checklist.mentions_response_time(text),
        )
    if block_type == "conflict_of_interest":
        return checklist.Section(
            block_type,
            has_content=_has_content(block_type, value),
            contact_email=value.get("contact_email") or "",
            shows_escalation_contacts=bool(value.get("show_escalation_contacts")),
        )
    return checklist.Section(block_type, has_content=_has_content(block_type, value))


def _member(member) -> checklist.Member:
    has_contact = bool(
        (member.email and member.publish_email)
        or (member.phone and member.publish_phone)
        or (member.chat_handle and member.publish_chat_handle)
        or member.availability.strip()
    )
    return checklist.Member(
        name=member.name,
        role=member.role,
        has_contact=has_contact,
        is_direct_contact=member.is_direct_contact,
        is_conflict_contact=member.is_conflict_contact,
        gender_description=member.gender_description,
    )


def _team(team_id) -> checklist.Team | None:
    # Only what the public page shows: a team never published is not on it.
    team = CoCTeam.objects.prefetch_related("members").filter(pk=team_id, live=True).first()
    if team is None:
        return None
    return checklist.Team(
        name=team.name,
        shared_email=team.shared_email,
        members=tuple(_member(member) for member in team.members.all()),
    )


def _blocks(stream):
    blocks = []
    for index, raw in enumerate(stream.raw_data):
        if raw["type"] == "emergency_info":
            # The chosen snippet's id is all the rules need; loading it would cost a query.
            blocks.append((raw["type"], raw["value"]))
        else:
            blocks.append((raw["type"], stream[index].value))
    return blocks


def companions_of(page):
    """The live companion pages of a Code of Conduct page (one query per companion type),
    in the page tree's order: what the public sees of its CoC set."""
    if not page.pk or not hasattr(page, "version_label"):
        return []
    pages = [
        companion for model in COMPANION_MODELS for companion in model.objects.child_of(page).live()
    ]
    return sorted(pages, key=lambda companion: companion.path)


def snapshot_page(page, companions=None) -> checklist.CoCDocument:
    """The checklist's view of ``page`` and its CoC set as one document, in at most three
    queries (numbers, team, members) plus one per companion page type.

    ``companions`` defaults to the page's live companion pages.
    """
    if companions is None:
        companions = companions_of(page)
    blocks = _blocks(page.body)
    for companion in companions:
        blocks += _blocks(companion.body)
    info_ids = {info_id for block_type, info_id in blocks if block_type == "emergency_info"}
    info_ids.discard(None)
    if page.emergency_info_id:
        info_ids.add(page.emergency_info_id)
    entries = {}
    if info_ids:
        rows = (
            EmergencyNumber.objects.filter(info_id__in=info_ids, info__live=True)
            .exclude(number="", url="")
            .order_by("info_id", "sort_order")
            .values_list("info_id", "kind", "number")
        )
        for info_id, kind, number in rows:
            entries.setdefault(info_id, []).append((kind, number))
    page_entries = entries.get(page.emergency_info_id, [])
    texts = [
        page.title,
        getattr(page, "intro", "") or "",
        json.dumps(list(page.body.raw_data), default=str, ensure_ascii=False),
    ]
    for companion in companions:
        texts += [
            companion.title,
            companion.intro or "",
            json.dumps(list(companion.body.raw_data), default=str, ensure_ascii=False),
        ]
    return checklist.CoCDocument(
        placeholders=checklist.find_placeholders(" ".join(texts)),
        sections=tuple(_section(block_type, value, entries) for block_type, value in blocks),
        team=_team(page.team_id) if page.team_id else None,
        emergency_number_count=sum(1 for _kind, number in page_entries if number),
        emergency_kinds=tuple(kind for kind, _number in page_entries),
        online_only=bool(getattr(page, "online_only", False)),
    )


def _translate(message, params):
    text = gettext(message)
    return text % params if params else text


@dataclass(frozen=True)
class AuditResult:
    key: str
    status: str
    required: bool
    status_label: str
    title: str
    explanation: str
    fix: str

    @classmethod
    def from_check(cls, result: checklist.CheckResult) -> "AuditResult":
        return cls(
            key=result.key,
            status=str(result.status),
            required=result.required,
            status_label=gettext(checklist.STATUS_LABELS[result.status]),
            title=_translate(result.title, result.params),
            explanation=_translate(result.explanation, result.params),
            fix=_translate(result.fix, result.params) if result.fix else "",
        )

    @property
    def is_missing_required(self) -> bool:
        return self.required and self.status == checklist.Status.MISSING


@dataclass(frozen=True)
class AuditReport:
    page_id: int | None
    page_title: str
    results: tuple[AuditResult, ...]

    @property
    def missing(self) -> list[AuditResult]:
        return [result for result in self.results if result.is_missing_required]

    @property
    def missing_count(self) -> int:
        return len(self.missing)

    @property
    def passed(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict:
        return {
            "page_id": self.page_id,
            "page_title": self.page_title,
            "passed": self.passed,
            "missing_count": self.missing_count,
            "results": [asdict(result) for result in self.results],
        }


def audit_page(page, companions=None) -> AuditReport:
    """The checklist of ``page``'s CoC set; ``companions`` default to its live companions."""
    results = checklist.run_checklist(snapshot_page(page, companions))
    return AuditReport(
        page_id=page.pk,
        page_title=page.title,
        results=tuple(AuditResult.from_check(result) for result in results),
    )
