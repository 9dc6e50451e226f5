"""A mixin that adds Code of Conduct acceptance to any Django form and records it."""

from wagtail_coc.acceptance.fields import DEFAULT_FIELD_NAME, CoCAcceptanceField
from wagtail_coc.acceptance.models import CoCAcceptance


class CoCAcceptanceFormMixin:
    """Adds the acceptance field to a Django form; call :meth:`record_coc_acceptance` on save.

    Pass ``coc_page=`` when building the form. Subclasses may set ``coc_acceptance_field_name``.
    """

    coc_acceptance_field_name = DEFAULT_FIELD_NAME

    def __init__(self, *args, coc_page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.coc_acceptance_field_name] = CoCAcceptanceField(coc_page=coc_page)

    def record_coc_acceptance(self, identifier, source=""):
        """Store the acceptance of a valid form; returns the new ``CoCAcceptance``."""
        accepted = self.cleaned_data[self.coc_acceptance_field_name]
        return CoCAcceptance.record(
            accepted.coc_page, identifier, revision=accepted.revision, source=source
        )
