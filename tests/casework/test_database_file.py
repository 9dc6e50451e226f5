"""The database file holds no case text, name or contact in plain text (SQLite file, or a
``pg_dump`` on PostgreSQL). A known plain value is found in the same bytes, so the search
cannot pass vacuously."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Site

from tests.casework.helpers import ACCOUNT, SECRETS, build_report_page, make_user, report_data
from tests.casework.test_attachments import pdf
from tests.transparency.test_database_file import database_bytes
from wagtail_coc.casework.models import Case, CaseMessage, InvolvedPerson, TeamNote

PLAIN_MARKER = "Harbour casework marker 5K"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_file_holds_no_case_text_name_or_contact(client, tmp_path):
    site = Site.objects.get(is_default_site=True)
    page = build_report_page(site.root_page)
    page.intro = f"<p>{PLAIN_MARKER}</p>"
    page.save()
    make_user("member", "CoC team")
    data = report_data()
    data["attachments"] = [
        SimpleUploadedFile("Okonkwo-Lindqvist at the urn.pdf", pdf(text="Thistlewood statement"))
    ]
    assert "Your report was received" in client.post(page.url, data).text
    case = Case.objects.get()
    assert case.attachments.exists()
    TeamNote.objects.create(case=case, body="Thistlewood confirmed the coffee urn story")
    CaseMessage.objects.create(case=case, direction="to_reporter", body="keep away from me: ok")
    InvolvedPerson.objects.create(case=case, role="reported", name="Zephyrine Okonkwo-Lindqvist")

    data = database_bytes(tmp_path)
    assert PLAIN_MARKER.encode() in data
    for secret in [*SECRETS, ACCOUNT["contact"]]:
        assert secret.encode() not in data, secret
