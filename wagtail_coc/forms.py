"""Admin forms: phone numbers are validated and normalised against the snippet's region.

The region lives on the parent (team or emergency information) while numbers may live on
inline children, so the check runs after the whole form and its formsets are cleaned.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from wagtail_coc.phone import InvalidPhoneNumber, normalise

INVALID_PHONE_MESSAGE = _(
    "“%(value)s” is not a phone number that can be dialled in %(region)s. "
    "Write it as you would dial it locally, or start with + and the country code."
)


class RegionalPhoneForm(WagtailAdminModelForm):
    phone_fields: tuple[str, ...] = ()
    child_phone_fields: dict[str, tuple[str, ...]] = {}

    def is_valid(self):
        valid = super().is_valid()
        region = self.cleaned_data.get("region") or getattr(self.instance, "region", "")
        if not region:
            return valid
        for name in self.phone_fields:
            valid &= self._normalise(self, name, region)
        for relation, names in self.child_phone_fields.items():
            for child in self.formsets[relation].forms:
                if not hasattr(child, "cleaned_data") or child.cleaned_data.get("DELETE"):
                    continue
                for name in names:
                    valid &= self._normalise(child, name, region)
        return valid

    @staticmethod
    def _normalise(form, name, region) -> bool:
        value = form.cleaned_data.get(name)
        if not value:
            return True
        try:
            form.cleaned_data[name] = normalise(value, region)
        except InvalidPhoneNumber:
            form.add_error(name, INVALID_PHONE_MESSAGE % {"value": value, "region": region})
            return False
        setattr(form.instance, name, form.cleaned_data[name])
        return True


class CoCTeamForm(RegionalPhoneForm):
    phone_fields = ("hotline",)
    child_phone_fields = {"members": ("phone",)}


class EmergencyInfoForm(RegionalPhoneForm):
    child_phone_fields = {"numbers": ("number",)}
