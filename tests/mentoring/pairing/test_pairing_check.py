"""The pairing check through the real URLs: the card after the first session, private answers,
a "no" ending the mentorship without blame and keeping the pair apart, bad input, the
coordinators' counts, and query counts."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    Booking,
    Mentorship,
    PairExclusion,
    PairingCheck,
    SessionLog,
    StatusChange,
)
from mentoring.pairing.services import ENDED_NOTE
from mentoring.rounds import assignment
from mentoring.rounds.selectors import round_facts
from portal.roles import COORDINATORS
from tests import html
from tests.factories import (
    BookingFactory,
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    RoundMenteeFactory,
    RoundMentorFactory,
    SlotFactory,
    ThemeFactory,
    UserFactory,
)
from tests.mentoring.health.test_pages import MENTORSHIP_PAGE_QUERIES

Status = Mentorship.Status
pytestmark = pytest.mark.django_db

ASK = "Is this mentoring working for you?"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit emails at its end, as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def held_a_session(mentorship: Mentorship) -> Mentorship:
    SessionLog.objects.create(
        mentorship=mentorship,
        held_on=timezone.localdate() - timedelta(days=1),
        summary="First chat",
        next_steps="",
        logged_by=mentorship.mentor.user,
    )
    return mentorship


def active_pair(**kwargs) -> Mentorship:
    return MentorshipFactory(status=Status.ACTIVE, **kwargs)


def page(client, user, mentorship) -> str:
    client.force_login(user)
    response = client.get(mentorship.get_absolute_url())
    assert response.status_code == 200
    return html.text(response.content)


def answer(client, user, mentorship, **data):
    client.force_login(user)
    return client.post(reverse("mentoring:pairing-check", args=[mentorship.pk]), data)


class TestTheCard:
    def test_both_are_asked_once_the_first_session_is_logged_and_not_before(self, client):
        mentorship = active_pair()

        assert ASK not in page(client, mentorship.mentee.user, mentorship)
        held_a_session(mentorship)

        assert ASK in page(client, mentorship.mentee.user, mentorship)
        assert ASK in page(client, mentorship.mentor.user, mentorship)

    def test_a_held_booking_counts_as_the_first_session(self, client):
        mentorship = active_pair()
        booking = BookingFactory(mentorship=mentorship)

        assert ASK not in page(client, mentorship.mentee.user, mentorship)
        Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.HELD)

        assert ASK in page(client, mentorship.mentee.user, mentorship)

    def test_a_yes_is_thanked_and_the_other_person_never_learns_of_it(self, client):
        mentorship = held_a_session(active_pair())
        mentee, mentor = mentorship.mentee.user, mentorship.mentor.user
        before = page(client, mentor, mentorship)

        response = answer(client, mentee, mentorship, working="yes", note="Going well")

        assert response.url == mentorship.get_absolute_url()
        check = PairingCheck.objects.get()
        assert (check.role, check.working, check.note) == ("mentee", True, "Going well")
        mine = page(client, mentee, mentorship)
        assert "you told us this mentoring is working for you" in mine
        # The mentor's page is exactly as it was: still asked, nothing about the mentee's answer.
        assert page(client, mentor, mentorship) == before
        mentorship.refresh_from_db()
        assert mentorship.status == Status.ACTIVE


class TestANoEndsItWithoutBlame:
    def test_the_mentor_says_no_and_the_mentorship_ends_once_without_a_reason(
        self, client, committed
    ):
        coordinator = UserFactory(groups=[COORDINATORS])
        mentorship = held_a_session(active_pair())
        future = BookingFactory(mentorship=mentorship)
        mentee, mentor = mentorship.mentee.user, mentorship.mentor.user

        with committed():
            response = answer(
                client, mentor, mentorship, working="no", note="We never find a time to meet."
            )

        assert response.url == mentorship.get_absolute_url()
        mentorship.refresh_from_db()
        assert mentorship.status == Status.ENDED_EARLY
        assert mentorship.end_reason == ""
        change = StatusChange.objects.get(mentorship=mentorship, to_status=Status.ENDED_EARLY)
        assert (change.actor, change.automatic, change.note) == (None, True, ENDED_NOTE)
        future.refresh_from_db()
        assert future.status == Booking.Status.CANCELLED
        assert PairExclusion.objects.filter(
            mentee=mentorship.mentee, mentor=mentorship.mentor
        ).exists()
        # Both told in the same neutral words; the coordinator told which side, never the note.
        ended = [m for m in mail.outbox if "has ended" in m.subject]
        assert sorted(m.to[0] for m in ended) == sorted([mentee.email, mentor.email])
        to_mentee = next(m for m in ended if m.to == [mentee.email])
        assert "/mentoring/suggestions/" in to_mentee.body
        assert "No reason is given" in to_mentee.body
        assert "We never find a time" not in to_mentee.body
        to_coordinator = [m for m in mail.outbox if m.to == [coordinator.email]]
        assert len(to_coordinator) == 1
        assert "the mentor said it was not working" in to_coordinator[0].body
        assert "Open Pathways to see it" in to_coordinator[0].body
        assert "We never find a time" not in to_coordinator[0].body
        # The mentee sees no reason and no hint of who said no, and is offered new mentors.
        mentee_page = page(client, mentee, mentorship)
        assert "This mentorship ended after a pairing check. No reason is given." in mentee_page
        assert "Find a new mentor" in mentee_page
        assert "We never find a time" not in mentee_page
        assert "Pathways ended the mentorship early" in mentee_page
        assert mentor.get_full_name() + " ended" not in mentee_page

    def test_the_mentee_says_no_and_is_offered_other_mentors_not_this_one(self, client):
        theme = ThemeFactory()
        mentee = MenteeProfileFactory(themes=[theme])
        old, other = (
            MentorProfileFactory(themes=[theme], user__first_name=name) for name in ("Old", "New")
        )
        mentorship = held_a_session(active_pair(mentee=mentee, mentor=old))

        response = answer(client, mentee.user, mentorship, working="no")
        shown = page(client, mentee.user, mentorship)

        assert response.url == mentorship.get_absolute_url()
        assert "Find a new mentor" in shown
        assert other.user.get_full_name() in shown
        suggestions = client.get(reverse("mentoring:suggestions"))
        assert other.user.get_full_name() in html.text(suggestions.content)
        assert old.user.get_full_name() not in html.text(suggestions.content)
        # The mentor's own page: the same neutral words, no suggestions.
        mentor_page = page(client, old.user, mentorship)
        assert "No reason is given." in mentor_page
        assert "Find a new mentor" not in mentor_page

    def test_the_pair_cannot_ask_again_and_the_directory_says_so_kindly(self, client):
        mentorship = held_a_session(active_pair())
        answer(client, mentorship.mentor.user, mentorship, working="no")
        mentee = mentorship.mentee.user
        client.force_login(mentee)

        detail = html.text(client.get(mentorship.mentor.get_absolute_url()).content)
        refused = client.post(
            reverse("mentoring:request", args=[mentorship.mentor.pk]),
            {"message": "Could we try again?", "goals": "Grow"},
        )

        assert "A pairing check ended your mentorship" in detail
        assert "to mentor you" not in detail
        assert refused.status_code == 200
        assert "a pairing check ended your mentorship together" in html.text(refused.content)
        assert "Could we try again?" in refused.content.decode()
        assert Mentorship.objects.count() == 1

    def test_a_pair_kept_apart_is_never_matched_in_any_round(self):
        theme = ThemeFactory()
        mentee = MenteeProfileFactory(themes=[theme])
        mentor = MentorProfileFactory(themes=[theme], capacity=3)
        PairExclusion.objects.create(mentee=mentee, mentor=mentor, created_at=timezone.now())
        for _ in range(2):
            matching_round = MatchingRoundFactory()
            RoundMenteeFactory(round=matching_round, mentee=mentee)
            RoundMentorFactory(round=matching_round, mentor=mentor, places=2)

            facts = round_facts(matching_round)
            result = assignment.assign(
                facts.mentees,
                facts.mentors,
                places=facts.places,
                excluded=facts.excluded,
                past_pairs=facts.past_pairs,
            )

            assert (mentee.pk, mentor.pk) in facts.excluded
            assert not [p for p in result.pairs if p.mentor_id == mentor.pk]


class TestBadInput:
    def test_someone_elses_mentorship_is_not_found(self, client):
        mentorship = held_a_session(active_pair())
        stranger = UserFactory()

        assert answer(client, stranger, mentorship, working="no").status_code == 404
        assert (
            client.get(reverse("mentoring:pairing-check", args=[mentorship.pk])).status_code == 404
        )
        assert not PairingCheck.objects.exists()
        mentorship.refresh_from_db()
        assert mentorship.status == Status.ACTIVE

    def test_answering_twice_keeps_the_first_answer(self, client):
        mentorship = held_a_session(active_pair())
        answer(client, mentorship.mentee.user, mentorship, working="yes")

        again = answer(client, mentorship.mentee.user, mentorship, working="no")
        shown = html.text(client.get(again.url).content)

        assert "You have already answered the pairing check. Your first answer stands." in shown
        assert list(PairingCheck.objects.values_list("working", flat=True)) == [True]
        mentorship.refresh_from_db()
        assert mentorship.status == Status.ACTIVE

    def test_before_the_first_session_the_answer_is_refused(self, client):
        mentorship = active_pair()

        refused = answer(client, mentorship.mentee.user, mentorship, working="no")
        shown = html.text(client.get(refused.url).content)

        assert "You can answer the pairing check after your first session." in shown
        assert not PairingCheck.objects.exists()
        mentorship.refresh_from_db()
        assert mentorship.status == Status.ACTIVE

    @pytest.mark.parametrize("value", ["maybe", ""])
    def test_an_invalid_answer_shows_a_message_keeps_the_note_and_saves_nothing(
        self, client, value
    ):
        mentorship = held_a_session(active_pair())

        response = answer(
            client, mentorship.mentee.user, mentorship, working=value, note="My own words"
        )

        assert response.status_code == 200
        assert html.title(response.content).startswith("Error:")
        assert "Select yes if this mentoring is working for you" in html.field_error(
            response.content, "id_working"
        )
        assert "My own words" in response.content.decode()
        assert not PairingCheck.objects.exists()

    def test_a_note_too_long_is_refused_with_the_input_kept(self, client):
        mentorship = held_a_session(active_pair())

        response = answer(client, mentorship.mentee.user, mentorship, working="no", note="x" * 1001)

        assert response.status_code == 200
        assert "1,000 characters or fewer" in html.field_error(response.content, "id_note")
        assert not PairingCheck.objects.exists()
        mentorship.refresh_from_db()
        assert mentorship.status == Status.ACTIVE

    def test_a_finished_mentorship_cannot_be_answered(self, client):
        mentorship = held_a_session(MentorshipFactory(status=Status.COMPLETED))

        refused = answer(client, mentorship.mentee.user, mentorship, working="no")

        assert "only while the mentorship is active" in html.text(client.get(refused.url).content)
        assert not PairingCheck.objects.exists()


class TestCoordinators:
    def test_only_coordinators_see_the_counts(self, client):
        client.force_login(UserFactory())

        assert client.get(reverse("mentoring:pairing-checks")).status_code == 403

    def test_counts_by_side_with_a_link_to_the_note_and_no_other_answers(self, client):
        mentorship = held_a_session(active_pair())
        answer(client, mentorship.mentee.user, mentorship, working="no", note="Not a fit")
        kept = held_a_session(active_pair())
        answer(client, kept.mentor.user, kept, working="yes", note="Private yes note")

        client.force_login(UserFactory(groups=[COORDINATORS]))
        response = client.get(reverse("mentoring:pairing-checks"))
        shown = html.text(response.content)

        assert "1 (1 by the mentee, 0 by the mentor)" in shown
        assert "The mentee" in shown
        # The note opens on its own page, after a reason (test_coordinator_note.py).
        assert "Read the note" in shown
        assert "Not a fit" not in shown
        assert "Private yes note" not in shown

    @pytest.mark.parametrize("ended", [1, 6])
    def test_the_coordinators_page_runs_the_same_queries_however_many(
        self, client, ended, django_assert_num_queries
    ):
        for _ in range(ended):
            mentorship = held_a_session(active_pair())
            PairingCheck.objects.create(
                mentorship=mentorship,
                role="mentor",
                working=False,
                answered_at=timezone.now(),
                ended_mentorship=True,
            )
        client.force_login(UserFactory(groups=[COORDINATORS]))

        with django_assert_num_queries(11):
            response = client.get(reverse("mentoring:pairing-checks"))
        assert response.status_code == 200


class TestQueryCounts:
    @pytest.mark.parametrize("sessions", [1, 8])
    def test_the_mentorship_page_with_the_card(self, client, sessions, django_assert_num_queries):
        mentorship = active_pair()
        for _ in range(sessions):
            held_a_session(mentorship)
        SlotFactory(mentor=mentorship.mentor)
        client.force_login(mentorship.mentee.user)

        # tests/mentoring/health/test_pages.py says what each query reads.
        with django_assert_num_queries(MENTORSHIP_PAGE_QUERIES):
            response = client.get(mentorship.get_absolute_url())
        assert ASK in html.text(response.content)


class TestMyData:
    def test_my_download_holds_my_own_answer_and_never_the_other_persons(self, client):
        mentorship = held_a_session(active_pair())
        answer(client, mentorship.mentor.user, mentorship, working="yes", note="MENTOR-NOTE")
        answer(client, mentorship.mentee.user, mentorship, working="yes", note="MENTEE-NOTE")

        client.force_login(mentorship.mentee.user)
        data = client.get(reverse("portal:my-data")).json()

        given = data["mentoring"]["pairing_checks_given"]
        assert [(c["working"], c["note"]) for c in given] == [(True, "MENTEE-NOTE")]
        assert "MENTOR-NOTE" not in json.dumps(data)

    def test_deleting_my_account_blanks_my_note(self, client):
        mentorship = held_a_session(active_pair())
        answer(client, mentorship.mentee.user, mentorship, working="no", note="MENTEE-NOTE")
        user = mentorship.mentee.user
        user.set_password("steady-harbour-42")
        user.save()

        client.force_login(user)
        response = client.post(reverse("portal:delete-account"), {"password": "steady-harbour-42"})

        assert response.status_code == 302
        assert list(PairingCheck.objects.values_list("note", flat=True)) == [""]
