"""After a purge by the retention schedule, the database file holds none of the case's text, and
an old backup of the case's rows, restored, cannot be read: its key is gone. A backup that also
holds the wrapped key stays readable only until the site key that wrapped it is rotated out."""

import datetime
from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from tests.casework.helpers import ACCOUNT, SECRETS
from tests.transparency.test_database_file import database_bytes
from wagtail_coc.casework.crypto import CaseKeyDestroyed
from wagtail_coc.casework.models import (
    Case,
    CaseMessage,
    CaseTransition,
    InvolvedPerson,
    RetentionHold,
    TeamNote,
)
from wagtail_coc.casework.retention import purge_expired

PLAIN_MARKER = "Harbour retention marker 3J"
HOLD_REASON = "Thistlewood asked us to wait for the venue"
TABLES = [Case, CaseTransition, CaseMessage, TeamNote, InvolvedPerson, RetentionHold]
SEALED = {
    Case: Case.ACCOUNT_FIELDS,
    CaseMessage: ("body",),
    TeamNote: ("body",),
    InvolvedPerson: ("name",),
    RetentionHold: ("reason",),
}


def expired_case():
    site = Site.objects.get(is_default_site=True)
    case = Case.open(site=site, event=PLAIN_MARKER, **ACCOUNT)
    TeamNote.objects.create(case=case, body="Thistlewood confirmed the coffee urn story")
    CaseMessage.objects.create(case=case, direction="to_reporter", body="keep away from me: ok")
    InvolvedPerson.objects.create(case=case, role="reported", name="Zephyrine Okonkwo-Lindqvist")
    case.transition("acknowledged")
    case.transition("not_a_violation")
    RetentionHold.objects.create(
        case=case, until=timezone.localdate() + datetime.timedelta(days=1), reason=HOLD_REASON
    )
    return case


def backup(case):
    """The case's rows as a backup holds them: every column, sealed text as stored."""
    return {model: list(model.objects.filter(**_of(model, case)).values()) for model in TABLES}


def restore(rows):
    for model in TABLES:
        model.objects.bulk_create(model(**row) for row in rows[model])


def _of(model, case):
    return {"pk": case.pk} if model is Case else {"case_id": case.pk}


def purge_on_schedule():
    later = timezone.now() + datetime.timedelta(days=30)
    purge_expired(now=later)
    return purge_expired(now=later + datetime.timedelta(days=7))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_the_purge_the_database_file_holds_nothing_of_the_case(tmp_path):
    case = expired_case()
    wrapped_key = case.wrapped_key
    assert HOLD_REASON.encode() not in database_bytes(tmp_path)

    assert purge_on_schedule().purged == [case.code_name]

    data = database_bytes(tmp_path)
    assert PLAIN_MARKER.encode() in data  # the statistics keep the event's name
    for secret in [*SECRETS, ACCOUNT["contact"], HOLD_REASON, case.code_name, wrapped_key]:
        assert secret.encode() not in data, secret


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_old_backup_of_the_case_rows_restored_after_the_purge_is_unreadable():
    case = expired_case()
    rows = backup(case)
    purge_on_schedule()
    # The backup of the case's content comes back; its key does not: the purge deleted the
    # only copy the database had, and the register entry left with the case.
    for row in rows[Case]:
        row["wrapped_key"] = ""
    for row in rows[InvolvedPerson]:
        row["protected_name_id"] = None
    restore(rows)

    for model, fields in SEALED.items():
        restored = list(model.objects.filter(**_of(model, case)))
        assert restored, model
        for instance in restored:
            for name in fields:
                with pytest.raises(CaseKeyDestroyed):
                    getattr(instance, name)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_holding_the_wrapped_key_is_unreadable_once_the_site_key_is_rotated(settings):
    old_key = settings.WAGTAIL_COC_ENCRYPTION_KEYS[0]
    case = expired_case()
    rows = backup(case)
    purge_on_schedule()
    # Until then, the backup's own copy of the wrapped key still opens it.
    assert Case(**rows[Case][0]).what_happened == ACCOUNT["what_happened"]
    # Rotating the site key and dropping the old one is what expires such a backup.
    settings.WAGTAIL_COC_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    call_command("coc_rotate_keys", stdout=StringIO())
    settings.WAGTAIL_COC_ENCRYPTION_KEYS = settings.WAGTAIL_COC_ENCRYPTION_KEYS[:1]
    for row in rows[InvolvedPerson]:
        row["protected_name_id"] = None
    restore(rows)

    restored = Case.objects.get(pk=case.pk)
    assert restored.wrapped_key
    with pytest.raises(CaseKeyDestroyed) as error:
        restored.what_happened  # noqa: B018
    assert isinstance(error.value.__cause__, InvalidToken)
