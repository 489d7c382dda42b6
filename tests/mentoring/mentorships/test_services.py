"""The mentorship lifecycle: every transition, every refusal, and what each one tells people."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentoring.mentorships import services
from mentoring.models import Feedback, Mentorship, StatusChange
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    UserFactory,
)

Status = Mentorship.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit e-mails at its end, as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask(mentee=None, mentor=None, **kwargs) -> Mentorship:
    return services.request_mentor(
        mentee=mentee or MenteeProfileFactory(),
        mentor=mentor or MentorProfileFactory(),
        message=kwargs.get("message", "Hello"),
        goals=kwargs.get("goals", "Lead a team"),
    )


def history(mentorship: Mentorship) -> list[tuple[str, str]]:
    return list(
        StatusChange.objects.filter(mentorship=mentorship)
        .order_by("at", "id")
        .values_list("from_status", "to_status")
    )


def snapshot(mentorship: Mentorship) -> tuple:
    """What the database holds about a mentorship: a refused change must leave it as it was."""
    fresh = Mentorship.objects.get(pk=mentorship.pk)
    return (fresh.status, fresh.started_at, fresh.ended_at, fresh.changes.count())


class TestRequesting:
    def test_a_request_is_recorded_and_the_mentor_told(self, committed):
        mentor = MentorProfileFactory(user__first_name="Jo")

        with committed():
            mentorship = ask(mentor=mentor, message="I admire your path")

        assert mentorship.status == Status.REQUESTED
        assert history(mentorship) == [("", "requested")]
        assert [m.to for m in mail.outbox] == [[mentor.user.email]]
        assert mentorship.get_absolute_url() in mail.outbox[0].body

    def test_one_open_request_per_pair(self):
        mentee, mentor = MenteeProfileFactory(), MentorProfileFactory()
        ask(mentee, mentor)

        with pytest.raises(services.Refused, match="already have an open request"):
            ask(mentee, mentor)
        assert Mentorship.objects.count() == 1

    def test_the_database_also_refuses_a_second_open_request_for_a_pair(self):
        from django.db import IntegrityError, transaction

        first = MentorshipFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            MentorshipFactory(mentee=first.mentee, mentor=first.mentor)

    def test_a_pair_may_ask_again_after_a_decline(self):
        mentee, mentor = MenteeProfileFactory(), MentorProfileFactory()
        first = ask(mentee, mentor)
        services.decline_request(mentorship=first, actor=mentor.user)

        assert ask(mentee, mentor).status == Status.REQUESTED

    def test_at_most_three_open_requests_per_mentee(self, settings):
        mentee = MenteeProfileFactory()
        for _ in range(3):
            ask(mentee)

        with pytest.raises(services.Refused, match="3 requests waiting"):
            ask(mentee)

    def test_the_limit_is_a_setting(self, settings):
        settings.MENTORING_RULES = {**settings.MENTORING_RULES, "max_open_requests_per_mentee": 1}
        mentee = MenteeProfileFactory()
        ask(mentee)

        with pytest.raises(services.Refused, match="1 requests waiting"):
            ask(mentee)

    def test_paused_or_closed_mentors_take_no_requests(self):
        with pytest.raises(services.Refused, match="not taking new requests"):
            ask(mentor=MentorProfileFactory(accepting_requests=False))
        with pytest.raises(services.Refused, match="not taking new requests"):
            ask(mentor=MentorProfileFactory(paused_at=timezone.now()))

    def test_nobody_can_ask_themselves(self):
        user = UserFactory()

        with pytest.raises(services.Refused, match="yourself"):
            ask(MenteeProfileFactory(user=user), MentorProfileFactory(user=user))


class TestAnswering:
    def test_accepting_makes_it_active_withdraws_other_requests_and_tells_everyone(self, committed):
        mentee = MenteeProfileFactory()
        chosen, other = MentorProfileFactory(), MentorProfileFactory()
        accepted = ask(mentee, chosen)
        elsewhere = ask(mentee, other)

        with committed():
            services.accept_request(mentorship=accepted, actor=chosen.user)

        accepted.refresh_from_db()
        elsewhere.refresh_from_db()
        assert accepted.status == Status.ACTIVE
        assert accepted.started_at and accepted.first_answered_at
        assert elsewhere.status == Status.WITHDRAWN
        assert history(elsewhere)[-1] == ("requested", "withdrawn")
        assert elsewhere.changes.last().automatic
        agree = [m for m in mail.outbox if m.subject.startswith("Agree the terms")]
        assert sorted(m.to[0] for m in agree) == sorted([mentee.user.email, chosen.user.email])
        recipients = sorted(m.to[0] for m in mail.outbox if m not in agree)
        assert recipients == sorted([mentee.user.email, other.user.email])

    def test_only_the_mentor_can_accept(self):
        mentorship = ask()
        before = snapshot(mentorship)

        with pytest.raises(services.Refused, match="Only the mentor"):
            services.accept_request(mentorship=mentorship, actor=mentorship.mentee.user)
        assert snapshot(mentorship) == before

    def test_a_withdrawn_request_cannot_be_accepted(self):
        mentorship = ask()
        services.withdraw_request(mentorship=mentorship, actor=mentorship.mentee.user)
        before = snapshot(mentorship)

        with pytest.raises(services.Refused, match="withdrawn"):
            services.accept_request(mentorship=mentorship, actor=mentorship.mentor.user)
        assert snapshot(mentorship) == before

    def test_a_mentor_at_capacity_cannot_accept_another_request(self):
        mentor = MentorProfileFactory(capacity=1)
        first, waiting = ask(mentor=mentor), ask(mentor=mentor)
        services.accept_request(mentorship=first, actor=mentor.user)
        before = snapshot(waiting)

        with pytest.raises(services.Refused, match="your capacity"):
            services.accept_request(mentorship=waiting, actor=mentor.user)
        assert snapshot(waiting) == before

    def test_declining_keeps_the_reason_and_tells_the_mentee_kindly(self, committed):
        mentorship = ask()

        with committed():
            services.decline_request(
                mentorship=mentorship, actor=mentorship.mentor.user, reason="I am full this term"
            )

        mentorship.refresh_from_db()
        assert mentorship.status == Status.DECLINED
        assert mentorship.decline_reason == "I am full this term"
        assert history(mentorship)[-1] == ("requested", "declined")
        assert mail.outbox[0].to == [mentorship.mentee.user.email]
        assert "I am full this term" in mail.outbox[0].body

    def test_more_information_goes_back_and_forth(self):
        mentorship = ask()
        mentor, mentee = mentorship.mentor.user, mentorship.mentee.user

        services.ask_for_more_information(
            mentorship=mentorship, actor=mentor, question="Which systems?"
        )
        with pytest.raises(services.Refused, match="Only the mentor"):
            services.accept_request(mentorship=mentorship, actor=mentee)
        services.provide_more_information(mentorship=mentorship, actor=mentee, answer="EPR")
        services.accept_request(mentorship=mentorship, actor=mentor)

        assert history(mentorship) == [
            ("", "requested"),
            ("requested", "more-information"),
            ("more-information", "requested"),
            ("requested", "active"),
        ]
        assert [c.note for c in mentorship.changes.all()][1:3] == ["Which systems?", "EPR"]

    def test_only_the_mentee_answers_and_only_when_asked(self):
        mentorship = ask()

        with pytest.raises(services.Refused, match="answer a question"):
            services.provide_more_information(
                mentorship=mentorship, actor=mentorship.mentee.user, answer="x"
            )
        services.ask_for_more_information(
            mentorship=mentorship, actor=mentorship.mentor.user, question="Why me?"
        )
        with pytest.raises(services.Refused, match="Only the mentee"):
            services.provide_more_information(
                mentorship=mentorship, actor=mentorship.mentor.user, answer="x"
            )

    def test_a_stranger_can_do_nothing(self):
        mentorship = ask()
        stranger = UserFactory()
        before = snapshot(mentorship)

        for action in (services.accept_request, services.withdraw_request):
            with pytest.raises(services.Refused):
                action(mentorship=mentorship, actor=stranger)
        with pytest.raises(services.Refused):
            services.decline_request(mentorship=mentorship, actor=stranger)
        assert snapshot(mentorship) == before


class TestActiveMentorships:
    @pytest.fixture
    def active(self):
        mentorship = ask()
        services.accept_request(mentorship=mentorship, actor=mentorship.mentor.user)
        return mentorship

    def test_ending_early_needs_a_reason_and_tells_the_other_person(self, active, committed):
        with pytest.raises(services.Refused, match="reason"):
            services.end_early(mentorship=active, actor=active.mentee.user, reason=" ")

        with committed():
            services.end_early(mentorship=active, actor=active.mentee.user, reason="New job")

        active.refresh_from_db()
        assert active.status == Status.ENDED_EARLY
        assert active.end_reason == "New job"
        assert [m.to for m in mail.outbox] == [[active.mentor.user.email]]

    def test_completing_asks_both_for_feedback_seen_by_coordinators_only(self, active, committed):
        with committed():
            services.complete(mentorship=active, actor=active.mentor.user)

        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            [active.mentee.user.email, active.mentor.user.email]
        )
        services.give_feedback(mentorship=active, actor=active.mentee.user, rating=5, comment="")
        services.give_feedback(mentorship=active, actor=active.mentor.user, rating=4, comment="ok")
        assert sorted(Feedback.objects.values_list("role", "rating")) == [
            ("mentee", 5),
            ("mentor", 4),
        ]
        with pytest.raises(services.Refused, match="already given feedback"):
            services.give_feedback(
                mentorship=active, actor=active.mentee.user, rating=1, comment=""
            )

    def test_feedback_only_after_the_end_and_only_1_to_5(self, active):
        with pytest.raises(services.Refused, match="feedback yet"):
            services.give_feedback(
                mentorship=active, actor=active.mentee.user, rating=3, comment=""
            )
        services.complete(mentorship=active, actor=active.mentee.user)
        with pytest.raises(services.Refused, match="1 to 5"):
            services.give_feedback(
                mentorship=active, actor=active.mentee.user, rating=6, comment=""
            )
        with pytest.raises(services.Refused, match="Only the mentee or the mentor"):
            services.give_feedback(mentorship=active, actor=UserFactory(), rating=3, comment="")

    def test_a_session_log_is_dated_within_the_mentorship(self, active):
        today = timezone.localdate()
        services.log_session(
            mentorship=active, actor=active.mentee.user, held_on=today, summary="Met", next_steps=""
        )
        with pytest.raises(services.Refused, match="today or in the past"):
            services.log_session(
                mentorship=active,
                actor=active.mentee.user,
                held_on=today + timedelta(days=1),
                summary="Later",
                next_steps="",
            )
        with pytest.raises(services.Refused, match="on or after"):
            services.log_session(
                mentorship=active,
                actor=active.mentor.user,
                held_on=today - timedelta(days=400),
                summary="Before",
                next_steps="",
            )
        assert active.sessions.count() == 1

    def test_a_completed_mentorship_takes_no_more_sessions_or_goals(self, active):
        services.complete(mentorship=active, actor=active.mentee.user)

        with pytest.raises(services.Refused):
            services.add_goal(mentorship=active, actor=active.mentee.user, text="More")
        with pytest.raises(services.Refused):
            services.log_session(
                mentorship=active,
                actor=active.mentee.user,
                held_on=timezone.localdate(),
                summary="x",
                next_steps="",
            )

    def test_completion_frees_capacity(self):
        mentor = MentorProfileFactory(capacity=1)
        first = ask(mentor=mentor)
        services.accept_request(mentorship=first, actor=mentor.user)
        services.complete(mentorship=first, actor=mentor.user)

        second = ask(mentor=mentor)
        services.accept_request(mentorship=second, actor=mentor.user)

        second.refresh_from_db()
        assert second.status == Status.ACTIVE


class TestHousekeeping:
    def test_a_reminder_at_seven_days_once_and_expiry_at_fourteen(self, committed):
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            mentorship = ask()
            mentor_email = mentorship.mentor.user.email

            clock.shift(timedelta(days=6, hours=23))
            assert services.housekeeping().reminded == 0

            clock.shift(timedelta(hours=2))
            with committed():
                assert services.housekeeping().reminded == 1
            with committed():
                assert services.housekeeping().reminded == 0  # sent once
            assert [m.to for m in mail.outbox] == [[mentor_email]]

            clock.shift(timedelta(days=7))
            report = services.housekeeping()

        mentorship.refresh_from_db()
        assert report.expired == 1
        assert mentorship.status == Status.EXPIRED
        assert history(mentorship)[-1] == ("requested", "expired")
        assert mentorship.changes.last().automatic

    def test_a_mentor_whose_requests_expire_twice_in_a_row_is_paused_and_coordinators_told(
        self, committed
    ):
        coordinator = UserFactory(groups=["Coordinators"])
        mentor = MentorProfileFactory()
        with time_machine.travel(timezone.now(), tick=False) as clock:
            ask(mentor=mentor)
            ask(mentor=mentor)
            clock.shift(timedelta(days=15))

            with committed():
                report = services.housekeeping()

        mentor.refresh_from_db()
        assert report.expired == 2
        assert report.paused == 1
        assert mentor.is_paused
        assert any(coordinator.email in m.to for m in mail.outbox)
        with pytest.raises(services.Refused, match="not taking new requests"):
            ask(mentor=mentor)

    def test_an_answer_between_expiries_resets_the_count(self):
        mentor = MentorProfileFactory(capacity=5)
        with time_machine.travel(timezone.now(), tick=False) as clock:
            ask(mentor=mentor)
            clock.shift(timedelta(days=15))
            services.housekeeping()
            answered = ask(mentor=mentor)
            services.decline_request(mentorship=answered, actor=mentor.user)
            ask(mentor=mentor)
            clock.shift(timedelta(days=15))
            services.housekeeping()

        mentor.refresh_from_db()
        assert not mentor.is_paused
        assert mentor.consecutive_expiries == 1

    def test_an_answered_request_does_not_expire(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            mentorship = ask()
            services.accept_request(mentorship=mentorship, actor=mentorship.mentor.user)
            clock.shift(timedelta(days=30))
            assert services.housekeeping().expired == 0

    def test_the_housekeeping_command_reports(self):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("mentoring_housekeeping", stdout=out)
        assert "Reminded 0, expired 0, paused 0." in out.getvalue()
