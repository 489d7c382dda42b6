"""Round history entries about a pair keep the two people as accounts, never as names in the
text; entries written before that are read back by migration 0012."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from mentoring.models import Mentorship, RoundEvent, RoundProposal, StatusChange
from tests.factories import MatchingRoundFactory, MentorshipFactory, UserFactory

migration = import_module("mentoring.migrations.0013_no_names_in_round_histories")
read_legacy = migration._read

MENTEES = {"Ada Quill": 1, "Jo with Hyphen-Smith": 2, "Former user": None}
MENTORS = {"Sam Okafor": 3, "Kim Ng": 4, "Former user": None}


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        ("Ada Quill with Sam Okafor", (1, 3, "")),
        ("Ada Quill with Kim Ng: the pair was excluded", (1, 4, "the pair was excluded")),
        ("Jo with Hyphen-Smith with Kim Ng", (2, 4, "")),
        (
            "Former user with Sam Okafor: the mentee has another locked pair",
            (None, 3, "the mentee has another locked pair"),
        ),
        # Nobody left in the round goes by this name: the name goes, the reason stays.
        (
            "Lee Gone with Sam Okafor: the mentor is no longer in this round",
            (None, None, "the mentor is no longer in this round"),
        ),
        ("Lee Gone with Sam Okafor", (None, None, "")),
    ],
)
def test_old_entries_are_read_back_into_accounts_and_a_reason(detail, expected):
    assert read_legacy(detail, MENTEES, MENTORS) == expected


@pytest.mark.django_db
def test_an_entry_about_a_pair_names_them_from_their_accounts():
    ada = UserFactory(first_name="Ada", last_name="Quill")
    sam = UserFactory(first_name="Sam", last_name="Okafor")
    event = RoundEvent.objects.create(
        round=MatchingRoundFactory(),
        action=RoundEvent.Action.LOCK_RELEASED,
        mentee_user=ada,
        mentor_user=sam,
        detail="the pair was excluded",
    )
    assert event.description == "Ada Quill with Sam Okafor: the pair was excluded"

    ada.delete()
    event.refresh_from_db()

    assert event.description == "Former user with Sam Okafor: the pair was excluded"


@pytest.mark.django_db
def test_old_expiry_notes_say_who_did_not_confirm_by_their_part_not_their_name():
    mentorship = MentorshipFactory(status=Mentorship.Status.EXPIRED)
    RoundProposal.objects.create(
        round=MatchingRoundFactory(),
        mentee=mentorship.mentee,
        mentor=mentorship.mentor,
        mentorship=mentorship,
        mentor_confirmed_at=timezone.now(),
    )
    old = StatusChange.objects.create(
        mentorship=mentorship,
        from_status="proposed",
        to_status="expired",
        automatic=True,
        note=f"Not confirmed in time by {mentorship.mentee_name}.",
        at=timezone.now(),
    )

    migration.say_who_did_not_confirm_by_their_part(django_apps, None)

    old.refresh_from_db()
    assert old.note == "Not confirmed in time by the mentee."
