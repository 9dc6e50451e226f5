"""Attachments to a report: images and PDF up to 10 MB, stored without the metadata that could
identify the reporter (where and with which phone a photo was taken, who wrote a PDF),
encrypted with the case's key, downloaded only by team members who may see the case."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

from tests.casework.helpers import ACCOUNT, report_data
from wagtail_coc.casework.attachments import MAX_BYTES
from wagtail_coc.casework.models import Case, CaseAccess, CaseAttachment, Recusal

# A team to read the reports: without one, nobody could be sent a file.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("member")]
PHOTOGRAPHER = "Zephyrine Okonkwo-Lindqvist"
CAMERA = "QuokkaPhone 12 Pro"


def photo(width=64, height=48, rotated=True):
    """A JPEG as phones save them: camera, owner, GPS position and an orientation tag."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x013B] = PHOTOGRAPHER  # Artist
    if rotated:
        exif[0x0112] = 6  # Orientation: rotate 90° to display
    exif.get_ifd(0x8825).update({1: "N", 2: (59.0, 19.0, 42.0), 3: "E", 4: (18.0, 4.0, 7.0)})
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "JPEG", exif=exif, comment=b"urn photo")
    return out.getvalue()


def pdf(text="Statement about the coffee urn", author=PHOTOGRAPHER, script=True):
    writer = PdfWriter()
    page = writer.add_blank_page(300, 300)
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 12 Tf 20 250 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    writer.add_metadata({"/Author": author, "/Creator": CAMERA})
    if script:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.launchURL('https://track.example')"),
            }
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def send_with(client, page, *files, token="token-a"):
    data = report_data(token=token)
    data["attachments"] = list(files)
    return client.post(page.url, data)


def test_a_photo_keeps_its_picture_and_loses_where_and_with_what_it_was_taken(client, report_page):
    original = photo()
    assert PHOTOGRAPHER.encode() in original and CAMERA.encode() in original

    response = send_with(client, report_page, upload("IMG_at_the_urn.jpg", original, "image/jpeg"))

    assert "Your report was received" in response.text
    attachment = CaseAttachment.objects.get()
    stored = attachment.content
    assert attachment.content_type == "image/jpeg" and attachment.size == len(stored)
    for identifying in (PHOTOGRAPHER.encode(), CAMERA.encode(), b"Exif", b"urn photo"):
        assert identifying not in stored
    image = Image.open(io.BytesIO(stored))
    # Turned the way it was taken, without the tag that said so.
    assert image.size == (48, 64)
    assert not image.getexif()
    # At rest it is ciphertext of the case's key, and the file's name is not kept.
    assert b"\xff\xd8" not in attachment.content_sealed.encode()
    assert "IMG_at_the_urn" not in attachment.file_name()


def test_a_pdf_loses_its_author_and_scripts_but_keeps_its_pages(client, report_page):
    send_with(client, report_page, upload("statement.pdf", pdf(), "application/pdf"))
    stored = CaseAttachment.objects.get().content
    assert stored.startswith(b"%PDF-")
    for identifying in (PHOTOGRAPHER.encode(), CAMERA.encode(), b"JavaScript", b"track.example"):
        assert identifying not in stored
    reader = PdfReader(io.BytesIO(stored))
    assert len(reader.pages) == 1
    assert "coffee urn" in reader.pages[0].get_contents().get_data().decode()


@pytest.mark.parametrize(
    "files, message",
    [
        ([upload("huge.jpg", b"\xff\xd8" + b"0" * MAX_BYTES)], "larger than 10 MB"),
        ([upload("page.jpg", b"<html><script>alert(1)</script></html>")], "neither an image"),
        ([upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')], "neither an image"),
        ([upload("broken.pdf", b"%PDF-1.7\n1 0 obj <<")], "PDF is damaged"),
        ([upload(f"p{n}.jpg", photo(rotated=False)) for n in range(6)], "at most 5 files"),
    ],
)
def test_a_refused_file_keeps_everything_typed_and_stores_nothing(
    client, report_page, files, message
):
    response = send_with(client, report_page, *files)
    html = response.text
    assert message in html
    assert "choose the files again" in html or "at most 5" in html
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()
    for field in ("when", "where", "contact", "desired_response"):
        assert ACCOUNT[field] in html, field
    # The next try, with good files, works under the same token.
    response = send_with(client, report_page, upload("ok.jpg", photo(), "image/jpeg"))
    assert "Your report was received" in response.text


def test_a_decompression_bomb_is_refused_without_being_decoded(client, report_page):
    bomb = io.BytesIO()
    Image.new("L", (10_000, 10_000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < MAX_BYTES
    html = send_with(client, report_page, upload("bomb.png", bomb.getvalue())).text
    assert "too many pixels" in html
    assert not Case.objects.exists()


def test_files_are_offered_only_on_the_last_step(client, report_page):
    assert 'type="file"' not in client.get(report_page.url).text
    preview = client.post(report_page.url, report_data(action="preview")).text
    assert 'type="file"' in preview and 'enctype="multipart/form-data"' in preview


def download(client, case):
    attachment = case.attachments.get()
    return client.get(reverse("coc_cases:attachment", args=[case.pk, attachment.pk]))


def test_a_member_downloads_an_attachment_that_no_browser_renders_or_keeps(
    client, report_page, member
):
    send_with(client, report_page, upload("statement.pdf", pdf(), "application/pdf"))
    case = Case.objects.get()
    client.force_login(member)
    response = download(client, case)
    assert response.status_code == 200
    assert response.content == case.attachments.get().content
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "-".join(case.code_name.split()) in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert CaseAccess.objects.filter(action="opened", case_number=case.pk).exists()
    # The case page lists it by the case's code name, never the reporter's file name.
    html = client.get(reverse("coc_cases:edit", args=[case.pk])).text
    assert "statement.pdf" not in html and "Download" in html


@pytest.mark.parametrize("who", ["recused", "reviewer", "editor", "superuser"])
def test_nobody_else_downloads_an_attachment(
    client, report_page, colleague, reviewer, editor, superuser, who
):
    send_with(client, report_page, upload("photo.jpg", photo(), "image/jpeg"))
    case = Case.objects.get()
    case.recuse(colleague, Recusal.Reason.DECLARED)
    client.force_login(
        {"recused": colleague, "reviewer": reviewer, "editor": editor, "superuser": superuser}[who]
    )
    response = download(client, case)
    assert response.status_code in (302, 404)
    assert response.content != case.attachments.get().content


def test_purging_the_case_deletes_its_attachments(client, report_page):
    send_with(client, report_page, upload("photo.jpg", photo(), "image/jpeg"))
    case = Case.objects.get()
    for state in ("acknowledged", "not_a_violation"):
        case.transition(state)
    case.purge()
    assert not CaseAttachment.objects.exists()


def test_the_check_warns_when_uploads_could_reach_the_disk(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default
    with pytest.raises(SystemCheckError, match=r"wagtail_coc\.W401"):
        call_command("check", "--fail-level", "WARNING", stdout=io.StringIO())
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_BYTES
    call_command("check", "--fail-level", "WARNING", stdout=io.StringIO())


def test_past_the_rate_limit_no_file_is_read(client, report_page, settings, monkeypatch):
    settings.WAGTAIL_COC_CASEWORK_REPORTS_PER_HOUR = 1
    send_with(client, report_page, upload("bad.jpg", b"not an image"), token="t1")
    read = []
    monkeypatch.setattr(
        "wagtail_coc.casework.forms.clean_attachment", lambda data: read.append(data)
    )
    html = send_with(client, report_page, upload("photo.jpg", photo()), token="t2").text
    assert "Too many reports" in html
    assert read == [], "cleaning files is the costly part: refused before it"
    assert not Case.objects.exists()
