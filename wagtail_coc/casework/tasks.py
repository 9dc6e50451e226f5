"""Casework's work that runs later, as tasks of ``django_tasks``.

Imported from ``django_tasks`` as Wagtail 8 imports its own tasks, on every Django version, so
one ``TASKS`` setting and one worker serve both. Without ``TASKS`` the immediate backend runs
each task at once, in the process that enqueues it; the ORM backend (``django-tasks-db``) or RQ
(``django-tasks-rq``) run them in a worker (docs/casework.md shows both set-ups).

Arguments are numbers and strings only, as every backend stores them as JSON: a task loads
the case itself, and a case purged meanwhile is simply skipped.
"""

from django.db import transaction
from django_tasks import task

from wagtail_coc.casework.cases import Case
from wagtail_coc.casework.deadlines import check_deadlines
from wagtail_coc.casework.notifications import Reason, notify_on_duty, remind_upcoming_shifts
from wagtail_coc.casework.retention import purge_expired


@task()
def notify(case_pk: int, reason: str) -> int:
    """Tell the members on duty about a case (``notifications.notify_on_duty``); returns how
    many members were told."""
    case = Case.objects.filter(pk=case_pk).first()
    if case is None:
        return 0
    return notify_on_duty(case, reason)


def notify_after_commit(case, reason) -> None:
    """Enqueue ``notify`` for ``case`` once the current transaction commits: a rolled-back case
    tells nobody, and a backend that fails to enqueue is logged without losing the case."""
    case_pk, reason = case.pk, Reason(reason).value

    # A named function, not a partial: Django's log of a failed callback names it.
    def enqueue_notification():
        notify.enqueue(case_pk, reason)

    transaction.on_commit(enqueue_notification, robust=True)


@task()
def send_reminders() -> int:
    """Remind members of their shifts starting within a day; returns how many were reminded."""
    return remind_upcoming_shifts()


@task()
def check_overdue() -> int:
    """Tell the members on duty of every newly missed deadline; returns how many cases.
    During an event, with one-hour promises, enqueue it every few minutes
    (``coc_enqueue_daily --deadlines``)."""
    return check_deadlines()


@task()
def run_daily() -> dict:
    """Casework's daily work, enqueued by ``coc_enqueue_daily`` (from cron, say): shift
    reminders, missed deadlines, and the retention schedule's warnings and purges. Returns a
    count for each kind of work done, never a name."""
    purged = purge_expired()
    return {
        "reminders": remind_upcoming_shifts(),
        "overdue": check_deadlines(),
        "warned": len(purged.warned),
        "purged": len(purged.purged),
    }
