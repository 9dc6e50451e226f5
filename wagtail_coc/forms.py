"""Admin forms: phone numbers are validated and normalised against the snippet's region.

The region lives on the parent (team or emergency information) while numbers may live on
inline children, so the parent's ``clean()`` validates the child formsets first and then
checks their numbers. Errors land on the field that holds the bad value, and the bound
form keeps what was typed.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from wagtail_coc.models.team import PERSONAL_SHARED_EMAIL_MESSAGE, shared_email_looks_personal
from wagtail_coc.phone import InvalidPhoneNumber, normalise
from wagtail_coc.sanitise import TamperProofFormMixin

INVALID_PHONE_MESSAGE = _(
    "“%(value)s” is not a phone number that can be dialled in %(region)s. "
    "Write it as you would dial it locally, or start with + and the country code."
)
INVALID_REGION_MESSAGE = _(
    "“%(value)s” is not a country code we can read phone numbers for. "
    "Use two letters, such as US, GB or DE."
)


class RegionalPhoneForm(TamperProofFormMixin, WagtailAdminModelForm):
    phone_fields: tuple[str, ...] = ()
    child_phone_fields: dict[str, tuple[str, ...]] = {}

    def clean_region(self):
        value = (self.cleaned_data.get("region") or "").strip()
        if not value:
            # Drafts defer required fields, but numbers cannot be stored without a region.
            raise ValidationError(self.fields["region"].error_messages["required"], "required")
        region = value.upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError(INVALID_REGION_MESSAGE, "invalid_region", {"value": value})
        return region

    def clean(self):
        cleaned_data = super().clean()
        if "region" in self.fields:
            # None when the region itself is invalid: its own error already says why.
            region = cleaned_data.get("region")
        else:
            region = self.instance.region
        if region:
            for name in self.phone_fields:
                self._normalise(self, name, region)
            for relation, names in self.child_phone_fields.items():
                for child in self.kept_child_forms(relation):
                    for name in names:
                        self._normalise(child, name, region)
        return cleaned_data

    def kept_child_forms(self, relation):
        """Cleaned inline forms of ``relation`` that are not marked for deletion."""
        formset = self.formsets.get(relation)
        if formset is None:
            return []
        formset.is_valid()
        return [
            child
            for child in formset.forms
            if hasattr(child, "cleaned_data") and not child.cleaned_data.get("DELETE")
        ]

    @staticmethod
    def _normalise(form, name, region):
        value = form.cleaned_data.get(name)
        if not value:
            return
        try:
            stored = normalise(value, region)
        except InvalidPhoneNumber:
            form.add_error(
                name,
                ValidationError(
                    INVALID_PHONE_MESSAGE, "invalid_phone", {"value": value, "region": region}
                ),
            )
            return
        form.cleaned_data[name] = stored
        # Inline forms built their instance before the parent was cleaned.
        setattr(form.instance, name, stored)


class CoCTeamForm(RegionalPhoneForm):
    phone_fields = ("hotline",)
    child_phone_fields = {"members": ("phone",)}

    def clean(self):
        cleaned_data = super().clean()
        shared_email = cleaned_data.get("shared_email")
        # The model checks saved members; this also catches members added in this submission.
        members = [
            (child.cleaned_data.get("name"), child.cleaned_data.get("role"))
            for child in self.kept_child_forms("members")
        ]
        if shared_email_looks_personal(shared_email, members):
            self.add_error("shared_email", PERSONAL_SHARED_EMAIL_MESSAGE)
        return cleaned_data


class EmergencyInfoForm(RegionalPhoneForm):
    child_phone_fields = {"numbers": ("number",)}


class ShortVersionForm(TamperProofFormMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Browsers silently cut pasted text at maxlength; let the server report the overflow
        # instead, so the editor sees the whole text and decides what to shorten.
        if "text" in self.fields:
            self.fields["text"].widget.attrs.pop("maxlength", None)
