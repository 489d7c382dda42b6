"""Matching rounds through their pages: dates that have passed, deleting a round not yet
published, what the join page offers to whom, and when a mentorship from a round starts."""

from datetime import datetime, timedelta

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.urls import reverse
from django.utils import timezone

from mentoring.bookings import calendar
from mentoring.models import (
    MatchingRound,
    Mentorship,
    RoundEvent,
    RoundMentee,
    RoundMentor,
    RoundProposal,
    SessionLog,
)
from mentoring.rounds import services as round_services
from portal.roles import COORDINATORS
from tests import html
from tests.factories import (
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

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def coordinator():
    return UserFactory(groups=[COORDINATORS], first_name="Chris", last_name="Obi")


@pytest.fixture
def theme():
    return ThemeFactory(name="Change management", slug="change-management")


def date_fields(name: str, day) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def input_value(content: bytes, name: str) -> str:
    [element] = html.elements(content, "input", name=name)
    return element.get("value", "")


# Dates ---------------------------------------------------------------------------------------


class TestARoundStartsTodayOrLater:
    def test_creating_a_round_that_starts_yesterday_is_refused_with_the_input_kept(
        self, client, coordinator
    ):
        yesterday = timezone.localdate() - timedelta(days=1)
        client.force_login(coordinator)

        response = client.post(
            reverse("mentoring:round-create"),
            {
                "name": "Winter cohort",
                **date_fields("starts_on", yesterday),
                **date_fields("ends_on", yesterday + timedelta(days=90)),
            },
        )

        assert response.status_code == 200
        assert html.title(response.content).startswith("Error: ")
        message = "The date mentoring starts must be today or in the future"
        assert html.field_error(response.content, "id_starts_on") == message
        assert html.error_summary_links(response.content) == {"#id_starts_on_0": message}
        assert input_value(response.content, "name") == "Winter cohort"
        assert input_value(response.content, "starts_on_0") == str(yesterday.day)
        assert input_value(response.content, "starts_on_2") == str(yesterday.year)
        assert not MatchingRound.objects.exists()

    def test_a_round_may_start_today(self, client, coordinator):
        today = timezone.localdate()
        client.force_login(coordinator)

        response = client.post(
            reverse("mentoring:round-create"),
            {
                "name": "Winter cohort",
                **date_fields("starts_on", today),
                **date_fields("ends_on", today + timedelta(days=90)),
            },
        )

        assert response.status_code == 302
        assert MatchingRound.objects.get().starts_on == today

    def test_changing_a_round_to_start_in_the_past_is_refused_with_the_input_kept(
        self, client, coordinator
    ):
        starts = timezone.localdate() + timedelta(days=10)
        matching_round = MatchingRoundFactory(starts_on=starts, ends_on=starts + timedelta(90))
        last_week = timezone.localdate() - timedelta(days=7)
        client.force_login(coordinator)

        response = client.post(
            reverse("mentoring:round-change", args=[matching_round.pk]),
            {
                "name": "Renamed",
                **date_fields("starts_on", last_week),
                **date_fields("ends_on", matching_round.ends_on),
            },
        )

        assert response.status_code == 200
        assert "today or in the future" in html.field_error(response.content, "id_starts_on")
        assert input_value(response.content, "name") == "Renamed"
        assert input_value(response.content, "starts_on_0") == str(last_week.day)
        matching_round.refresh_from_db()
        assert (matching_round.name, matching_round.starts_on) != ("Renamed", last_week)
        assert not matching_round.events.filter(action=RoundEvent.Action.CHANGED).exists()


# Deleting ------------------------------------------------------------------------------------


class TestDeletingARound:
    def test_a_coordinator_deletes_a_draft_round_after_being_asked(
        self, client, coordinator, theme
    ):
        matching_round = MatchingRoundFactory(name="Spring cohort")
        RoundMenteeFactory(round=matching_round, mentee=MenteeProfileFactory(themes=[theme]))
        RoundMentorFactory(round=matching_round, mentor=MentorProfileFactory(themes=[theme]))
        url = reverse("mentoring:round-delete", args=[matching_round.pk])
        client.force_login(coordinator)

        round_page = client.get(matching_round.get_absolute_url())
        asked = client.get(url)
        deleted = client.post(url, follow=True)

        assert [a["href"] for a in html.elements(round_page.content, "a") if a["href"] == url]
        assert "Are you sure you want to delete this round?" in html.text(asked.content)
        assert html.elements(asked.content, "button", class_="nhsuk-button--warning")
        cancel = [a for a in html.elements(asked.content, "a")
                  if a["href"] == matching_round.get_absolute_url()]  # fmt: skip
        assert len(cancel) == 2  # the back link and "No, go back to the round"
        assert deleted.redirect_chain == [(reverse("mentoring:rounds"), 302)]
        assert "The round “Spring cohort” has been deleted." in html.text(deleted.content)
        assert not MatchingRound.objects.exists()
        assert not RoundMentee.objects.exists() and not RoundMentor.objects.exists()
        entry = LogEntry.objects.get()
        assert (entry.action_flag, entry.user, entry.object_repr) == (
            DELETION,
            coordinator,
            "Spring cohort",
        )
        assert "with 1 mentee and 1 mentor" in entry.change_message

    def test_a_published_round_cannot_be_deleted(self, client, coordinator, theme, committed):
        matching_round = MatchingRoundFactory()
        RoundMenteeFactory(round=matching_round, mentee=MenteeProfileFactory(themes=[theme]))
        RoundMentorFactory(round=matching_round, mentor=MentorProfileFactory(themes=[theme]))
        with committed():
            round_services.request_proposal(matching_round=matching_round, actor=coordinator)
        round_services.publish_round(matching_round=matching_round, actor=coordinator)
        url = reverse("mentoring:round-delete", args=[matching_round.pk])
        client.force_login(coordinator)

        asked = client.get(url, follow=True)
        posted = client.post(url, follow=True)

        for response in (asked, posted):
            assert response.redirect_chain == [(matching_round.get_absolute_url(), 302)]
            assert "You cannot delete the round: this round has been published." in html.text(
                response.content
            )
        assert "Delete this round" not in html.text(posted.content)
        assert MatchingRound.objects.filter(pk=matching_round.pk).exists()
        assert Mentorship.objects.filter(status=Status.PROPOSED).count() == 1
        assert not LogEntry.objects.exists()

    def test_the_service_refuses_a_published_round_too(self, coordinator):
        matching_round = MatchingRoundFactory(status=MatchingRound.Status.PUBLISHED)

        with pytest.raises(round_services.Refused, match="has been published"):
            round_services.delete_round(matching_round=matching_round, actor=coordinator)

        assert MatchingRound.objects.filter(pk=matching_round.pk).exists()

    def test_only_coordinators_may_delete_a_round(self, client):
        matching_round = MatchingRoundFactory()
        client.force_login(UserFactory())

        url = reverse("mentoring:round-delete", args=[matching_round.pk])

        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
        assert MatchingRound.objects.filter(pk=matching_round.pk).exists()


# Joining -------------------------------------------------------------------------------------


class TestTheJoinPage:
    def test_a_mentee_with_a_mentor_is_told_why_and_offered_to_join_as_a_mentor(
        self, client, theme
    ):
        matching_round = MatchingRoundFactory()
        mentee = MenteeProfileFactory(themes=[theme])
        MentorshipFactory(mentee=mentee, status=Status.ACTIVE)
        MentorProfileFactory(user=mentee.user, themes=[theme], capacity=2)
        client.force_login(mentee.user)

        page = client.get(reverse("mentoring:round-join", args=[matching_round.pk]))

        text = html.text(page.content)
        buttons = [b for b in html.elements(page.content, "input") if b.get("type") == "submit"]
        buttons += html.elements(page.content, "button")
        assert "You already have a mentor" in text
        assert "Join as a mentee" not in text
        assert "Join as a mentor" in str(buttons)

    def test_a_mentee_with_a_mentor_and_no_mentor_profile_is_shown_how_to_mentor(
        self, client, theme
    ):
        matching_round = MatchingRoundFactory()
        mentee = MenteeProfileFactory(themes=[theme])
        MentorshipFactory(mentee=mentee, status=Status.ACTIVE)
        client.force_login(mentee.user)

        page = client.get(reverse("mentoring:round-join", args=[matching_round.pk]))

        assert "You already have a mentor" in html.text(page.content)
        assert "Join as a mentee" not in html.text(page.content)
        assert html.elements(page.content, "a", href=reverse("mentoring:mentor-profile"))

    def test_a_mentee_without_a_mentor_is_still_offered_to_join(self, client, theme):
        matching_round = MatchingRoundFactory()
        mentee = MenteeProfileFactory(themes=[theme])
        client.force_login(mentee.user)

        page = client.get(reverse("mentoring:round-join", args=[matching_round.pk]))

        assert "Join as a mentee" in html.text(page.content)
        assert "You already have a mentor" not in html.text(page.content)

    @pytest.mark.parametrize(("capacity", "checked"), [(1, ["1"]), (3, [])])
    def test_a_single_possible_number_of_places_is_chosen_already(
        self, client, theme, capacity, checked
    ):
        matching_round = MatchingRoundFactory()
        mentor = MentorProfileFactory(themes=[theme], capacity=capacity)
        client.force_login(mentor.user)
        url = reverse("mentoring:round-join", args=[matching_round.pk])

        page = client.get(url)

        radios = html.elements(page.content, "input", name="places")
        assert [r["value"] for r in radios if "checked" in r] == checked
        if capacity == 1:
            # The page's own choice joins the round, as a browser would send it.
            client.post(url, {"role": "mentor", "places": checked[0]})
            assert RoundMentor.objects.get(round=matching_round, mentor=mentor).places == 1


# When a mentorship from a round starts ---------------------------------------------------------


class TestARoundMentorshipStartsWithTheRound:
    def published(self, theme, coordinator, committed, *, starts_in_days: int) -> Mentorship:
        starts = timezone.localdate() + timedelta(days=starts_in_days)
        matching_round = MatchingRoundFactory(starts_on=starts, ends_on=starts + timedelta(90))
        RoundMenteeFactory(round=matching_round, mentee=MenteeProfileFactory(themes=[theme]))
        RoundMentorFactory(round=matching_round, mentor=MentorProfileFactory(themes=[theme]))
        with committed():
            round_services.request_proposal(matching_round=matching_round, actor=coordinator)
        round_services.publish_round(matching_round=matching_round, actor=coordinator)
        return Mentorship.objects.select_related("mentee__user", "mentor__user").get()

    def confirm_both(self, client, mentorship, committed):
        url = reverse("mentoring:match-confirm", args=[mentorship.pk])
        client.force_login(mentorship.mentee.user)
        client.post(url)
        client.force_login(mentorship.mentor.user)
        with committed():
            return client.post(url, follow=True)

    def test_confirmed_before_the_round_starts_it_starts_on_the_rounds_date(
        self, client, theme, coordinator, committed, mailoutbox
    ):
        mentorship = self.published(theme, coordinator, committed, starts_in_days=20)
        starts_on = RoundProposal.objects.get().round.starts_on
        written = f"{starts_on.day} {starts_on:%B %Y}"

        confirmed = self.confirm_both(client, mentorship, committed)

        mentorship.refresh_from_db()
        assert mentorship.status == Status.ACTIVE
        assert timezone.localtime(mentorship.started_at) == timezone.make_aware(
            datetime.combine(starts_on, datetime.min.time())
        )
        text = html.text(confirmed.content)
        assert f"You have both confirmed: your mentorship starts on {written}." in text
        assert f"Your mentoring starts on {written}" in text
        started = [m for m in mailoutbox if "Your mentorship starts on" in m.subject]
        assert len(started) == 2 and written in started[0].subject

    def test_no_session_before_the_round_starts(self, client, theme, coordinator, committed):
        mentorship = self.published(theme, coordinator, committed, starts_in_days=20)
        self.confirm_both(client, mentorship, committed)
        mentorship.refresh_from_db()
        soon = SlotFactory(mentor=mentorship.mentor, starts_at=timezone.now() + timedelta(days=2),
                           ends_at=timezone.now() + timedelta(days=2, hours=1))  # fmt: skip
        starts = mentorship.started_at + timedelta(days=1, hours=10)
        later = SlotFactory(mentor=mentorship.mentor, starts_at=starts,
                            ends_at=starts + timedelta(hours=1))  # fmt: skip
        client.force_login(mentorship.mentee.user)

        offered = client.get(reverse("mentoring:bookable-slots", args=[mentorship.pk]))
        booked = client.post(reverse("mentoring:book", args=[soon.pk]), {"agenda": ""})
        logged = client.post(
            reverse("mentoring:log-session", args=[mentorship.pk]),
            {**date_fields("held_on", timezone.localdate()), "summary": "Met early"},
            follow=True,
        )

        links = [a["href"] for a in html.elements(offered.content, "a")]
        assert reverse("mentoring:book", args=[later.pk]) in links
        assert reverse("mentoring:book", args=[soon.pk]) not in links
        assert booked.status_code == 409
        assert f"starts on {calendar.nhs_date(mentorship.started_at)}" in html.text(booked.content)
        assert not soon.bookings.exists()
        assert "on or after the day the mentorship started" in html.text(logged.content)
        assert not SessionLog.objects.exists()

    def test_confirmed_after_the_round_started_it_starts_at_once(
        self, client, theme, coordinator, committed
    ):
        mentorship = self.published(theme, coordinator, committed, starts_in_days=0)
        before = timezone.now()

        confirmed = self.confirm_both(client, mentorship, committed)

        mentorship.refresh_from_db()
        assert before <= mentorship.started_at <= timezone.now()
        assert "your mentorship has started" in html.text(confirmed.content)
