"""Sensitive-data scanner: protected names, email addresses and phone numbers in HTML or text.

Pure Python, no Django: usable from the admin, from a management command, or from the
command line (``python -m wagtail_coc.privacy scan --help``).
"""

from .scanner import Finding, Scanner

__all__ = ["Finding", "Scanner"]
