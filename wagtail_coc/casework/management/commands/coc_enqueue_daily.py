"""Enqueue casework's daily task (``tasks.run_daily``): run it from cron once a day.

With a worker backend (``django-tasks-db``, ``django-tasks-rq``) the worker runs it; without
``TASKS`` the immediate backend runs it here, at once.
"""

from django.core.management.base import BaseCommand

from wagtail_coc.casework.tasks import run_daily


class Command(BaseCommand):
    help = (
        "Enqueue casework's daily task (shift reminders, and the checks other casework "
        "features add); run it once a day, from cron for example."
    )

    def handle(self, *args, **options):
        result = run_daily.enqueue()
        self.stdout.write(f"Enqueued the daily casework task {result.id} ({result.status}).")
