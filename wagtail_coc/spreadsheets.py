"""Spreadsheet exports that spreadsheets show as text and never run as formulas."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value) -> str:
    """Stop text typed by people (registrants, editors) running as a formula in a spreadsheet.

    Leading spaces do not protect a cell (spreadsheets strip them), so they are looked past;
    the full-width forms of = + - @ count too: some spreadsheets read them as ASCII.
    """
    text = "" if value is None else str(value)
    return f"'{text}" if text.lstrip(" ").startswith(FORMULA_PREFIXES) else text


class SpreadsheetSafeExportMixin:
    """For views built on Wagtail's ``SpreadsheetExportMixin``: every CSV cell and every
    heading (XLSX included: headings are written as plain values there) is formula-safe.
    Wagtail already stores XLSX cells that look like formulas as text."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_safe(value) if export_format == self.FORMAT_CSV else value

    def get_heading(self, queryset, field):
        return spreadsheet_safe(super().get_heading(queryset, field))
