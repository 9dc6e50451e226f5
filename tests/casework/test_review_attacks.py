"""An independent reviewer's attacks on casework. Each test asserts a promise of
docs/casework.md, docs/security.md or issues 12 and 13; a failing test is a finding."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from tests.casework.helpers import ACCOUNT, make_user
from wagtail_coc.casework.attachments import clean_attachment
from wagtail_coc.casework.drafting import figures
from wagtail_coc.casework.models import (
    Case,
    CaseTransition,
    InvolvedPerson,
    Recusal,
    TeamNote,
)
from wagtail_coc.transparency.models import ProtectedName

pytestmark = pytest.mark.django_db
NAME = "Zephyrine Okonkwo-Lindqvist"
HIDDEN_EVENT = "Secret Summit 2027"


@pytest.fixture
def lead(db):
    return make_user("lead", "CoC team", "CoC team leads", first_name="Lee", last_name="Lead")


def html_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def listed(response):
    """The rows a Wagtail listing view shows."""
    return list(response.context["object_list"])


# --- Response times: counts per event -------------------------------------------------------


def test_response_times_do_not_count_cases_a_member_is_recused_from(client, site, member):
    """Recusal covers counts. The response-times page is open to every team member and shows
    per event the number of cases and their times: a member recused from the only case of an
    event sees that event and its case count."""
    visible = Case.open(site=site, event="PyHarbour 2027", what_happened="visible")
    hidden = Case.open(site=site, event=HIDDEN_EVENT, what_happened="hidden")
    also_hidden = Case.open(site=site, event="PyHarbour 2027", what_happened="hidden too")
    for case in (hidden, also_hidden):
        case.recuse(member, Recusal.Reason.EXCLUDED)
    assert visible.pk
    client.force_login(member)
    html = client.get(reverse("coc_response_times:index")).content.decode()
    assert HIDDEN_EVENT not in html, "an event whose only case is hidden is listed"
    assert "2 cases" not in html, "the count includes a case the member is recused from"


# --- Retention explanation on a visible case ------------------------------------------------


def test_the_retention_note_of_a_visible_case_does_not_reveal_a_hidden_newer_case(
    client, site, member
):
    """A member sees an older, closed case about a person; a newer case about the same person
    is hidden from them (they are recused). The older case's page explains its retention by
    "a newer case about the same person", which tells them the hidden case exists."""
    older = Case.open(
        site=site, received_at=timezone.now() - datetime.timedelta(days=60), what_happened="old"
    )
    InvolvedPerson.objects.create(case=older, role="reported", name=NAME)
    older.transition("acknowledged")
    older.transition("not_a_violation")
    newer = Case.open(site=site, what_happened="new report about the same person")
    InvolvedPerson.objects.create(case=newer, role="reported", name=NAME)
    newer.recuse(member, Recusal.Reason.EXCLUDED)

    client.force_login(member)
    html = client.get(reverse("coc_cases:edit", args=[older.pk])).content.decode()
    assert "newer case about the same person" not in html


# --- The case access log for a recused lead ---------------------------------------------------


def test_a_recused_lead_finds_no_trace_of_the_case_in_the_access_log(client, site, lead, member):
    """Team leads read the case access log; a lead recused from a case must not learn that the
    case exists. The log lists every case by number, including the hidden one, with who opened
    it and when."""
    case = Case.open(site=site, **ACCOUNT)
    case.recuse(lead, Recusal.Reason.EXCLUDED)
    client.force_login(member)
    client.get(reverse("coc_cases:edit", args=[case.pk]))
    client.force_login(lead)
    response = client.get(reverse("coc_case_access:index"))
    assert response.status_code == 200
    assert [e.case_number for e in listed(response) if e.case_number == case.pk] == []


# --- The register: doors the hook does not close -------------------------------------------


@pytest.fixture
def hidden_entry(site, colleague):
    case = Case.open(site=site, what_happened="A report")
    case.recuse(colleague, Recusal.Reason.DECLARED)
    InvolvedPerson.objects.create(case=case, role="reported", name=NAME)
    return ProtectedName.objects.get()


def test_the_usage_url_of_a_hidden_register_entry_answers_404(client, colleague, hidden_entry):
    """A name a case added is hidden from a recused member, and "its pages answer 404". The
    viewset's usage page is not wrapped by the hook: it answers 200 for the hidden entry and
    404 for a number that does not exist, which tells the entry (and so the case) exists."""
    client.force_login(colleague)
    missing = client.get(reverse("coc_protected_names:usage", args=[hidden_entry.pk + 1000]))
    assert missing.status_code == 404
    response = client.get(reverse("coc_protected_names:usage", args=[hidden_entry.pk]))
    assert response.status_code == 404


def test_the_register_access_log_does_not_name_hidden_entries(
    client, member, colleague, hidden_entry
):
    """Every team member reads the register access log, which lists entry numbers. A member
    who may see the case opens the entry; the recused member then finds that entry's number
    (absent from their listing) in the log."""
    client.force_login(member)
    assert (
        client.get(reverse("coc_protected_names:edit", args=[hidden_entry.pk])).status_code == 200
    )
    client.force_login(colleague)
    response = client.get(reverse("coc_register_access:index"))
    assert response.status_code == 200
    assert hidden_entry.pk not in [entry.entry_number for entry in listed(response)]


def test_superusers_who_may_read_the_register_still_miss_names_cases_added(
    client, settings, superuser, hidden_entry
):
    """Passing door: WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES opens the register to a
    superuser outside the team, never the names cases added (they see no case)."""
    settings.WAGTAIL_COC_SUPERUSERS_SEE_PROTECTED_NAMES = True
    ProtectedName.objects.create(site=hidden_entry.site, value="Typed By Hand")
    client.force_login(superuser)
    response = client.get(reverse("coc_protected_names:index"))
    assert response.status_code == 200
    assert "Typed By Hand" in response.text and NAME not in response.text
    for view in ("edit", "history", "delete"):
        url = reverse(f"coc_protected_names:{view}", args=[hidden_entry.pk])
        assert client.get(url).status_code == 404, view


# --- Reports the team records (email, phone, in person) -------------------------------------


def record_by_phone(client, member, **extra):
    client.force_login(member)
    response = client.post(
        reverse("coc_cases:add"),
        {"channel": "phone", "what_happened": "Told us by phone at the desk", **extra},
    )
    assert response.status_code == 302
    return Case.objects.latest("pk")


def test_names_in_a_report_recorded_by_the_team_feed_the_register(client, site, member):
    """ "Names of involved people feed the transparency register automatically." A report the
    team records by hand (phone, email, in person) gets no site, so register_name() returns
    nothing: its names are never protected by the transparency scan."""
    case = record_by_phone(client, member)
    url = reverse("coc_cases:edit", args=[case.pk])
    response = client.post(
        url,
        {
            "form": "person",
            "person-version": Case.objects.get(pk=case.pk).version,
            "person-role": "reported",
            "person-name": NAME,
        },
    )
    assert response.status_code == 302
    assert [entry.value for entry in ProtectedName.objects.all()] == [NAME]


def test_a_report_recorded_by_the_team_counts_in_the_drafted_figures(client, site, member):
    """A lead's draft counts "every case of the period". Recorded reports have no site and
    statistics_in() filters on the index's site, so they are left out of the figures."""
    Case.open(site=site, what_happened="through the form")
    record_by_phone(client, member)
    today = timezone.localdate()
    draft = figures(site, "", today.replace(day=1), today)
    assert draft.reports_received == 2


# --- Attachments: PDF metadata that survives the rebuild ------------------------------------


def pdf_with(annotation=None, image_metadata=None):
    writer = PdfWriter()
    page = writer.add_blank_page(300, 300)
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 20 250 Td (Statement) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    if annotation is not None:
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation(writer))])
    if image_metadata is not None:
        xmp = DecodedStreamObject()
        xmp.set_data(image_metadata)
        xmp[NameObject("/Type")] = NameObject("/Metadata")
        xmp[NameObject("/Subtype")] = NameObject("/XML")
        image = DecodedStreamObject()
        image.set_data(b"\x00\x80\xff")
        image.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(1),
                NameObject("/Height"): NumberObject(1),
                NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
                NameObject("/BitsPerComponent"): NumberObject(8),
                NameObject("/Metadata"): writer._add_object(xmp),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {
                NameObject("/XObject"): DictionaryObject(
                    {NameObject("/Im1"): writer._add_object(image)}
                )
            }
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def file_attachment(writer):
    embedded = DecodedStreamObject()
    embedded.set_data(b"EMBEDDED-ORIGINAL-WITH-GPS-59.3293N")
    embedded[NameObject("/Type")] = NameObject("/EmbeddedFile")
    spec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject("original.jpg"),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(embedded)}),
        }
    )
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 20, 20)]),
            NameObject("/FS"): writer._add_object(spec),
        }
    )


def commented_by_author(writer):
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 20, 20)]),
            NameObject("/T"): TextStringObject(NAME),
            NameObject("/Contents"): TextStringObject("check this"),
        }
    )


def test_a_pdf_loses_files_embedded_in_its_annotations():
    """ "A PDF is rebuilt ... without ... embedded files". A file attached to a page through a
    FileAttachment annotation (the original photo, with its EXIF) survives the rebuild."""
    cleaned = clean_attachment(pdf_with(annotation=file_attachment)).content
    assert b"EMBEDDED-ORIGINAL-WITH-GPS" not in cleaned
    page = PdfReader(io.BytesIO(cleaned)).pages[0]
    subtypes = [a.get_object().get("/Subtype") for a in page.get("/Annots") or []]
    assert "/FileAttachment" not in subtypes


def test_a_pdf_loses_the_author_name_of_its_comments():
    """A PDF comment carries its author's name (/T), the reporter's own name as their PDF
    reader knows it; it survives the metadata cleaning."""
    cleaned = clean_attachment(pdf_with(annotation=commented_by_author)).content
    annotations = PdfReader(io.BytesIO(cleaned)).pages[0].get("/Annots") or []
    authors = [a.get_object().get("/T") for a in annotations]
    assert NAME not in authors
    assert b"Zephyrine" not in cleaned


def test_a_pdf_loses_the_xmp_metadata_of_its_images():
    """ "without its ... XMP metadata": an image inside the PDF keeps its own XMP stream
    (creator, camera, dates) after the rebuild."""
    xmp = f"<x:xmpmeta><dc:creator>{NAME}</dc:creator></x:xmpmeta>".encode()
    cleaned = clean_attachment(pdf_with(image_metadata=xmp)).content
    assert NAME.encode() not in cleaned


def test_a_png_loses_its_text_chunks_and_profile():
    """Passing door: PNG tEXt/iTXt chunks (author, software, coordinates) and an ICC profile
    do not survive the re-encoding."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", NAME)
    info.add_itxt("GPS", "59.3293N 18.0686E")
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, "PNG", pnginfo=info, icc_profile=b"fake-icc")
    cleaned = clean_attachment(out.getvalue())
    assert cleaned.content_type == "image/png"
    assert NAME.encode() not in cleaned.content and b"59.3293" not in cleaned.content
    assert not Image.open(io.BytesIO(cleaned.content)).info.get("icc_profile")


# --- Passing doors: case list filters, links, attachments, CSRF, anonymous ------------------


def test_the_purged_within_7_days_filter_keeps_hidden_cases_out(client, site, member):
    visible = Case.open(site=site, what_happened="visible")
    hidden = Case.open(site=site, what_happened="hidden")
    for case in (visible, hidden):
        case.transition("acknowledged")
        case.transition("not_a_violation")
    hidden.recuse(member, Recusal.Reason.DECLARED)
    client.force_login(member)
    for url in (reverse("coc_cases:index"), reverse("coc_cases:index_results")):
        response = client.get(url, {"expiring": "on"})
        html = response.content.decode()
        assert visible.code_name in html and hidden.code_name not in html
        assert [case.pk for case in listed(response)] == [visible.pk]


def test_the_deadline_filter_keeps_hidden_cases_out(client, site, member):
    from tests.casework.test_clocks import procedure_page

    procedure_page(site.root_page)
    old = timezone.now() - datetime.timedelta(days=20)
    visible = Case.open(site=site, received_at=old, what_happened="visible")
    hidden = Case.open(site=site, received_at=old, what_happened="hidden")
    hidden.recuse(member, Recusal.Reason.INVOLVED)
    client.force_login(member)
    response = client.get(reverse("coc_cases:index"), {"deadline": "overdue"})
    assert [case.pk for case in listed(response)] == [visible.pk]
    assert hidden.code_name not in response.content.decode()


def test_a_member_cannot_link_a_person_to_one_in_a_case_they_are_recused_from(client, site, member):
    mine = Case.open(site=site, what_happened="mine")
    person = InvolvedPerson.objects.create(case=mine, role="reported", name=NAME)
    hidden = Case.open(site=site, what_happened="hidden")
    other = InvolvedPerson.objects.create(case=hidden, role="reported", name="Someone Else")
    hidden.recuse(member, Recusal.Reason.DECLARED)
    client.force_login(member)
    response = client.post(
        reverse("coc_cases:edit", args=[mine.pk]),
        {
            "form": "outcome",
            "outcome-version": Case.objects.get(pk=mine.pk).version,
            "outcome-person": person.pk,
            "outcome-same_person_as": other.pk,
        },
    )
    assert response.status_code == 400
    assert InvolvedPerson.objects.get(pk=person.pk).same_person_as_id is None
    assert hidden.code_name not in response.content.decode()


def test_an_attachment_of_a_hidden_case_cannot_be_fetched_through_a_visible_case(
    client, site, member
):
    from wagtail_coc.casework.models import CaseAttachment

    mine = Case.open(site=site, what_happened="mine")
    hidden = Case.open(site=site, what_happened="hidden")
    hidden.recuse(member, Recusal.Reason.EXCLUDED)
    attachment = CaseAttachment.objects.create(
        case=hidden, content_type="application/pdf", size=3, content=b"%PDF-secret"
    )
    client.force_login(member)
    response = client.get(reverse("coc_cases:attachment", args=[mine.pk, attachment.pk]))
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_every_change_needs_the_csrf_token(site, member, lead):
    case = Case.open(site=site, what_happened="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    url = reverse("coc_cases:edit", args=[case.pk])
    for data in (
        {"form": "note", "note-version": case.version, "note-body": "forged"},
        {"form": "recuse"},
        {"form": "keep", "keep-version": case.version, "keep-until": "2099-01-01",
         "keep-reason": "forged"},
    ):  # fmt: skip
        assert client.post(url, data).status_code == 403
    assert (
        client.post(
            reverse("coc_cases:add"), {"channel": "phone", "what_happened": "forged"}
        ).status_code
        == 403
    )
    assert client.post(reverse("coc_cases:draft_report"), {}).status_code == 403
    assert not TeamNote.objects.exists() and not Recusal.objects.exists()
    assert Case.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in_from_every_casework_url(client, site):
    case = Case.open(site=site, what_happened="x")
    urls = [
        reverse("coc_cases:index"),
        reverse("coc_cases:index_results"),
        reverse("coc_cases:add"),
        reverse("coc_cases:draft_report"),
        reverse("coc_cases:edit", args=[case.pk]),
        reverse("coc_cases:attachment", args=[case.pk, 1]),
        reverse("coc_case_access:index"),
        reverse("coc_response_times:index"),
        reverse("coc_events:index"),
        reverse("coc_rota:index"),
        reverse("coc_rota:add"),
        reverse("wagtailsettings:edit", args=["wagtail_coc_casework", "retentionsettings"]),
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["member", "recused", "reviewer", "editor", "superuser"])
def test_nobody_but_a_lead_reaches_retention_or_the_access_log_by_post(
    client, site, member, colleague, reviewer, editor, superuser, who
):
    case = Case.open(site=site, what_happened="x")
    CaseTransition.objects.create(case=case, to_state="not_a_violation")
    Case.objects.filter(pk=case.pk).update(state="not_a_violation")
    case.recuse(colleague, Recusal.Reason.DECLARED)
    user = {"member": member, "recused": colleague, "reviewer": reviewer, "editor": editor,
            "superuser": superuser}[who]  # fmt: skip
    client.force_login(user)
    url = reverse("coc_cases:edit", args=[case.pk])
    version = Case.objects.get(pk=case.pk).version
    purge = client.post(url, {"form": "purge", "purge-version": version,
                              "purge-confirm": case.code_name})  # fmt: skip
    keep = client.post(url, {"form": "keep", "keep-version": version,
                             "keep-until": "2099-01-01", "keep-reason": "x"})  # fmt: skip
    assert purge.status_code in (302, 403, 404) and keep.status_code in (302, 403, 404)
    assert Case.objects.filter(pk=case.pk).exists()
    assert not case.retention_holds.exists()
    assert client.get(reverse("coc_case_access:index")).status_code in (302, 403, 404)
    settings_url = reverse(
        "wagtailsettings:edit", args=["wagtail_coc_casework", "retentionsettings", site.pk]
    )
    assert client.post(settings_url, {"not_a_violation_months": "99"}).status_code in (
        302, 403, 404,
    )  # fmt: skip


def test_an_overdue_deadline_never_tells_a_recused_member_on_duty_nor_carries_content(
    site, member, colleague
):
    from django.core import mail

    from tests.casework.helpers import SECRETS
    from tests.casework.test_clocks import procedure_page
    from wagtail_coc.casework.deadlines import check_deadlines
    from wagtail_coc.casework.rota import OnDutyShift

    procedure_page(site.root_page)
    now = timezone.now()
    OnDutyShift.objects.create(member=colleague, role="primary", starts=now - datetime.timedelta(
        hours=1), ends=now + datetime.timedelta(hours=8))  # fmt: skip
    OnDutyShift.objects.create(member=member, role="secondary", starts=now - datetime.timedelta(
        hours=1), ends=now + datetime.timedelta(hours=8))  # fmt: skip
    case = Case.open(site=site, received_at=now - datetime.timedelta(days=20), **ACCOUNT)
    case.recuse(colleague, Recusal.Reason.EXCLUDED)
    mail.outbox.clear()
    assert check_deadlines() == 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {member.email}
    for message in mail.outbox:
        assert case.code_name in message.subject
        for secret in SECRETS:
            assert secret not in message.subject + message.body
