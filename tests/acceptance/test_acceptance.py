"""Code of Conduct acceptance: the form field, the form builder page, the admin and export."""

import csv
import datetime
import io
import re

import pytest
from django import forms
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.factories import build_coc_page
from wagtail_coc.acceptance.fields import TOKEN_SALT
from wagtail_coc.acceptance.forms import CoCAcceptanceFormMixin
from wagtail_coc.acceptance.models import CoCAcceptance, RegistrationFormField, RegistrationFormPage
from wagtail_coc.models import CoCSettings

REQUIRED_MESSAGE = "You must agree to the Code of Conduct to register."
UNVERIFIED_MESSAGE = "The Code of Conduct you accepted could not be verified"
ACCEPTANCE = "code_of_conduct"


def build_form_page(parent, coc_page=None, identifier_field="Email", slug="register"):
    page = RegistrationFormPage(
        title="Register for PyHarbour",
        slug=slug,
        coc_page=coc_page,
        identifier_field=identifier_field,
    )
    page.form_fields = [
        RegistrationFormField(label="Full name", field_type="singleline", required=True),
        RegistrationFormField(label="Email", field_type="email", required=True),
        RegistrationFormField(label="Code of Conduct", field_type="coc_acceptance"),
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def publish_new_version(coc_page, version_label):
    coc_page.version_label = version_label
    coc_page.save_revision().publish()
    coc_page.refresh_from_db()
    return coc_page


def token_in(html, name=ACCEPTANCE):
    match = re.search(rf'name="{name}_1" value="([^"]+)"', html)
    assert match, "the signed Code of Conduct token is missing from the form"
    return match.group(1)


def submission(token, accept=True, email="ada@attendee.example"):
    data = {"full_name": "Ada Attendee", "email": email, f"{ACCEPTANCE}_1": token}
    if accept:
        data[f"{ACCEPTANCE}_0"] = "on"
    return data


def test_form_shows_a_required_checkbox_linking_to_the_coc(client, form_page, coc_page):
    html = client.get(form_page.url).content.decode()
    checkbox = re.search(rf'<input type="checkbox" name="{ACCEPTANCE}_0"[^>]*>', html)
    assert checkbox and "required" in checkbox.group(0)
    # A checkbox comes before its label.
    assert html.index(checkbox.group(0)) < html.index(f'<label for="id_{ACCEPTANCE}_0">')
    assert f'I have read and agree to follow the <a href="{coc_page.url}">' in html
    assert signing.loads(token_in(html), salt=TOKEN_SALT) == {
        "page": coc_page.pk,
        "revision": coc_page.live_revision_id,
    }


def test_registration_records_acceptance(client, form_page, coc_page):
    token = token_in(client.get(form_page.url).content.decode())
    before = timezone.now()

    response = client.post(form_page.url, submission(token))

    assert response.status_code == 200
    assert "your registration has been received" in response.content.decode()
    acceptance = CoCAcceptance.objects.get()
    assert acceptance.coc_page == coc_page
    assert acceptance.coc_title == coc_page.title
    assert acceptance.version_label == "1.0"
    assert acceptance.revision == coc_page.live_revision
    assert acceptance.identifier == "ada@attendee.example"
    assert acceptance.source == form_page.title
    assert before <= acceptance.accepted_at <= timezone.now()
    assert acceptance.is_current
    stored = FormSubmission.objects.get(page=form_page).form_data
    assert stored == {
        "full_name": "Ada Attendee",
        "email": "ada@attendee.example",
        ACCEPTANCE: "1.0",
    }


def test_registration_without_acceptance_is_refused(client, form_page):
    token = token_in(client.get(form_page.url).content.decode())

    response = client.post(form_page.url, submission(token, accept=False))

    assert response.status_code == 200
    assert REQUIRED_MESSAGE in response.content.decode()
    assert not CoCAcceptance.objects.exists()
    assert not FormSubmission.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            # The first character carries six payload bits, so changing it always changes
            # the signed value (the last one may differ only in ignored padding bits).
            lambda token, page: ("e" if token[0] != "e" else "f") + token[1:],
            id="edited",
        ),
        pytest.param(lambda token, page: "", id="missing"),
        pytest.param(
            lambda token, page: signing.dumps({"page": page.pk + 999, "revision": None}),
            id="unsalted",
        ),
        pytest.param(
            lambda token, page: signing.dumps(
                {"page": page.pk, "revision": page.live_revision_id + 999}, salt=TOKEN_SALT
            ),
            id="unknown-revision",
        ),
        pytest.param(lambda token, page: "not-a-token", id="garbage"),
    ],
)
def test_tampered_token_is_refused_and_nothing_recorded(client, form_page, coc_page, tamper):
    token = token_in(client.get(form_page.url).content.decode())

    response = client.post(form_page.url, submission(tamper(token, coc_page)))

    html = response.content.decode()
    assert response.status_code == 200
    assert UNVERIFIED_MESSAGE in html
    # The re-displayed form carries a fresh genuine token, so trying again works.
    assert signing.loads(token_in(html), salt=TOKEN_SALT) == signing.loads(token, salt=TOKEN_SALT)
    assert not CoCAcceptance.objects.exists()
    assert not FormSubmission.objects.exists()


def test_genuine_token_for_another_coc_is_refused(client, root_page, form_page):
    other_coc = build_coc_page(root_page, title="Other CoC", slug="other-coc")
    other_form = build_form_page(root_page, coc_page=other_coc, slug="other-register")
    other_token = token_in(client.get(other_form.url).content.decode())

    response = client.post(form_page.url, submission(other_token))

    assert UNVERIFIED_MESSAGE in response.content.decode()
    assert not CoCAcceptance.objects.exists()


def test_acceptance_records_the_version_shown_even_if_a_new_one_is_published(
    client, form_page, coc_page
):
    token = token_in(client.get(form_page.url).content.decode())
    shown_revision = coc_page.live_revision
    publish_new_version(coc_page, "2.0")

    client.post(form_page.url, submission(token))

    acceptance = CoCAcceptance.objects.get()
    assert acceptance.version_label == "1.0"
    assert acceptance.revision == shown_revision
    assert not acceptance.is_current


def test_form_page_falls_back_to_the_sites_default_coc(client, root_page, coc_page):
    settings = CoCSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_coc_page = coc_page
    settings.save()
    page = build_form_page(root_page, coc_page=None, identifier_field="")
    token = token_in(client.get(page.url).content.decode())

    client.post(page.url, submission(token, email="grace@attendee.example"))

    acceptance = CoCAcceptance.objects.get()
    assert acceptance.coc_page == coc_page
    # With no identifying field chosen, the first email field identifies the registrant.
    assert acceptance.identifier == "grace@attendee.example"


def test_form_without_any_coc_refuses_registration(client, root_page, coc_page):
    page = build_form_page(root_page, coc_page=None)

    response = client.post(
        page.url, {"full_name": "Ada", "email": "a@b.example", f"{ACCEPTANCE}_0": "on"}
    )

    assert "no Code of Conduct is set up for this form" in response.content.decode()
    assert not CoCAcceptance.objects.exists()


class SignupForm(CoCAcceptanceFormMixin, forms.Form):
    registration_number = forms.CharField()


def test_mixin_adds_the_field_to_any_form_and_records_acceptance(coc_page):
    unbound = SignupForm(coc_page=coc_page)
    token = signing.loads(unbound.fields["coc_acceptance"].widget.token, salt=TOKEN_SALT)
    assert token["page"] == coc_page.pk
    data = {
        "registration_number": "PH-0042",
        "coc_acceptance_0": "on",
        "coc_acceptance_1": unbound.fields["coc_acceptance"].widget.token,
    }

    form = SignupForm(data, coc_page=coc_page)
    assert form.is_valid(), form.errors
    acceptance = form.record_coc_acceptance(form.cleaned_data["registration_number"])

    assert (acceptance.identifier, acceptance.version_label) == ("PH-0042", "1.0")
    refused = SignupForm({"registration_number": "PH-0043"}, coc_page=coc_page)
    assert not refused.is_valid()
    assert refused.errors["coc_acceptance"] == [REQUIRED_MESSAGE]


# Admin: an editor builds the form without code ---------------------------------------


def form_page_post_data(fields, coc_page, identifier_field="Email"):
    return nested_form_data(
        {
            "title": "Register",
            "slug": "register",
            "intro": rich_text(""),
            "thank_you_text": rich_text(""),
            "coc_page": coc_page.pk if coc_page else "",
            "identifier_field": identifier_field,
            "form_fields": inline_formset(
                [
                    {
                        "label": label,
                        "field_type": field_type,
                        "required": "on",
                        "help_text": "",
                        "choices": "",
                        "default_value": "",
                    }
                    for label, field_type in fields
                ]
            ),
            "action-publish": "action-publish",
        }
    )


def add_form_page_url(parent):
    return reverse(
        "wagtailadmin_pages:add", args=("wagtail_coc_acceptance", "registrationformpage", parent.pk)
    )


def test_editor_adds_the_acceptance_field_in_the_admin(admin_client, root_page, coc_page):
    response = admin_client.post(
        add_form_page_url(root_page),
        form_page_post_data([("Email", "email"), ("I agree", "coc_acceptance")], coc_page),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    page = RegistrationFormPage.objects.get(slug="register")
    assert page.live
    assert [f.field_type for f in page.form_fields.all()] == ["email", "coc_acceptance"]
    html = admin_client.get(page.url).content.decode()
    assert 'name="i_agree_0"' in html


@pytest.mark.parametrize(
    ("fields", "identifier", "with_coc", "message"),
    [
        (
            [("A", "coc_acceptance"), ("B", "coc_acceptance")],
            "",
            True,
            "Add at most one Code of Conduct acceptance field.",
        ),
        ([("Email", "email")], "Badge number", True, "No field of this form has that label"),
        (
            [("I agree", "coc_acceptance")],
            "",
            False,
            "Choose the Code of Conduct people agree to",
        ),
    ],
)
def test_form_page_admin_validation(
    admin_client, root_page, coc_page, fields, identifier, with_coc, message
):
    response = admin_client.post(
        add_form_page_url(root_page),
        form_page_post_data(fields, coc_page if with_coc else None, identifier),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RegistrationFormPage.objects.exists()


# Admin listing, filters, export and permissions ---------------------------------------


@pytest.fixture
def acceptances(coc_page):
    old = CoCAcceptance.record(coc_page, "old@attendee.example", source="Registration")
    old.accepted_at = timezone.now() - datetime.timedelta(days=30)
    old.save()
    publish_new_version(coc_page, "2.0")
    current = CoCAcceptance.record(coc_page, '=HYPERLINK("http://evil.example")')
    return old, current


def listing_url(**params):
    url = reverse("coc_acceptances:index")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def test_listing_flags_acceptances_of_an_older_version(admin_client, acceptances):
    old, _ = acceptances

    outdated = admin_client.get(listing_url(outdated="true")).content.decode()
    up_to_date = admin_client.get(listing_url(outdated="false")).content.decode()

    assert "old@attendee.example" in outdated
    assert "HYPERLINK" not in outdated
    assert "HYPERLINK" in up_to_date
    assert "old@attendee.example" not in up_to_date
    assert [a.pk for a in CoCAcceptance.objects.outdated()] == [old.pk]


def test_listing_filters_by_version_and_date(admin_client, acceptances):
    by_version = admin_client.get(listing_url(version_label="1.0")).content.decode()
    assert "old@attendee.example" in by_version and "HYPERLINK" not in by_version

    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    recent = admin_client.get(listing_url(accepted_at_from=since)).content.decode()
    assert "HYPERLINK" in recent and "old@attendee.example" not in recent


def test_deleted_coc_page_counts_as_outdated(acceptances, coc_page):
    coc_page.delete()
    assert CoCAcceptance.objects.outdated().count() == 2
    assert all(a.coc_title == "Code of Conduct" for a in CoCAcceptance.objects.all())


def test_csv_export(admin_client, acceptances, coc_page):
    old, _ = acceptances

    response = admin_client.get(listing_url(export="csv"))

    assert response["Content-Disposition"] == 'attachment; filename="coc-acceptances.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(rows[0]) == [
        "Identifier",
        "Code of Conduct title",
        "Version",
        "Current version",
        "Accepted at",
        "Source",
        "Code of Conduct page ID",
        "Revision ID",
    ]
    by_version = {row["Version"]: row for row in rows}
    assert by_version["1.0"]["Identifier"] == "old@attendee.example"
    assert by_version["1.0"]["Current version"] == "False"
    assert by_version["1.0"]["Source"] == "Registration"
    assert by_version["1.0"]["Revision ID"] == str(old.revision_id)
    assert by_version["2.0"]["Current version"] == "True"
    assert by_version["2.0"]["Code of Conduct page ID"] == str(coc_page.pk)
    # Opened in a spreadsheet, registrant-typed text must not run as a formula.
    assert by_version["2.0"]["Identifier"] == '\'=HYPERLINK("http://evil.example")'


def test_csv_export_respects_filters(admin_client, acceptances):
    response = admin_client.get(listing_url(outdated="true", export="csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Identifier"] for row in rows] == ["old@attendee.example"]


def test_inspect_shows_whether_the_acceptance_is_current(admin_client, acceptances):
    old, _ = acceptances
    html = admin_client.get(reverse("coc_acceptances:inspect", args=(old.pk,))).content.decode()
    assert "old@attendee.example" in html
    assert "No, an older version" in html


def test_inspecting_an_acceptance_that_does_not_exist_is_not_found(admin_client, acceptances):
    response = admin_client.get(reverse("coc_acceptances:inspect", args=(987654,)))
    assert response.status_code == 404


def test_acceptances_cannot_be_added_edited_or_deleted(admin_client, acceptances):
    old, _ = acceptances
    for name, args in [("add", ()), ("edit", (old.pk,)), ("delete", (old.pk,))]:
        with pytest.raises(NoReverseMatch):
            reverse(f"coc_acceptances:{name}", args=args)
    base = reverse("coc_acceptances:index")
    for path in ["new/", f"edit/{old.pk}/", f"delete/{old.pk}/"]:
        assert admin_client.get(base + path).status_code == 404
        assert admin_client.post(base + path, {}).status_code == 404
    assert CoCAcceptance.objects.count() == 2


def editor(django_user_model, *permissions):
    user = django_user_model.objects.create_user("editor", password="pw")
    group = Group.objects.create(name="Registration desk")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in permissions:
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return user


def acceptance_view_url(view, acceptance):
    return {
        "index": listing_url(),
        "export": listing_url(export="csv"),
        "inspect": reverse("coc_acceptances:inspect", args=(acceptance.pk,)),
    }[view]


@pytest.mark.parametrize("view", ["index", "export", "inspect"])
def test_editor_without_permission_cannot_see_acceptances(
    client, django_user_model, acceptances, view
):
    old, _ = acceptances
    client.force_login(editor(django_user_model))
    response = client.get(acceptance_view_url(view, old))

    assert response.status_code in (302, 403)
    body = b"" if response.streaming else response.content
    assert b"old@attendee.example" not in body


@pytest.mark.parametrize("view", ["index", "export", "inspect"])
def test_editor_with_view_permission_sees_acceptances(client, django_user_model, acceptances, view):
    old, _ = acceptances
    client.force_login(editor(django_user_model, "view_cocacceptance"))
    response = client.get(acceptance_view_url(view, old))

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"old@attendee.example" in body


def test_form_fields_say_what_to_fill_in_and_that_they_are_required(client, form_page):
    html = client.get(form_page.url).content.decode()

    assert re.search(r'<input type="text" name="full_name"[^>]*autocomplete="name"', html)
    assert re.search(r'<input type="email" name="email"[^>]*autocomplete="email"', html)
    assert html.count('<span class="coc-required">(required)</span>') == 3
    assert "<title>Register for PyHarbour" in html
    assert "coc-error-summary" not in html


@pytest.mark.parametrize(
    ("label", "field_type", "expected"),
    [
        ("Name", "singleline", "name"),
        ("  Full  name: ", "singleline", "name"),
        ("Prénom", "singleline", "given-name"),
        ("Surname", "singleline", "family-name"),
        ("Work email", "email", "email"),
        ("Website", "url", "url"),
        ("T-shirt size", "singleline", None),
        ("Name", "multiline", None),
    ],
)
def test_autocomplete_follows_the_field_type_and_label(label, field_type, expected):
    from wagtail_coc.acceptance.models.registration import autocomplete_for

    field = RegistrationFormField(label=label, field_type=field_type)
    assert autocomplete_for(field) == expected


def test_errors_are_summarised_first_linked_to_their_fields_and_titled(client, form_page):
    token = token_in(client.get(form_page.url).content.decode())

    data = {**submission(token, accept=False), "email": ""}
    html = client.post(form_page.url, data).content.decode()

    assert re.search(r"<title>Error: Register for PyHarbour", html)
    summary = html[html.index('<div class="coc-error-summary"') : html.index("<h1")]
    assert 'tabindex="-1" autofocus' in summary
    assert "There is a problem" in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [
        ("id_email", "This field is required."),
        (f"id_{ACCEPTANCE}_0", REQUIRED_MESSAGE),
    ]
    # Each control is marked invalid and described by its own error message.
    for control in (
        r'<input type="email"[^>]*aria-invalid="true" aria-describedby="id_email_error" '
        r'id="id_email">',
        r'<input type="checkbox"[^>]*aria-invalid="true" '
        rf'aria-describedby="id_{ACCEPTANCE}_error" id="id_{ACCEPTANCE}_0">',
    ):
        assert re.search(control, html)
