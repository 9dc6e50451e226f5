"""A form builder page whose editors can add a 'I agree to the Code of Conduct' field."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField, FormMixin

from wagtail_coc.acceptance.fields import CoCAcceptanceField
from wagtail_coc.acceptance.models.acceptance import CoCAcceptance
from wagtail_coc.base_page import BasePage
from wagtail_coc.models.layout import SiteLayoutMixin
from wagtail_coc.models.settings import CoCSettings
from wagtail_coc.sanitise import SanitisedRichTextField, TamperProofFormMixin, sanitise_html

COC_ACCEPTANCE = "coc_acceptance"
NOT_REGISTERED_MESSAGE = _(
    "You are NOT registered: the site could not save your registration just now, and nothing "
    "was kept. Please try again in a few minutes."
)
logger = logging.getLogger(__name__)


class RegistrationFormField(AbstractFormField):
    field_type = models.CharField(
        verbose_name=_("field type"),
        max_length=16,
        choices=(*FORM_FIELD_CHOICES, (COC_ACCEPTANCE, _("Code of Conduct acceptance"))),
    )
    # Wagtail needs the type to build previews of unsaved forms.
    field_type.required_on_save = True
    page = ParentalKey(
        "wagtail_coc_acceptance.RegistrationFormPage",
        on_delete=models.CASCADE,
        related_name="form_fields",
    )

    class Meta(AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


# What browsers and password managers may fill in (WCAG 1.3.5), from a field's label.
AUTOCOMPLETE_BY_LABEL = {
    "name": "name",
    "full name": "name",
    "your name": "name",
    "nom": "name",
    "nom complet": "name",
    "first name": "given-name",
    "given name": "given-name",
    "prénom": "given-name",
    "last name": "family-name",
    "family name": "family-name",
    "surname": "family-name",
    "nom de famille": "family-name",
    "phone": "tel",
    "phone number": "tel",
    "téléphone": "tel",
    "organisation": "organization",
    "organization": "organization",
    "company": "organization",
    "organisme": "organization",
}
AUTOCOMPLETE_BY_TYPE = {"email": "email", "url": "url"}
FIELD_TEMPLATE = "wagtail_coc/acceptance/forms/field.html"


def autocomplete_for(field):
    """The ``autocomplete`` token for a form builder field, or None: email fields are
    emails; text fields are known by their label ("Name", "Full name", "Prénom"...)."""
    if field.field_type in AUTOCOMPLETE_BY_TYPE:
        return AUTOCOMPLETE_BY_TYPE[field.field_type]
    if field.field_type == "singleline":
        label = " ".join(field.label.replace("*", "").replace(":", "").split()).casefold()
        return AUTOCOMPLETE_BY_LABEL.get(label)
    return None


class RegistrationFormBuilder(FormBuilder):
    def __init__(self, fields, coc_page=None):
        super().__init__(fields)
        self.coc_page = coc_page

    def get_field_options(self, field):
        options = super().get_field_options(field)
        if getattr(settings, "WAGTAILFORMS_HELP_TEXT_ALLOW_HTML", False):
            # Sites that allow HTML in help texts still get no script from them.
            options["help_text"] = mark_safe(sanitise_html(field.help_text))
        return options

    @property
    def formfields(self):
        formfields = super().formfields
        for field in self.fields:
            formfield = formfields[field.clean_name or field.get_field_clean_name()]
            autocomplete = autocomplete_for(field)
            if autocomplete:
                formfield.widget.attrs["autocomplete"] = autocomplete
            if field.field_type != COC_ACCEPTANCE:
                # Marks required fields in words and keeps errors next to their field.
                formfield.template_name = FIELD_TEMPLATE
        return formfields

    def create_coc_acceptance_field(self, field, options):
        # Always required, whatever the editor ticked: an optional agreement means nothing.
        return CoCAcceptanceField(coc_page=self.coc_page, help_text=options["help_text"])


class RegistrationFormPageForm(TamperProofFormMixin, WagtailAdminFormPageForm):
    def clean(self):
        cleaned_data = super().clean()
        fields = [
            form.instance
            for form in self.formsets["form_fields"].forms
            if form.is_valid() and not form.cleaned_data.get("DELETE")
        ]
        acceptance_fields = [field for field in fields if field.field_type == COC_ACCEPTANCE]
        if len(acceptance_fields) > 1:
            raise ValidationError(_("Add at most one Code of Conduct acceptance field."))
        if acceptance_fields and not cleaned_data.get("coc_page"):
            site = self.parent_page.get_site() if self.parent_page else None
            if site is None or CoCSettings.for_site(site).default_coc_page_id is None:
                self.add_error(
                    "coc_page",
                    _(
                        "Choose the Code of Conduct people agree to, or set a default one in "
                        "the Code of Conduct settings."
                    ),
                )
        identifier = cleaned_data.get("identifier_field", "")
        if identifier and _find_field(fields, identifier) is None:
            self.add_error("identifier_field", _("No field of this form has that label or name."))
        return cleaned_data


def _find_field(fields, label_or_name):
    wanted = label_or_name.strip().casefold()
    for field in fields:
        name = field.clean_name or field.get_field_clean_name()
        if wanted in (field.label.strip().casefold(), name.casefold()):
            return field
    return None


class RegistrationFormPage(SiteLayoutMixin, FormMixin, BasePage):
    """A registration form; acceptances of its Code of Conduct field are recorded."""

    intro = SanitisedRichTextField(_("introduction"), blank=True)
    thank_you_text = SanitisedRichTextField(_("thank-you text"), blank=True)
    coc_page = models.ForeignKey(
        "wagtail_coc.CodeOfConductPage",
        verbose_name=_("Code of Conduct"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the site's default Code of Conduct."),
    )
    identifier_field = models.CharField(
        _("identifying field"),
        max_length=255,
        blank=True,
        help_text=_(
            "The label of the field that identifies the registrant, e.g. 'Email' or "
            "'Registration number'. It is stored with each Code of Conduct acceptance. "
            "Leave empty to use the first email field, or the submission number."
        ),
    )

    base_form_class = RegistrationFormPageForm
    form_builder = RegistrationFormBuilder
    template = "wagtail_coc/acceptance/pages/registration_form_page.html"
    landing_page_template = "wagtail_coc/acceptance/pages/registration_form_page_landing.html"
    # A form is a leaf; it may sit anywhere in the event's site.
    subpage_types = []

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        MultiFieldPanel(
            [FieldPanel("coc_page"), FieldPanel("identifier_field")],
            heading=_("Code of Conduct acceptance"),
        ),
        FieldPanel("thank_you_text"),
    ]

    class Meta:
        verbose_name = _("registration form page")
        verbose_name_plural = _("registration form pages")

    def get_submissions_list_view_class(self):
        # Wagtail's admin views cannot be imported while models load.
        from wagtail_coc.acceptance.submissions import RegistrationSubmissionsListView

        return RegistrationSubmissionsListView

    def get_coc_page(self):
        if self.coc_page_id:
            return self.coc_page
        site = self.get_site()
        return CoCSettings.for_site(site).default_coc_page if site else None

    def get_form_class(self):
        builder = self.form_builder(self.get_form_fields(), coc_page=self.get_coc_page())
        return builder.get_form_class()

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        try:
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            if not form.is_valid():
                return self.render_form(request, form)
            # Atomic: when the database refuses any write, nothing of the submission is kept.
            submission = self.process_form_submission(form)
        except DatabaseError:
            # Locked, read-only or gone: say plainly that the person is not registered.
            logger.exception("Registration on page %s not recorded: database error", self.pk)
            return self.render_not_registered(request)
        return self.render_landing_page(request, submission, *args, **kwargs)

    def render_form(self, request, form, status=200):
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def render_not_registered(self, request):
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        try:
            form.full_clean()
            form.add_error(None, NOT_REGISTERED_MESSAGE)
            return self.render_form(request, form, status=503).render()
        except DatabaseError:
            # Not even the form can be shown: the message alone still tells the truth.
            return HttpResponse(escape(NOT_REGISTERED_MESSAGE), status=503)

    def process_form_submission(self, form):
        acceptance_names = [
            field.clean_name
            for field in self.get_form_fields()
            if field.field_type == COC_ACCEPTANCE
        ]
        form_data = dict(form.cleaned_data)
        for name in acceptance_names:
            # The submission stores JSON: keep the version agreed to, not the page object.
            form_data[name] = form.cleaned_data[name].version_label
        with transaction.atomic():
            submission = self.get_submission_class().objects.create(form_data=form_data, page=self)
            for name in acceptance_names:
                accepted = form.cleaned_data[name]
                CoCAcceptance.record(
                    accepted.coc_page,
                    self.identifier_from(form, submission),
                    revision=accepted.revision,
                    source=self.title,
                )
        return submission

    def identifier_from(self, form, submission):
        fields = list(self.get_form_fields())
        chosen = None
        if self.identifier_field:
            chosen = _find_field(fields, self.identifier_field)
        else:
            chosen = next((field for field in fields if field.field_type == "email"), None)
        value = form.cleaned_data.get(chosen.clean_name) if chosen else None
        if value:
            return str(value)
        return str(_("Form submission %(number)s") % {"number": submission.pk})
