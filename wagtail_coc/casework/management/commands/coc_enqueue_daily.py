"""Enqueue casework's daily task (``tasks.run_daily``): run it from cron once a day.

With a worker backend (``django-tasks-db``, ``django-tasks-rq``) the worker runs it; without
``TASKS`` the immediate backend runs it here, at once.
"""

from django.core.management.base import BaseCommand

from wagtail_coc.casework.tasks import check_overdue, run_daily


class Command(BaseCommand):
    help = (
        "Enqueue casework's daily task (shift reminders, missed deadlines, retention warnings "
        "and purges); run it once a day, from cron for example. With --deadlines, enqueue only "
        "the check of missed deadlines: run that every few minutes during an event."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--deadlines", action="store_true", help="Only check for missed deadlines."
        )

    def handle(self, *args, **options):
        task = check_overdue if options["deadlines"] else run_daily
        result = task.enqueue()
        self.stdout.write(f"Enqueued {task.name} as {result.id} ({result.status}).")
