"""What a mentorship's page says, through the real URLs: its history in plain sentences with
dates written the NHS way, who is called "your mentor", and optional fields marked once."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from mentoring.mentorships import services
from mentoring.models import Mentorship, StatusChange
from tests import html
from tests.factories import MenteeProfileFactory, MentorProfileFactory, MentorshipFactory

Status = Mentorship.Status
LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    mentee = MenteeProfileFactory(user__first_name="Priya", user__last_name="Shah")
    mentor = MentorProfileFactory(user__first_name="Ayesha", user__last_name="Khan")
    return mentee, mentor


class TestHistory:
    def test_each_change_is_a_plain_sentence_with_its_date_written_the_nhs_way(self, client, pair):
        mentee, mentor = pair
        with time_machine.travel(datetime(2026, 11, 30, 14, 30, tzinfo=LONDON), tick=False):
            mentorship = services.request_mentor(
                mentee=mentee, mentor=mentor, message="Hello", goals="Lead a team"
            )
            services.ask_for_more_information(
                mentorship=mentorship, actor=mentor.user, question="Which trust?"
            )
            services.provide_more_information(
                mentorship=mentorship, actor=mentee.user, answer="Bolton"
            )
        with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=LONDON), tick=False):
            services.accept_request(mentorship=mentorship, actor=mentor.user)
        client.force_login(mentee.user)

        page = client.get(reverse("mentoring:mentorship", args=[mentorship.pk]))

        text = html.text(page.content)
        assert "30 November 2026 at 2:30pm" in text
        assert "1 December 2026 at midday" in text
        assert "november" not in text  # a month is never lower-cased
        assert "Priya Shah asked for mentoring." in text
        assert "Ayesha Khan asked for more information: “Which trust?”" in text
        assert "Priya Shah gave more information: “Bolton”" in text
        assert "Ayesha Khan accepted the request and the mentorship started." in text
        assert "Requested to more information requested" not in text

    def test_pathways_own_changes_say_so_and_keep_the_reason(self):
        mentorship = MentorshipFactory(status=Status.EXPIRED)
        change = StatusChange(
            mentorship=mentorship,
            from_status=Status.REQUESTED,
            to_status=Status.EXPIRED,
            automatic=True,
            note="No answer in time.",
        )
        withdrawn = StatusChange(
            mentorship=mentorship,
            from_status=Status.REQUESTED,
            to_status=Status.WITHDRAWN,
            automatic=True,
            note="The mentee found a mentor.",
        )

        assert change.sentence == "The request expired. No answer in time."
        assert withdrawn.sentence == "Pathways withdrew the request. The mentee found a mentor."

    def test_every_change_the_services_make_has_a_sentence_of_its_own(self):
        from mentoring.mentorships.models import HISTORY_SENTENCES

        made = {
            ("", Status.REQUESTED),
            ("", Status.PROPOSED),
            (Status.REQUESTED, Status.MORE_INFORMATION),
            (Status.MORE_INFORMATION, Status.REQUESTED),
            *((start, Status.ACTIVE) for start in (Status.REQUESTED, Status.MORE_INFORMATION)),
            (Status.PROPOSED, Status.ACTIVE),
            *(
                (start, end)
                for start in (Status.REQUESTED, Status.MORE_INFORMATION, Status.PROPOSED)
                for end in (Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED)
            ),
            (Status.ACTIVE, Status.COMPLETED),
            (Status.ACTIVE, Status.ENDED_EARLY),
        }

        assert made <= set(HISTORY_SENTENCES)


class TestWhoIsYourMentor:
    @pytest.mark.parametrize(
        ("status", "mentee_sees", "mentor_sees"),
        [
            (Status.REQUESTED, "The mentor you asked", "Request from"),
            (Status.MORE_INFORMATION, "The mentor you asked", "Request from"),
            (Status.DECLINED, "The mentor you asked", "Request from"),
            (Status.PROPOSED, "Proposed mentor", "Proposed mentee"),
            (Status.ACTIVE, "Your mentor", "Your mentee"),
            (Status.COMPLETED, "Your mentor", "Your mentee"),
            (Status.ENDED_EARLY, "Your mentor", "Your mentee"),
        ],
    )
    def test_a_mentor_is_your_mentor_only_once_the_mentorship_has_started(
        self, client, status, mentee_sees, mentor_sees
    ):
        mentorship = MentorshipFactory(status=status)
        url = reverse("mentoring:mentorship", args=[mentorship.pk])

        client.force_login(mentorship.mentee.user)
        as_mentee = html.text(client.get(url).content)
        client.force_login(mentorship.mentor.user)
        as_mentor = html.text(client.get(url).content)

        assert f"{mentee_sees} {mentorship.mentor_name}" in " ".join(as_mentee.split())
        assert f"{mentor_sees} {mentorship.mentee_name}" in " ".join(as_mentor.split())
        if status not in (Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY):
            assert "Your mentor" not in as_mentee
            assert "Your mentee" not in as_mentor


def labels(content: bytes) -> list[str]:
    """Every label and legend on the page, as read."""
    return [
        " ".join(re.sub(r"<[^>]+>", "", match.group(2)).split())
        for match in re.finditer(r"<(label|legend)\b[^>]*>(.*?)</\1>", content.decode(), re.S)
    ]


class TestOptionalFields:
    def test_the_mentee_profile_marks_each_optional_field_once(self, client):
        client.force_login(MenteeProfileFactory().user)

        page = client.get(reverse("mentoring:mentee-profile"))

        found = labels(page.content)
        assert "Mentors you would especially like to hear from (optional)" in found
        assert "The pathway you are aiming for (optional)" in found
        assert not [label for label in found if label.count("(optional)") > 1]

    def test_the_mentor_profile_marks_each_optional_field_once(self, client):
        client.force_login(MentorProfileFactory().user)

        page = client.get(reverse("mentoring:mentor-profile"))

        found = labels(page.content)
        assert "Lived experience you are happy to share (optional)" in found
        assert "Your story on Pathways (optional)" in found
        assert not [label for label in found if label.count("(optional)") > 1]

    def test_declining_a_request_marks_the_reason_optional_once(self, client):
        mentorship = MentorshipFactory(status=Status.REQUESTED)
        client.force_login(mentorship.mentor.user)

        page = client.get(reverse("mentoring:decline", args=[mentorship.pk]))

        assert "Reason (optional)" in labels(page.content)
        assert "(optional) (optional)" not in html.text(page.content)
