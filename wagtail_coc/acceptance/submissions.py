"""The registration form's submissions listing, whose CSV and XLSX exports are formula-safe."""

from wagtail.contrib.forms.views import SubmissionsListView

from wagtail_coc.spreadsheets import SpreadsheetSafeExportMixin


class RegistrationSubmissionsListView(SpreadsheetSafeExportMixin, SubmissionsListView):
    """Registrants type the cells and editors the headings (field labels): neither may run
    as a formula in the organisers' spreadsheet."""
