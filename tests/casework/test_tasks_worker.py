"""Casework's tasks on the ORM backend (``django-tasks-db``), run by its worker: a report's
notification waits in the database, holding no content, until the worker sends it."""

import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.casework.helpers import ACCOUNT, SECRETS, report_data
from wagtail_coc.casework.models import Case, OnDutyShift

HOUR = timezone.timedelta(hours=1)


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """The worker of ``manage.py db_worker``, until no task is left."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


# transaction=True: the worker locks and commits as it does in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_the_new_case_notification_the_page_enqueued(
    client, report_page, member, colleague, db_tasks
):
    now = timezone.now()
    OnDutyShift.objects.create(member=member, starts=now - HOUR, ends=now + HOUR)
    mail.outbox.clear()

    response = client.post(report_page.url, report_data())
    assert "Your report was received" in response.content.decode()
    case = Case.objects.get()
    [queued] = DBTaskResult.objects.all()
    assert queued.status == "READY"
    assert queued.task_path == "wagtail_coc.casework.tasks.notify"
    assert queued.args_kwargs == {"args": [case.pk, "new_case"], "kwargs": {}}
    stored = str(DBTaskResult.objects.values().get())
    assert not [secret for secret in SECRETS + list(ACCOUNT.values()) if secret in stored]
    assert mail.outbox == []

    run_worker()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.traceback
    assert queued.return_value == 1
    [email] = mail.outbox
    assert email.to == [member.email]
    assert case.code_name in email.subject
