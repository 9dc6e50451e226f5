from wagtail_coc.acceptance.models.acceptance import CoCAcceptance
from wagtail_coc.acceptance.models.registration import RegistrationFormField, RegistrationFormPage

__all__ = ["CoCAcceptance", "RegistrationFormField", "RegistrationFormPage"]
