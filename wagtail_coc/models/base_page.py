"""Kept for imports written before 0.1.0; the base page lives in ``wagtail_coc.base_page``."""

from wagtail_coc.base_page import BasePage

__all__ = ["BasePage"]
