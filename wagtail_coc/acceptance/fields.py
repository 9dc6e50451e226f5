"""'I agree to the Code of Conduct' for any registration form.

The form carries a signed token naming the CoC page and the revision shown to the person, so
the record says exactly what they agreed to, and an edited or forged token is refused
instead of being recorded against the wrong document.
"""

from dataclasses import dataclass

from django import forms
from django.core import signing
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

TOKEN_SALT = "wagtail_coc.acceptance"
DEFAULT_FIELD_NAME = "coc_acceptance"


@dataclass(frozen=True)
class AcceptedCoC:
    """What a valid acceptance field cleans to: the page and the revision the person saw."""

    coc_page: object
    revision: Revision | None

    @property
    def version_label(self) -> str:
        if self.revision is not None:
            return self.revision.content.get("version_label", self.coc_page.version_label)
        return self.coc_page.version_label


def make_token(coc_page) -> str:
    return signing.dumps(
        {"page": coc_page.pk, "revision": coc_page.live_revision_id}, salt=TOKEN_SALT
    )


class CoCAcceptanceWidget(forms.MultiWidget):
    """A checkbox and the hidden token; the label's ``for`` points at the checkbox."""

    # One checkbox needs a <label>, not a fieldset whose legend leaves it unlabelled.
    use_fieldset = False

    def __init__(self, token="", attrs=None):
        self.token = token
        super().__init__([forms.CheckboxInput(), forms.HiddenInput()], attrs)

    def decompress(self, value):
        return [bool(value), self.token]

    def get_context(self, name, value, attrs):
        # Always offer the current token, never an echoed (possibly forged) one, so that
        # re-submitting a re-displayed form works.
        checked = value[0] if isinstance(value, list | tuple) else bool(value)
        context = super().get_context(name, [checked, self.token], attrs)
        context["widget"]["subwidgets"][1]["attrs"].pop("required", None)
        return context

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_

    def use_required_attribute(self, initial):
        return True


class CoCAcceptanceField(forms.Field):
    """A required 'I agree' checkbox for ``coc_page``; cleans to an :class:`AcceptedCoC`."""

    default_error_messages = {
        "required": _("You must agree to the Code of Conduct to register."),
        "invalid": _(
            "The Code of Conduct you accepted could not be verified; "
            "please reload the page and try again."
        ),
        "unavailable": _(
            "Registration is closed because no Code of Conduct is set up for this form. "
            "Please contact the organisers."
        ),
    }

    def __init__(self, coc_page=None, **kwargs):
        self.coc_page = coc_page
        kwargs["required"] = True
        kwargs.setdefault("label", self.label_for(coc_page))
        kwargs.setdefault("template_name", "wagtail_coc/acceptance/forms/coc_acceptance_field.html")
        super().__init__(
            widget=CoCAcceptanceWidget(token=make_token(coc_page) if coc_page else ""), **kwargs
        )

    @staticmethod
    def label_for(coc_page):
        if coc_page is None:
            return _("I have read and agree to follow the Code of Conduct")
        return format_html(
            gettext(
                'I have read and agree to follow the <a href="{url}">{title}</a>',
            ),
            url=coc_page.url or "",
            title=coc_page.title,
        )

    def clean(self, value):
        checked, token = value if isinstance(value, list | tuple) else (value, "")
        if not checked:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if self.coc_page is None:
            raise forms.ValidationError(self.error_messages["unavailable"], code="unavailable")
        try:
            claim = signing.loads(token or "", salt=TOKEN_SALT)
            page_id, revision_id = claim["page"], claim["revision"]
        except (signing.BadSignature, TypeError, KeyError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        # A genuine token from another form's CoC must not count as agreeing to this one.
        if page_id != self.coc_page.pk:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        revision = None
        if revision_id is not None:
            revision = self.coc_page.revisions.filter(pk=revision_id).first()
            if revision is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return AcceptedCoC(coc_page=self.coc_page, revision=revision)
