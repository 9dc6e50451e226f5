"""Cases: code names, the state machine, envelope encryption, people and the register."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.db import connection

from tests.casework.helpers import ACCOUNT, make_user
from wagtail_coc.casework.cases import (
    CLOSED,
    MAIN_PATH,
    SHORTCUTS,
    InvalidTransition,
    allowed_transitions,
    rewrap_case_keys,
)
from wagtail_coc.casework.crypto import CaseKeyDestroyed
from wagtail_coc.casework.models import (
    Case,
    CaseMessage,
    CaseTransition,
    Decision,
    InvolvedPerson,
    Recusal,
    State,
    TeamNote,
)
from wagtail_coc.transparency.models import ProtectedName
from wagtail_coc.transparency.register import protected_names_for_site

pytestmark = pytest.mark.django_db


def raw_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


@pytest.fixture
def case(site):
    return Case.open(site=site, **ACCOUNT)


def test_a_case_gets_a_two_word_code_name_and_shows_only_that(case):
    colour, animal = case.code_name.split(" ")
    assert colour[0].isupper() and animal[0].isupper()
    assert str(case) == case.code_name


def test_code_names_do_not_repeat(site):
    names = {Case.open(site=site, what_happened="x").code_name for _ in range(40)}
    assert len(names) == 40


def decide(case, *members):
    members = members or [make_user("first", "CoC team"), make_user("second", "CoC team")]
    return Decision.record(case, "A warning", members)


def test_the_main_path_runs_from_received_to_resolved_and_every_step_is_logged(case, member):
    for state in MAIN_PATH[1:]:
        if state == State.AWAITING_FEEDBACK:
            decide(case)
        case.transition(state, member)
    assert case.state == State.RESOLVED
    steps = list(CaseTransition.objects.filter(case=case).values_list("to_state", "by_number"))
    assert [state for state, _by in steps] == list(MAIN_PATH)
    assert all(by == member.pk for _state, by in steps[1:])


def test_a_transition_logs_who_and_when_and_nothing_of_the_content(case, member):
    entry = case.transition(State.ACKNOWLEDGED, member)
    assert entry.by == member and entry.at is not None
    assert not any(secret in raw_rows(CaseTransition._meta.db_table) for secret in ACCOUNT.values())


def test_shortcuts_close_an_open_case_and_a_closed_case_can_only_be_reopened(site, member):
    for shortcut in SHORTCUTS:
        case = Case.open(site=site, what_happened="x")
        case.transition(State.ACKNOWLEDGED, member)
        case.transition(shortcut, member)
        assert allowed_transitions(case.state) == (State.INVESTIGATING,)
        case.transition(State.INVESTIGATING, member)
        assert case.state == State.INVESTIGATING


def test_a_case_cannot_skip_steps_or_close_after_the_decision(case, member):
    with pytest.raises(InvalidTransition):
        case.transition(State.RESOLVED, member)
    for state in (State.ACKNOWLEDGED, State.INVESTIGATING, State.DECIDING):
        case.transition(state, member)
    decide(case)
    case.transition(State.AWAITING_FEEDBACK, member)
    assert State.NOT_A_VIOLATION not in case.allowed_transitions()
    assert State.DECIDING in case.allowed_transitions()  # the reporter's feedback sends it back
    assert case.state == State.AWAITING_FEEDBACK


def test_every_closed_state_reopens():
    assert set(CLOSED) == {State.RESOLVED, *SHORTCUTS}
    assert all(allowed_transitions(state) == (State.INVESTIGATING,) for state in CLOSED)


def test_the_database_holds_no_text_of_a_case_its_messages_notes_or_people(case, member):
    TeamNote.objects.create(case=case, by=member, body="Spoke to Barnaby Thistlewood today")
    CaseMessage.objects.create(
        case=case, direction=CaseMessage.Direction.TO_REPORTER, body="We spoke to Thistlewood"
    )
    InvolvedPerson.objects.create(case=case, role="reported", name="Zephyrine Okonkwo-Lindqvist")
    for model in (Case, TeamNote, CaseMessage, InvolvedPerson):
        text = raw_rows(model._meta.db_table)
        for secret in ("Okonkwo-Lindqvist", "Thistlewood", "coffee urn", "reporter-xq17"):
            assert secret not in text, (model, secret)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.what_happened == ACCOUNT["what_happened"]
    assert fresh.contact == ACCOUNT["contact"]


def test_each_case_has_its_own_data_key(site):
    first = Case.open(site=site, what_happened="same words")
    second = Case.open(site=site, what_happened="same words")
    assert first.wrapped_key != second.wrapped_key
    # One case's key cannot read the other's text.
    with pytest.raises(InvalidToken):
        first.case_fernet().decrypt(second.what_happened_sealed.encode())


def test_rotating_the_site_keys_rewraps_case_keys_without_touching_content(case, settings):
    old_key = settings.WAGTAIL_COC_ENCRYPTION_KEYS[0]
    sealed_before = Case.objects.get(pk=case.pk).what_happened_sealed
    new_key = Fernet.generate_key().decode()
    settings.WAGTAIL_COC_ENCRYPTION_KEYS = [new_key, old_key]
    assert rewrap_case_keys() == 1
    settings.WAGTAIL_COC_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.what_happened_sealed == sealed_before
    assert fresh.what_happened == ACCOUNT["what_happened"]


def test_deleting_a_case_key_makes_every_copy_unreadable(case):
    backup = Case.objects.get(pk=case.pk).what_happened_sealed
    case.destroy_key()
    fresh = Case.objects.get(pk=case.pk)
    with pytest.raises(CaseKeyDestroyed):
        fresh.what_happened  # noqa: B018
    assert fresh.what_happened_sealed == backup  # the ciphertext alone is useless


def test_involved_people_get_person_code_names_and_feed_the_register(case, site):
    person = InvolvedPerson.objects.create(
        case=case, role="reported", name="Zephyrine Okonkwo-Lindqvist"
    )
    assert person.code_name and "Okonkwo" not in person.code_name
    assert str(person) == person.code_name
    assert "Zephyrine Okonkwo-Lindqvist" in protected_names_for_site(site)
    # The same name again (another case, other spacing) does not duplicate the entry.
    other = Case.open(site=site, what_happened="again")
    InvolvedPerson.objects.create(case=other, role="reported", name="zephyrine  okonkwo-lindqvist")
    assert ProtectedName.objects.filter(site=site).count() == 1


def test_a_team_member_recorded_as_involved_is_recused(case, member):
    InvolvedPerson.objects.create(case=case, role="witness", name="Morgan", team_member=member)
    assert Recusal.objects.filter(case=case, user=member, reason="involved").exists()
    assert not Case.objects.visible_to(member).filter(pk=case.pk).exists()


def test_visible_to_shows_nothing_outside_the_team_even_to_superusers(case):
    root = make_user("root", is_superuser=True)
    assert not Case.objects.visible_to(root).exists()


def test_the_register_entry_does_not_say_which_case_the_name_came_from(case, site):
    InvolvedPerson.objects.create(case=case, role="reported", name="Zephyrine Okonkwo-Lindqvist")
    entry = ProtectedName.objects.get(site=site)
    assert case.code_name not in entry.note


def test_coc_rotate_keys_rewraps_the_case_keys_too(case, settings):
    from io import StringIO

    from django.core.management import call_command

    old_key = settings.WAGTAIL_COC_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.WAGTAIL_COC_ENCRYPTION_KEYS = [new_key, old_key]
    output = StringIO()
    call_command("coc_rotate_keys", stdout=output)
    assert "Re-wrapped the data key of 1 case" in output.getvalue()
    settings.WAGTAIL_COC_ENCRYPTION_KEYS = [new_key]
    assert Case.objects.get(pk=case.pk).what_happened == ACCOUNT["what_happened"]
