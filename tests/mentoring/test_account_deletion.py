"""Deleting an account keeps its promise: nothing the person wrote is left for anyone else to
read, while the other person's own words, the goals they agreed and the figures stay.

Every kind of text a person writes in mentoring is written here through its real page, by the
person who will be deleted and by the other person, each word marked with its writer. After the
deletion through the real page, the other person's pages (and the coordinators' admin) show
none of the deleted person's words and all of their own."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Booking, Feedback, Mentorship, RoundEvent, RoundProposal, SessionLog
from mentoring.rounds import services as round_services
from portal.models import User
from portal.roles import COORDINATORS
from tests import html
from tests.factories import (
    PASSWORD,
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


def as_user(client, user):
    client.force_login(user)
    return client


def post(client, user, name: str, pk: int, data: dict | None = None):
    response = as_user(client, user).post(reverse(f"mentoring:{name}", args=[pk]), data or {})
    assert response.status_code == 302, (name, html.error_summary_links(response.content))
    return response


def today() -> dict:
    day = timezone.localdate()
    return {"held_on_0": day.day, "held_on_1": day.month, "held_on_2": day.year}


def live_mentorship(client, *, writer: str, mentee, mentor) -> Mentorship:
    """A request with a question and an answer, accepted, with sessions logged by both, an
    agreed goal and two bookings (one cancelled, by whoever `writer` names), then ended early
    by that person, with feedback from both. Each text says who wrote it."""
    mentee_user, mentor_user = mentee.user, mentor.user
    as_user(client, mentee_user).post(
        reverse("mentoring:request", args=[mentor.pk]),
        {"message": "MENTEE-INTRODUCTION", "goals": "MENTEE-REQUEST-GOALS"},
    )
    mentorship = Mentorship.objects.get(mentee=mentee, mentor=mentor)
    post(client, mentor_user, "ask", mentorship.pk, {"question": "MENTOR-QUESTION"})
    post(client, mentee_user, "answer", mentorship.pk, {"answer": "MENTEE-ANSWER"})
    post(client, mentor_user, "accept", mentorship.pk)
    post(client, mentee_user, "add-goal", mentorship.pk, {"text": "AGREED-GOAL"})
    for user, who in [(mentee_user, "MENTEE"), (mentor_user, "MENTOR")]:
        post(
            client,
            user,
            "log-session",
            mentorship.pk,
            {**today(), "summary": f"{who}-SESSION-SUMMARY", "next_steps": f"{who}-NEXT-STEPS"},
        )
    kept, cancelled = SlotFactory(mentor=mentor, place="MENTOR-PLACE"), SlotFactory(mentor=mentor)
    for slot in (kept, cancelled):
        post(client, mentee_user, "book", slot.pk, {"agenda": "MENTEE-AGENDA"})
    canceller = mentee_user if writer == "mentee" else mentor_user
    post(
        client,
        canceller,
        "cancel-booking",
        Booking.objects.get(slot=cancelled).pk,
        {"reason": f"{writer.upper()}-CANCEL-REASON"},
    )
    ender = mentee_user if writer == "mentee" else mentor_user
    post(client, ender, "end-early", mentorship.pk, {"reason": f"{writer.upper()}-END-REASON"})
    for user, who in [(mentee_user, "MENTEE"), (mentor_user, "MENTOR")]:
        post(
            client,
            user,
            "feedback",
            mentorship.pk,
            {"rating": "4", "comment": f"{who}-FEEDBACK-COMMENT"},
        )
    return mentorship


def declined_match(client, *, decliner, mentee, mentor) -> Mentorship:
    mentorship = MentorshipFactory(
        mentee=mentee, mentor=mentor, status=Status.PROPOSED, message="", goals=""
    )
    RoundProposal.objects.create(
        round=MatchingRoundFactory(), mentee=mentee, mentor=mentor, mentorship=mentorship
    )
    post(client, decliner, "match-decline", mentorship.pk, {"reason": "DECLINER-MATCH-REASON"})
    return mentorship


def delete_account(client, user) -> None:
    response = as_user(client, user).post(reverse("portal:delete-account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def pages_of(client, user, mentorship: Mentorship) -> str:
    """Everything the user can read about the mentorship: its page, its bookings, the
    dashboard."""
    as_user(client, user)
    urls = [
        mentorship.get_absolute_url(),
        reverse("mentoring:dashboard"),
        *[booking.get_absolute_url() for booking in mentorship.bookings.all()],
    ]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(html.text(response.content))
    return "\n".join(pages)


def coordinators_view(client, mentorship: Mentorship) -> str:
    """The coordinators' admin page of the mentorship (with its feedback) and the feedback
    export, each after giving the reason they ask for (portal/private_access.py)."""
    as_user(client, UserFactory(is_staff=True, groups=["Coordinators"]))
    url = reverse("admin:mentoring_mentorship_change", args=[mentorship.pk])
    reason = {"private_access_reason": "Checking what stays after an account is deleted"}
    assert client.post(url, reason).status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    export = client.post(
        reverse("admin:mentoring_mentorship_changelist"),
        {"action": "export_feedback", "_selected_action": [mentorship.pk], **reason},
    )
    content = (b"".join(export.streaming_content) if export.streaming else export.content).decode()
    assert "comment" in content
    return html.text(page.content) + content


MENTEE_WORDS = [
    "MENTEE-INTRODUCTION",
    "MENTEE-REQUEST-GOALS",
    "MENTEE-ANSWER",
    "MENTEE-SESSION-SUMMARY",
    "MENTEE-NEXT-STEPS",
    "MENTEE-AGENDA",
]
MENTOR_WORDS = [
    "MENTOR-QUESTION",
    "MENTOR-SESSION-SUMMARY",
    "MENTOR-NEXT-STEPS",
    "MENTOR-PLACE",
]


def test_a_deleted_mentees_words_leave_the_mentors_pages_and_the_mentors_stay(client):
    ada = MenteeProfileFactory(goals="MENTEE-PROFILE-GOALS")
    sam = MentorProfileFactory(capacity=3)
    kim = MentorProfileFactory()
    mentorship = live_mentorship(client, writer="mentee", mentee=ada, mentor=sam)
    match = declined_match(client, decliner=ada.user, mentee=ada, mentor=kim)
    before = pages_of(client, sam.user, mentorship)
    for words in [*MENTEE_WORDS, "MENTEE-CANCEL-REASON", "MENTEE-END-REASON"]:
        assert words in before, words  # what the test looks for is there to begin with
    assert "DECLINER-MATCH-REASON" in pages_of(client, kim.user, match)
    assert "MENTEE-FEEDBACK-COMMENT" in coordinators_view(client, mentorship)

    delete_account(client, ada.user)

    after = pages_of(client, sam.user, mentorship)
    for words in [
        *MENTEE_WORDS,
        "MENTEE-PROFILE-GOALS",
        "MENTEE-CANCEL-REASON",
        "MENTEE-END-REASON",
    ]:
        assert words not in after, words
    assert "DECLINER-MATCH-REASON" not in pages_of(client, kim.user, match)
    # The mentor's own words, the goal they agreed and the records stay.
    for words in [*MENTOR_WORDS, "AGREED-GOAL"]:
        assert words in after, words
    assert "Former user" in after
    assert "The notes were deleted with the account of the person who wrote them." in after
    assert SessionLog.objects.filter(mentorship=mentorship).count() == 2
    assert mentorship.bookings.count() == 2
    coordinators = coordinators_view(client, mentorship)
    assert "MENTEE-FEEDBACK-COMMENT" not in coordinators
    assert "MENTOR-FEEDBACK-COMMENT" in coordinators
    assert sorted(Feedback.objects.values_list("rating", flat=True)) == [4, 4]


def test_a_deleted_mentors_words_leave_the_mentees_pages_and_the_mentees_stay(client):
    ada = MenteeProfileFactory()
    sam = MentorProfileFactory(capacity=3)
    mentorship = live_mentorship(client, writer="mentor", mentee=ada, mentor=sam)
    bo = MenteeProfileFactory()
    declined = MentorshipFactory(mentee=bo, mentor=sam)
    post(client, sam.user, "decline", declined.pk, {"reason": "MENTOR-DECLINE-REASON"})
    match = declined_match(client, decliner=sam.user, mentee=bo, mentor=sam)
    before = pages_of(client, ada.user, mentorship)
    for words in [*MENTOR_WORDS, "MENTOR-CANCEL-REASON", "MENTOR-END-REASON"]:
        assert words in before, words
    assert "MENTOR-DECLINE-REASON" in pages_of(client, bo.user, declined)
    assert "DECLINER-MATCH-REASON" in pages_of(client, bo.user, match)
    assert "MENTOR-FEEDBACK-COMMENT" in coordinators_view(client, mentorship)

    delete_account(client, sam.user)

    after = pages_of(client, ada.user, mentorship)
    for words in [*MENTOR_WORDS, "MENTOR-CANCEL-REASON", "MENTOR-END-REASON"]:
        assert words not in after, words
    assert "MENTOR-DECLINE-REASON" not in pages_of(client, bo.user, declined)
    assert "DECLINER-MATCH-REASON" not in pages_of(client, bo.user, match)
    for words in [*MENTEE_WORDS, "AGREED-GOAL"]:
        assert words in after, words
    coordinators = coordinators_view(client, mentorship)
    assert "MENTOR-FEEDBACK-COMMENT" not in coordinators
    assert "MENTEE-FEEDBACK-COMMENT" in coordinators


def test_the_deletion_page_says_what_goes_and_what_stays(client):
    page = html.text(as_user(client, UserFactory()).get(reverse("portal:delete-account")).content)

    assert "session notes" in page
    assert "comments in your feedback" in page
    assert "What stays, and why" in page
    assert "the goals you agreed together" in page
    assert "history of any matching round you took part in" in page


def test_a_deleted_persons_name_leaves_every_rounds_history(
    client, django_capture_on_commit_callbacks
):
    """A round's history names the pairs a coordinator locked, unlocked or excluded, and the
    locks a run released. Once the mentee's account is deleted it says "Former user" there,
    and keeps the mentor's name and the reason."""
    theme = ThemeFactory()
    coordinator = UserFactory(groups=[COORDINATORS])
    ada = MenteeProfileFactory(themes=[theme], user__first_name="Ada", user__last_name="Quill")
    sam = MentorProfileFactory(themes=[theme], user__first_name="Sam", user__last_name="Okafor")
    kim = MentorProfileFactory(themes=[theme], user__first_name="Kim", user__last_name="Ng")
    matching_round = MatchingRoundFactory()
    RoundMenteeFactory(round=matching_round, mentee=ada)
    for mentor in [sam, kim]:
        RoundMentorFactory(round=matching_round, mentor=mentor, places=1)

    def propose() -> RoundProposal:
        with django_capture_on_commit_callbacks(execute=True):
            round_services.request_proposal(matching_round=matching_round, actor=coordinator)
        return RoundProposal.objects.get(round=matching_round, mentee=ada)

    first = round_services.lock_pair(proposal=propose(), actor=coordinator)
    round_services.unlock_pair(proposal=first, actor=coordinator)
    first_mentor = first.mentor
    round_services.exclude_pair(proposal=first, actor=coordinator)
    second = round_services.lock_pair(proposal=propose(), actor=coordinator)
    second_mentor = second.mentor
    MentorshipFactory(mentee=ada, mentor=second_mentor, status=Status.DECLINED)
    assert propose().mentor is None  # the lock is released, and nobody is left for Ada
    history = reverse("mentoring:round-history", args=[matching_round.pk])
    before = html.text(as_user(client, coordinator).get(history).content)
    assert before.count("Ada Quill") == 5, before  # locked, unlocked, excluded, locked, released

    delete_account(client, ada.user)

    after = html.text(as_user(client, coordinator).get(history).content)
    assert "Ada" not in after
    first_pair = f"Former user with {first_mentor.user.get_full_name()}"
    second_pair = f"Former user with {second_mentor.user.get_full_name()}"
    assert after.count(first_pair) == 3
    assert f"{second_pair}: the two have had a mentorship or request since" in after
    assert not RoundEvent.objects.filter(detail__contains="Ada").exists()
