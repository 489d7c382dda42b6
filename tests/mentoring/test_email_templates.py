"""The mentoring e-mails: for each, a one-line subject, and text and HTML bodies that say the same
thing, link to the page to act on, escape what people typed, and show nothing private.

The e-mails are rendered from unsaved model instances, so no database is needed except for the
one test that sends them through the real pipeline.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import include, path

import mentoring
from mentoring.models import LivedExperience, MenteeProfile, MentorProfile, Mentorship
from portal.emails import send_templated_email
from portal.models import User
from tests import html
from tests.mentoring.agreements.email_cases import agreement_cases
from tests.mentoring.pairing.email_cases import pairing_cases
from tests.mentoring.rounds.email_cases import round_cases


def _page(request, pk: int) -> HttpResponse:
    return HttpResponse()


# A stand-in for the mentoring URLs, so these tests depend on the templates and the model's
# get_absolute_url only, not on the mentoring views.
urlpatterns = [
    path(
        "mentoring/",
        include(
            (
                [
                    path("mentorships/<int:pk>/", _page, name="mentorship"),
                    path("mentorships/<int:pk>/pulse/", _page, name="pulse"),
                ],
                "mentoring",
            )
        ),
    ),
]
pytestmark = pytest.mark.urls(__name__)

SITE_URL = "https://pathways.example.nhs.uk"
SCRIPT = '<script>alert("gotcha")</script>'
LONDON = ZoneInfo("Europe/London")
REQUESTED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=LONDON)
VOID_ELEMENTS = {
    *("area", "base", "br", "col", "embed", "hr", "img", "input"),
    *("link", "meta", "source", "track", "wbr"),
}


# People and a mentorship, unsaved ------------------------------------------------------------


def mentee_user() -> User:
    return User(pk=12, first_name="Priya", last_name="Shah", email="priya.shah@nhs.net")


def mentor_user() -> User:
    return User(pk=13, first_name="Tom", last_name="O'Brien", email="tom.obrien@nhs.net")


def coordinator() -> User:
    return User(pk=14, first_name="Ada", last_name="Coordinator", email="ada@nhs.net")


def mentor_profile(user: User | None = None) -> MentorProfile:
    return MentorProfile(
        pk=3,
        user=user or mentor_user(),
        headline="Chief digital officer",
        lived_experience=[LivedExperience.CARER],
    )


def mentorship(**fields: Any) -> Mentorship:
    mentee = MenteeProfile(
        pk=2,
        user=mentee_user(),
        goals="Move into a Band 8a role.",
        preferred_experience=[LivedExperience.CARER],
    )
    return Mentorship(
        pk=7,
        mentee=mentee,
        mentor=mentor_profile(),
        message=(
            "Hello Tom,\n\nI am a Band 7 product manager at a trust in Leeds, and I read your "
            f"story on Pathways. {SCRIPT}"
        ),
        goals="Prepare for a Band 8a role.\nLead a team through a change of patient record.",
        requested_at=REQUESTED_AT,
        **fields,
    )


# The e-mails -----------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    context: Callable[[], dict[str, Any]]
    subject: str
    # The page to act on: a path under the site, or None for the mentorship's own page.
    link: str | None = None
    # Phrases both bodies must say.
    says: list[str] = field(default_factory=list)


def to_mentor(**fields: Any) -> Callable[[], dict[str, Any]]:
    def context() -> dict[str, Any]:
        m = mentorship(**fields)
        return {"recipient": m.mentor.user, "mentorship": m}

    return context


def to_mentee(**fields: Any) -> Callable[[], dict[str, Any]]:
    def context() -> dict[str, Any]:
        m = mentorship(**fields)
        return {"recipient": m.mentee.user, "mentorship": m}

    return context


def withdrawn(*, found_mentor: bool) -> Callable[[], dict[str, Any]]:
    def context() -> dict[str, Any]:
        return {**to_mentor(status=Mentorship.Status.WITHDRAWN)(), "found_mentor": found_mentor}

    return context


def reminder() -> dict[str, Any]:
    return {**to_mentor()(), "expires": REQUESTED_AT + timedelta(days=14)}


def ended_early_by_mentee() -> dict[str, Any]:
    context = to_mentor(
        status=Mentorship.Status.ENDED_EARLY,
        end_reason=f"My new job leaves no time for mentoring. {SCRIPT}",
    )()
    return {**context, "ended_by": context["mentorship"].mentee.user}


def ended_early_by_coordinator() -> dict[str, Any]:
    context = to_mentee(
        status=Mentorship.Status.ENDED_EARLY,
        end_reason=f"The mentor has left the NHS. {SCRIPT}",
    )()
    return {**context, "ended_by": coordinator()}


def completed_by_self() -> dict[str, Any]:
    context = to_mentee(status=Mentorship.Status.COMPLETED)()
    return {**context, "completed_by": context["recipient"]}


def completed_by_other() -> dict[str, Any]:
    context = to_mentor(status=Mentorship.Status.COMPLETED)()
    return {**context, "completed_by": context["mentorship"].mentee.user}


def outcome_ask() -> dict[str, Any]:
    ended = datetime(2026, 1, 15, 10, tzinfo=LONDON)
    context = to_mentee(status=Mentorship.Status.COMPLETED, ended_at=ended)()
    return {**context, "months": 6, "answer_url": "/mentoring/mentorships/7/outcome/6/"}


PAUSE_REASON = f"2 requests in a row expired without an answer. {SCRIPT}"


def paused() -> dict[str, Any]:
    mentor = mentor_profile()
    return {"recipient": mentor.user, "mentor": mentor, "reason": PAUSE_REASON}


def paused_for_coordinators() -> dict[str, Any]:
    return {"mentor": mentor_profile(), "reason": PAUSE_REASON}


SUGGESTIONS = "/mentoring/suggestions/"


def pulse_asked() -> dict[str, Any]:
    context = to_mentee(status=Mentorship.Status.ACTIVE)()
    closes_on = REQUESTED_AT.date() + timedelta(days=120)
    return {
        **context,
        "other_name": "Tom O'Brien",
        "closes_on": closes_on,
        "last_day": closes_on - timedelta(days=1),
    }


CASES = [
    Case(
        "request_received",
        to_mentor(),
        "Priya Shah has asked you to be their mentor",
        says=["I am a Band 7 product manager", "Lead a team through a change of patient record"],
    ),
    Case(
        "request_accepted",
        to_mentee(status=Mentorship.Status.ACTIVE),
        "Tom O'Brien has agreed to be your mentor",
        says=["Tom O'Brien has accepted your request"],
    ),
    Case(
        "request_declined",
        to_mentee(
            status=Mentorship.Status.DECLINED,
            decline_reason=f"I have no space until the autumn, sorry. {SCRIPT}",
        ),
        "Tom O'Brien cannot be your mentor at the moment",
        link=SUGGESTIONS,
        says=["They said:", "I have no space until the autumn, sorry.", "not a judgement"],
    ),
    Case(
        "request_declined",
        to_mentee(status=Mentorship.Status.DECLINED),
        "Tom O'Brien cannot be your mentor at the moment",
        link=SUGGESTIONS,
        says=["not able to take on your request"],
    ),
    Case(
        "more_information_requested",
        to_mentee(
            status=Mentorship.Status.MORE_INFORMATION,
            mentor_question=f"Which parts of leading a team worry you most? {SCRIPT}",
        ),
        "Tom O'Brien has a question about your mentoring request",
        says=["Which parts of leading a team worry you most?"],
    ),
    Case(
        "more_information_provided",
        to_mentor(mentor_question="Which parts of leading a team worry you most?"),
        "Priya Shah has answered your question",
        says=["Which parts of leading a team worry you most?", "accept or decline"],
    ),
    Case(
        "request_withdrawn",
        withdrawn(found_mentor=True),
        "Priya Shah has found a mentor",
        says=["Priya Shah has found a mentor", "is now closed", "Thank you"],
    ),
    Case(
        "request_withdrawn",
        withdrawn(found_mentor=False),
        "Priya Shah has withdrawn their mentoring request",
        says=["Priya Shah has withdrawn their request", "Thank you"],
    ),
    Case(
        "request_reminder",
        reminder,
        "Reminder: Priya Shah is waiting for your answer",
        says=["since 2 March 2026", "expires on 16 March 2026"],
    ),
    Case(
        "request_expired",
        to_mentee(status=Mentorship.Status.EXPIRED),
        "Your mentoring request to Tom O'Brien has expired",
        link=SUGGESTIONS,
        says=["Tom O'Brien did not answer your request", "in time"],
    ),
    Case(
        "mentorship_ended_early",
        ended_early_by_mentee,
        "Your mentorship with Priya Shah has ended early",
        says=[
            "Priya Shah has ended your mentorship early",
            "My new job leaves no time for mentoring.",
            "from 1 to 5",
        ],
    ),
    Case(
        "mentorship_ended_early",
        ended_early_by_coordinator,
        "Your mentorship with Tom O'Brien has ended early",
        says=[
            "A Pathways coordinator has ended your mentorship with Tom O'Brien early",
            "The mentor has left the NHS.",
            "another mentor",
        ],
    ),
    Case(
        "mentorship_completed",
        completed_by_self,
        "Your mentorship with Tom O'Brien is complete",
        says=[
            "Congratulations",
            "You have marked your mentorship with Tom O'Brien as complete",
            "from 1 to 5",
            "Only the Pathways coordinators see your feedback",
        ],
    ),
    Case(
        "mentorship_completed",
        completed_by_other,
        "Your mentorship with Priya Shah is complete",
        says=["Priya Shah has marked your mentorship as complete", "from 1 to 5"],
    ),
    Case(
        "mentor_paused",
        paused,
        "Your Pathways mentor profile is paused",
        link="/mentoring/profile/mentor/",
        says=["cannot send you new requests", "expired without an answer", "carry on"],
    ),
    Case(
        "mentor_paused_coordinators",
        paused_for_coordinators,
        "Mentor profile paused: Tom O'Brien",
        link="/admin/mentoring/mentorprofile/3/change/",
        says=["Tom O'Brien’s mentor profile", "expired without an answer"],
    ),
    Case(
        "pulse_asked",
        pulse_asked,
        "Halfway through your mentoring: how is it going?",
        link="/mentoring/mentorships/7/pulse/",
        says=["halfway through your mentoring with Tom O'Brien", "until you have both answered"],
    ),
    Case(
        "outcome_ask",
        outcome_ask,
        "6 months on: has mentoring made a difference?",
        link="/mentoring/mentorships/7/outcome/6/",
        says=[
            "Your mentoring with Tom O'Brien ended on 15 January 2026, 6 months ago",
            "whether your role or your band changed",
            "You will need to sign in",
        ],
    ),
]
CASES += round_cases(Case, mentorship, SCRIPT)
CASES += pairing_cases(Case, mentorship, SCRIPT)
CASES += agreement_cases(Case, mentorship, SCRIPT)


def case_id(case: Case) -> str:
    return f"{case.name}:{case.subject}"


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


@pytest.fixture(autouse=True)
def strict_templates(settings):
    """A misspelt variable shows up in the output instead of rendering as nothing."""
    settings.SITE_URL = SITE_URL
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "string_if_invalid": "INVALID[%s]"}}
    ]


def render(case: Case) -> Rendered:
    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL}
    context |= case.context()
    return Rendered(
        *(render_to_string(f"email/{case.name}/{part}", context) for part in PARTS),
    )


PARTS = ("subject.txt", "body.txt", "body.html")


def expected_link(case: Case) -> str:
    if case.link is not None:
        return SITE_URL + case.link
    return SITE_URL + case.context()["mentorship"].get_absolute_url()


class Checker(HTMLParser):
    """Records the html element's lang, every href and src, and any tag out of balance."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.urls: list[str] = []
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        self.urls += [value or "" for name, value in attrs if name in {"href", "src"}]
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            self.problems.append(f"</{tag}> closes a void element (line {self.getpos()[0]})")
        elif not self.open or self.open[-1] != tag:
            expected = f"</{self.open[-1]}>" if self.open else "nothing"
            self.problems.append(f"</{tag}> where {expected} was due (line {self.getpos()[0]})")
        else:
            self.open.pop()

    def close(self) -> None:
        super().close()
        self.problems += [f"<{tag}> is never closed" for tag in self.open]


def check_html(content: str) -> Checker:
    checker = Checker()
    checker.feed(content)
    checker.close()
    return checker


# Tests -----------------------------------------------------------------------------------------


def test_every_e_mail_the_services_send_is_covered():
    mentoring_folder = Path(mentoring.__file__).parent
    modules = [*mentoring_folder.glob("*/services.py"), *mentoring_folder.glob("*/jobs.py")]
    source = "\n".join(path.read_text() for path in sorted(modules))
    # email_person("name", ...), email_for("name", ...) and send_templated_email(name="name",
    # ...); the bookings' emails have their own tests.
    sent = set(re.findall(r'(?:email_person|email_for)\(\s*"(\w+)"', source))
    sent |= set(re.findall(r'send_templated_email\(\s*name="(\w+)"', source))

    assert sent == {case.name for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_subject_is_one_short_specific_line(case):
    subject = render(case).subject.strip()

    assert subject == case.subject
    assert "\n" not in subject
    assert len(subject) <= 78


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_both_bodies_link_to_the_page_to_act_on(case):
    rendered = render(case)
    link = expected_link(case)

    assert link in rendered.text.split()
    assert link in check_html(rendered.html).urls


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_both_bodies_say_the_same_thing(case):
    rendered = render(case)
    text = " ".join(rendered.text.split())
    html_text = html.text(rendered.html)

    for phrase in case.says:
        assert phrase in text, f"the text body does not say {phrase!r}"
        assert phrase in html_text, f"the HTML body does not say {phrase!r}"
    # Same greeting and sign-off.
    assert text.split(",")[0] == html_text.split(",")[0]
    assert text.endswith("Pathways, NHS digital leadership mentoring")
    assert html_text.endswith("Pathways, NHS digital leadership mentoring")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_html_is_well_formed_in_british_english_with_no_scripts_or_outside_resources(case):
    content = render(case).html
    checker = check_html(content)

    assert checker.problems == []
    assert content.startswith("<!DOCTYPE html>")
    assert checker.lang == "en-GB"
    assert "<script" not in content.lower()
    assert "<img" not in content.lower()
    assert checker.urls
    assert all(url.startswith(SITE_URL + "/") for url in checker.urls), checker.urls


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_what_people_typed_is_escaped_in_html_and_left_alone_in_text(case):
    rendered = render(case)

    assert SCRIPT not in rendered.html
    # Plain text is not HTML: an apostrophe in a name stays an apostrophe.
    for part in (rendered.subject, rendered.text):
        assert "&#x27;" not in part
        assert "&amp;" not in part
        assert "&lt;" not in part
    if SCRIPT in rendered.text:
        assert "&lt;script&gt;alert(&quot;gotcha&quot;)&lt;/script&gt;" in rendered.html


def test_the_mentees_message_is_escaped_in_the_request_e_mail():
    rendered = render(CASES[0])

    assert SCRIPT in rendered.text
    assert "&lt;script&gt;" in rendered.html
    assert "<script" not in rendered.html


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_nothing_private_or_missing_is_shown(case):
    rendered = render(case)

    for part in (rendered.subject, rendered.text, rendered.html):
        assert "INVALID[" not in part  # a misspelt or missing variable
        assert "Former user" not in part
        for private in ("@nhs.net", LivedExperience.CARER.value, LivedExperience.CARER.label):
            assert private not in part
        assert "rating:" not in part.lower()


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_text_body_has_no_stray_blank_lines(case):
    text = render(case).text

    assert "\n\n\n" not in text
    assert not text.startswith(("\n", " "))
    assert text.endswith("mentoring\n")
    assert all(line == line.rstrip() for line in text.splitlines())


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_sent_through_the_real_pipeline(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(name=case.name, to=["someone@nhs.net"], context=case.context())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == case.subject
    assert expected_link(case) in message.body
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert 'lang="en-GB"' in content
