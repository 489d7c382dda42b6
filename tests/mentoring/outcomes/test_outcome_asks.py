"""Six and twelve months after a mentorship ends, housekeeping emails the mentee once per
milestone with a link to three questions (sign in first; the link then works). She answers
once; someone else gets 404; before the milestone the questions are not offered."""

import io
import re
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Mentorship, OutcomeAnswer, OutcomeAsk
from mentoring.outcomes import services
from portal.models import EmailPreference, HeldEmail, OutgoingEmail
from tests import html
from tests.factories import MenteeProfileFactory, MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status
LONDON = ZoneInfo("Europe/London")
ENDED = datetime(2026, 1, 15, 10, tzinfo=LONDON)
SIX_MONTHS_ON = ENDED + timedelta(days=184)
TWELVE_MONTHS_ON = ENDED + timedelta(days=366)


def finished(status: str = Status.COMPLETED, ended=ENDED, **fields) -> Mentorship:
    return MentorshipFactory(
        status=status, started_at=ended - timedelta(days=180), ended_at=ended, **fields
    )


def housekeeping(at: datetime) -> services.AskReport:
    """The step at that time, its emails sent as they are once its transaction commits."""
    with time_machine.travel(at, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        return services.ask_for_outcomes()


def asks_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email] and "months on" in m.subject]


def link_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+/outcome/\d+/", message.body).group()).path


def url(mentorship, months: int = 6) -> str:
    return reverse("mentoring:outcome", args=[mentorship.pk, months])


ANSWER = {"role_changed": "no", "band_changed": "yes", "band_now": "6", "helped": "a-lot"}


class TestAsking:
    def test_each_milestone_is_asked_once_by_email_with_a_link(self, mailoutbox):
        completed = finished()
        ended_early = finished(Status.ENDED_EARLY)
        finished(Status.DECLINED)  # never started: nothing to ask
        MentorshipFactory(status=Status.ACTIVE)

        assert housekeeping(SIX_MONTHS_ON - timedelta(days=2)).asked == 0
        assert housekeeping(SIX_MONTHS_ON).asked == 2
        assert housekeeping(SIX_MONTHS_ON + timedelta(hours=1)).asked == 0

        for mentorship in (completed, ended_early):
            [email] = asks_to(mentorship.mentee.user)
            assert email.subject == "6 months on: has mentoring made a difference?"
            assert link_in(email) == url(mentorship, 6)
            assert "15 January 2026" in email.body
        assert housekeeping(TWELVE_MONTHS_ON).asked == 2
        assert housekeeping(TWELVE_MONTHS_ON).asked == 0
        [_, twelve] = asks_to(completed.mentee.user)
        assert link_in(twelve) == url(completed, 12)
        assert OutcomeAsk.objects.count() == 4

    def test_the_housekeeping_command_runs_the_step(self, mailoutbox):
        mentorship = finished()
        out = io.StringIO()

        with time_machine.travel(SIX_MONTHS_ON, tick=False):
            for _ in range(2):
                with TestCase.captureOnCommitCallbacks(execute=True):
                    call_command("mentoring_housekeeping", stdout=out)

        assert "Outcome asks: emailed 1 mentees 6 or 12 months on." in out.getvalue()
        assert "Outcome asks: emailed 0 mentees" in out.getvalue()
        assert len(asks_to(mentorship.mentee.user)) == 1

    def test_a_mentorship_that_ended_long_before_is_not_asked_late(self, mailoutbox):
        finished(ended=ENDED - timedelta(days=400))

        assert housekeeping(SIX_MONTHS_ON).asked == 0

    def test_a_mentee_who_chose_the_digest_gets_it_there(self, mailoutbox):
        mentorship = finished()
        EmailPreference.objects.create(
            user=mentorship.mentee.user, kind="feedback", delivery="digest"
        )

        housekeeping(SIX_MONTHS_ON)

        assert asks_to(mentorship.mentee.user) == []
        held = HeldEmail.objects.get(user=mentorship.mentee.user)
        assert held.link == mentorship.get_absolute_url()

    def test_queries_do_not_grow_with_the_number_of_mentorships(self):
        def queries(asked: int) -> int:
            # The step's own queries: its emails wait in the outbox for the worker.
            with (
                time_machine.travel(SIX_MONTHS_ON, tick=False),
                CaptureQueriesContext(connection) as captured,
            ):
                assert services.ask_for_outcomes().asked == asked
            return len(captured)

        for _ in range(3):
            finished()
        small = queries(3)
        for _ in range(20):
            finished()  # due now: asked and emailed
            finished(ended=ENDED - timedelta(days=100))  # asked at another time
            MentorshipFactory(status=Status.ACTIVE)

        assert queries(20) == small
        assert OutgoingEmail.objects.filter(template="outcome_ask").count() == 3 + 20

    def test_a_batch_is_a_fixed_number_of_queries_plus_the_emails(self, monkeypatch):
        monkeypatch.setattr(services, "ASK_BATCH", 2)
        for _ in range(3):
            finished()

        with CaptureQueriesContext(connection) as captured:
            assert housekeeping(SIX_MONTHS_ON).asked == 3

        reads = [q for q in captured if "mentoring_outcomeask" in q["sql"].lower()]
        assert OutcomeAsk.objects.count() == 3
        assert len(reads) <= 2 * 4  # per batch: two selections, one insert, one claim read

    def test_the_database_holds_one_ask_per_milestone(self):
        mentorship = finished()
        OutcomeAsk.objects.create(
            mentorship=mentorship, months=6, asked_at=ENDED, claim=uuid.uuid4()
        )

        with pytest.raises(IntegrityError):
            OutcomeAsk.objects.create(
                mentorship=mentorship, months=6, asked_at=ENDED, claim=uuid.uuid4()
            )


class TestAnswering:
    def test_the_emailed_link_works_after_signing_in_and_the_answer_is_saved(self, client):
        mentorship = finished()
        mentee = mentorship.mentee.user
        housekeeping(SIX_MONTHS_ON)
        link = link_in(asks_to(mentee)[0])

        with time_machine.travel(SIX_MONTHS_ON + timedelta(days=1), tick=False):
            signed_out = client.get(link)
            assert signed_out.status_code == 302
            assert signed_out.url == f"{reverse('portal:sign-in')}?next={link}"
            client.force_login(mentee)
            page = client.get(link)
            assert html.title(page.content).startswith("6 months on: what has changed?")
            response = client.post(link, ANSWER)

        assert response.status_code == 302 and response.url == mentorship.get_absolute_url()
        answer = OutcomeAnswer.objects.get()
        assert (answer.months, answer.role_changed, answer.band_changed) == (6, False, True)
        assert (answer.band_before, answer.band_now, answer.helped) == ("5", "6", "a-lot")

    def test_the_mentorship_page_offers_the_questions_once_open_until_answered(self, client):
        mentorship = finished()
        client.force_login(mentorship.mentee.user)

        with time_machine.travel(SIX_MONTHS_ON - timedelta(days=3), tick=False):
            assert url(mentorship) not in client.get(mentorship.get_absolute_url()).content.decode()
        with time_machine.travel(SIX_MONTHS_ON, tick=False):
            client.force_login(mentorship.mentee.user)  # a new visit, months later
            assert url(mentorship) in client.get(mentorship.get_absolute_url()).content.decode()
            client.post(url(mentorship), ANSWER)
            assert url(mentorship) not in client.get(mentorship.get_absolute_url()).content.decode()

    def test_answering_twice_keeps_the_first_answer_and_says_so(self, client):
        mentorship = finished()
        client.force_login(mentorship.mentee.user)

        with time_machine.travel(SIX_MONTHS_ON, tick=False):
            client.post(url(mentorship), ANSWER)
            response = client.post(url(mentorship), {**ANSWER, "band_changed": "no"})

        assert response.status_code == 200
        assert "Your first answer stands" in html.text(response.content)
        assert OutcomeAnswer.objects.get().band_changed is True

    def test_before_the_milestone_the_questions_are_not_offered(self, client):
        mentorship = finished()
        client.force_login(mentorship.mentee.user)

        with time_machine.travel(SIX_MONTHS_ON - timedelta(days=5), tick=False):
            page = client.get(url(mentorship))
            posted = client.post(url(mentorship), ANSWER)

        assert page.status_code == 200
        assert "These questions open on 17 July 2026" in html.text(page.content)
        assert "<form" not in page.content.decode().split("<main", 1)[1]
        assert posted.status_code == 200
        assert not OutcomeAnswer.objects.exists()
        early = time_machine.travel(SIX_MONTHS_ON - timedelta(days=5), tick=False)
        with pytest.raises(services.Refused, match="open on 17 July 2026"), early:
            services.answer_outcome(
                mentorship=mentorship, actor=mentorship.mentee.user, months=6,
                role_changed=False, band_changed=False, band_now="", helped="no",
            )  # fmt: skip

    def test_someone_else_or_the_mentor_gets_404_and_nothing_is_saved(self, client):
        mentorship = finished()

        with time_machine.travel(SIX_MONTHS_ON, tick=False):
            for person in (UserFactory(), mentorship.mentor.user):
                client.force_login(person)
                assert client.get(url(mentorship)).status_code == 404
                assert client.post(url(mentorship), ANSWER).status_code == 404

        assert not OutcomeAnswer.objects.exists()

    def test_no_questions_for_a_mentorship_still_active_or_an_unknown_milestone(self, client):
        active = MentorshipFactory(status=Status.ACTIVE)
        mentorship = finished()
        client.force_login(active.mentee.user)
        assert client.get(url(active)).status_code == 404
        client.force_login(mentorship.mentee.user)
        with time_machine.travel(SIX_MONTHS_ON, tick=False):
            assert client.get(url(mentorship, 9)).status_code == 404

    def test_a_band_change_without_a_band_is_explained_with_the_answers_kept(self, client):
        mentorship = finished()
        client.force_login(mentorship.mentee.user)

        with time_machine.travel(SIX_MONTHS_ON, tick=False):
            response = client.post(url(mentorship), {**ANSWER, "band_now": ""})
            missing = client.post(url(mentorship), {"band_now": "6"})

        assert response.status_code == 200
        assert html.title(response.content).startswith("Error: ")
        assert "Select your band now" in html.field_error(response.content, "id_band_now")
        assert 'value="a-lot" checked' in response.content.decode()
        assert 'value="yes" checked' in response.content.decode()
        assert "Select whether mentoring helped" in html.field_error(missing.content, "id_helped")
        assert "Select yes if your role has changed" in html.text(missing.content)
        assert not OutcomeAnswer.objects.exists()

    def test_the_database_refuses_a_band_change_without_the_band(self):
        with pytest.raises(IntegrityError):
            OutcomeAnswer.objects.create(
                mentorship=finished(), months=6, role_changed=False, band_changed=True,
                band_now="", helped="no", answered_at=SIX_MONTHS_ON,
            )  # fmt: skip


def test_a_mentee_without_an_account_any_more_is_not_emailed(mailoutbox):
    mentorship = finished(mentee=MenteeProfileFactory(user=UserFactory(is_active=False)))

    housekeeping(SIX_MONTHS_ON)

    assert mail.outbox == []
    assert OutcomeAsk.objects.filter(mentorship=mentorship).exists()
