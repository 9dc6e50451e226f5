"""What the reporter's page does: report, then come back with the receipt code.

Nothing about the reporter's connection is kept with a report: no address, browser, cookie
or session. The per-address rate limits live only in the cache, under a keyed hash of the
address that expires within the hour. Nothing here logs.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail_coc import conf
from wagtail_coc.casework.cases import Case, CaseAttachment, CaseMessage, Recusal
from wagtail_coc.casework.crypto import (
    display_receipt_code,
    hash_receipt_code,
    keyed_digest,
    new_receipt_code,
)
from wagtail_coc.casework.forms import (
    AddInformationForm,
    AttachmentsForm,
    ReceiptCodeForm,
    ReportForm,
)
from wagtail_coc.casework.notifications import Reason
from wagtail_coc.casework.tasks import notify_after_commit

HOUR = 60 * 60
# How long a double submit can still show the receipt code of the first.
IDEMPOTENCY_SECONDS = 60 * 60
PENDING = "pending"


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _limit_key(request, kind: str) -> str:
    return f"wagtail_coc:casework:{kind}:{keyed_digest(kind, _address(request))}"


def limit_reached(request, kind: str, limit: int) -> bool:
    """Whether this address already made ``limit`` counted attempts of ``kind`` this hour."""
    return (cache.get(_limit_key(request, kind)) or 0) >= limit


def over_limit(request, kind: str, limit: int) -> bool:
    """Count one more ``kind`` of attempt from this address; True past ``limit`` an hour."""
    key = _limit_key(request, kind)
    cache.add(key, 0, HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, HOUR)
        count = 1
    return count > limit


def _idempotency(token: str):
    """The cache key of a form's token, and the Fernet that seals its receipt code.

    The cache holds the receipt code only encrypted with a key derived from the token, which
    only the reporter's browser has."""
    key = "wagtail_coc:casework:submitted:" + keyed_digest("token", token)
    secret = hashlib.sha256(b"wagtail-coc receipt seal\x1f" + token.encode()).digest()
    return key, Fernet(base64.urlsafe_b64encode(secret))


def submit_report(form: ReportForm, site, attachments=()) -> tuple[Case | None, str | None]:
    """Open a case from a valid form and its cleaned ``attachments``; returns the case (None
    for a repeat) and the receipt code to show. A repeat of the same form shows the first
    submission's code again."""
    data = form.cleaned_data
    key, seal = _idempotency(data["token"])
    if not cache.add(key, PENDING, IDEMPOTENCY_SECONDS):
        stored = cache.get(key)
        if not stored or stored == PENDING:
            return None, None
        try:
            return None, seal.decrypt(stored.encode()).decode()
        except InvalidToken:
            return None, None
    try:
        case, code = _open_case(form, site, attachments)
    except BaseException:
        # Nothing was stored: let the same form be sent again rather than wait an hour.
        cache.delete(key)
        raise
    cache.set(key, seal.encrypt(code.encode()).decode(), IDEMPOTENCY_SECONDS)
    return case, code


def _open_case(form, site, attachments):
    data = form.cleaned_data
    code = new_receipt_code()
    with transaction.atomic():
        case = Case.open(
            site=site,
            ongoing_or_danger=data["ongoing_or_danger"],
            safety_risk=data["ongoing_or_danger"],
            anonymous=not data["contact"].strip(),
            may_share_name=data["may_share_name"],
            what_happened=data["what_happened"],
            when=data["when"],
            where=data["where"],
            who=data["who"],
            witnesses=data["witnesses"],
            contact=data["contact"],
            desired_response=data["desired_response"],
        )
        case.receipt_hash = hash_receipt_code(code)
        case.save(update_fields=["receipt_hash"])
        for attachment in attachments:
            CaseAttachment.objects.create(
                case=case,
                content_type=attachment.content_type,
                size=len(attachment.content),
                content=attachment.content,
            )
        for member in form.excluded_members():
            case.recuse(member, Recusal.Reason.EXCLUDED)
        # After the recusals, so an excluded member is never told; the task is enqueued after
        # commit, so a failed save sends nothing.
        notify_after_commit(case, Reason.NEW_CASE)
    return case, code


def find_case(code: str) -> Case | None:
    """The case of a receipt code, or None; the same work is done either way."""
    digest = hash_receipt_code(code)
    return Case.objects.filter(receipt_hash=digest).exclude(wrapped_key="").first()


def handle(page, request):
    """The context of the report page for ``request``: which step, which forms, what to say."""
    context = {
        "report_form": None,
        "code_form": ReceiptCodeForm(),
        "step": "form",
    }
    if request.method != "POST":
        context["report_form"] = ReportForm()
        return context

    action = request.POST.get("action")
    if action in ("preview", "send"):
        return _report(page, request, context, send=action == "send")
    if action in ("read", "add"):
        return _follow_up(request, context, add=action == "add")
    context["report_form"] = ReportForm()
    return context


def _report(page, request, context, send):
    form = ReportForm(request.POST)
    context["report_form"] = form
    if not form.is_valid():
        context["readers"] = form.readers(request.POST.getlist("excluded"))
        return context
    context["readers"] = form.readers(form.cleaned_data["excluded"])
    context["danger"] = form.cleaned_data["ongoing_or_danger"]
    if form.cleaned_data["website"]:
        # A bot: it is told what a person would be, and nothing is stored.
        context["step"] = "received"
        context["receipt_code"] = display_receipt_code(new_receipt_code())
        return context
    context["attachments_form"] = AttachmentsForm()
    if not send:
        context["step"] = "preview"
        return context
    # Counted before the files are read: cleaning them is the costly part.
    if over_limit(request, "report", conf.casework_reports_per_hour()):
        context["step"] = "preview"
        context["error"] = _(
            "Too many reports were sent from your network in the last hour. Please try again "
            "later, or contact the team directly."
        )
        return context
    attachments = AttachmentsForm(request.POST, request.FILES)
    if not attachments.is_valid():
        context["step"] = "preview"
        context["attachments_form"] = attachments
        return context
    _case, code = submit_report(form, page.get_site(), attachments.cleaned_data["attachments"])
    if code is None:
        context["step"] = "preview"
        context["error"] = _("Your report is being sent. Please wait a moment and try again.")
        return context
    context["step"] = "received"
    context["receipt_code"] = display_receipt_code(code)
    context["report_form"] = None
    return context


def _follow_up(request, context, add):
    form = (AddInformationForm if add else ReceiptCodeForm)(request.POST)
    context["report_form"] = None
    context["step"] = "follow_up"
    if not form.is_valid():
        context["code_form"] = ReceiptCodeForm(request.POST)
        context["step"] = "form"
        context["report_form"] = ReportForm()
        return context
    # Only wrong codes count; the check comes before the slow lookup, so guessing is capped.
    if limit_reached(request, "code", conf.casework_code_attempts_per_hour()):
        context["code_form"] = ReceiptCodeForm()
        context["step"] = "form"
        context["report_form"] = ReportForm()
        context["code_error"] = _("Too many attempts. Please try again in an hour.")
        return context
    code = form.cleaned_data["code"]
    case = find_case(code)
    if case is None:
        over_limit(request, "code", conf.casework_code_attempts_per_hour())
        context["code_form"] = ReceiptCodeForm()
        context["step"] = "form"
        context["report_form"] = ReportForm()
        context["code_error"] = _("No report matches this code. Check it and try again.")
        return context
    if add:
        with transaction.atomic():
            CaseMessage.objects.create(
                case=case,
                direction=CaseMessage.Direction.FROM_REPORTER,
                body=form.cleaned_data["information"],
            )
            notify_after_commit(case, Reason.REPORTER_ADDED)
        context["added"] = True
    context["case"] = case
    context["messages_to_reporter"] = list(case.messages.all())
    context["add_form"] = AddInformationForm(initial={"code": code})
    return context
