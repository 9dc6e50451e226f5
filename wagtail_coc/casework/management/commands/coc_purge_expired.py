"""Warn the team of cases due for purging and purge the expired ones, as the daily run does.

Prints code names and counts only, never anything a case holds.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail_coc.casework.retention import BACKUPS_REMINDER, purge_expired


class Command(BaseCommand):
    help = (
        "Warn the team of the cases due for purging within 7 days and purge the cases whose "
        "retention expired (their key first, then their rows)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be done; send, change and purge nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        run = purge_expired(dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was sent, changed or purged."))
        for code_name in run.warned:
            line = _("Would warn about %(case)s") if dry_run else _("Warned about %(case)s")
            self.stdout.write(line % {"case": code_name})
        for code_name in run.purged:
            line = _("Would purge %(case)s") if dry_run else _("Purged %(case)s")
            self.stdout.write(line % {"case": code_name})
        counts = {"warned": len(run.warned), "purged": len(run.purged)}
        warned = ngettext(
            "%(warned)d case warned about", "%(warned)d cases warned about", counts["warned"]
        )
        purged = ngettext("%(purged)d case purged", "%(purged)d cases purged", counts["purged"])
        self.stdout.write(self.style.SUCCESS(f"{warned % counts}, {purged % counts}."))
        if run.purged and not dry_run:
            self.stdout.write(BACKUPS_REMINDER)
