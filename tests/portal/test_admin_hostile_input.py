"""Junk posted to any field of any admin form an editor or a coordinator may submit (stale or
hostile input: not an id, a list where one value is expected) gets the form back with a
message, never a server error."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from mentoring.models import Feedback, Goal, SessionLog, StatusChange
from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillRequirement, Source
from tests.admin_pages import ROLES, add_and_change_forms
from tests.factories import (
    BookingFactory,
    CareerStepFactory,
    LeaderFactory,
    MentorProfileFactory,
    PathwayFactory,
    PathwayStageFactory,
    QuoteFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JUNK = ["abc", "1 OR 1=1", "-1", "", "9999999", "99999999999999999999", "1\x00"]
A_LIST = ["1", "abc"]


class FormReader(HTMLParser):
    """What a browser would post from the page's main admin form, field by field, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs) -> None:
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.in_form = attrs.get("id", "").endswith("_form")
        if not self.in_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type", "text") not in {"submit", "button", "file"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self.select = (attrs["name"], "multiple" in attrs)
            self.options = []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], ""

    def handle_data(self, data) -> None:
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_data(content: bytes) -> list[tuple[str, str]]:
    reader = FormReader()
    reader.feed(content.decode())
    return reader.fields


MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")


def with_junk(fields: list[tuple[str, str]], attacked, junk) -> dict[str, list[str]]:
    """The form as the page has it, with `junk` in every field `attacked` picks."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name in data:
        if name != "csrfmiddlewaretoken" and attacked(name):
            data[name] = junk if isinstance(junk, list) else [junk]
    return data


def attacks(fields: list[tuple[str, str]]):
    """Junk in every field of the form and its inlines at once (each field is cleaned and
    rendered whatever the others hold), and apart from them junk in each inline's management
    fields (which, when broken, stop the inline's own fields being read)."""
    prefixes = {MANAGEMENT.sub("", name) for name, _ in fields if MANAGEMENT.search(name)}
    for junk in [*JUNK, A_LIST]:
        yield junk, lambda name: not MANAGEMENT.search(name)
        for prefix in sorted(prefixes):
            yield (
                junk,
                lambda name, prefix=prefix: (
                    MANAGEMENT.sub("", name) == prefix and bool(MANAGEMENT.search(name))
                ),
            )


def one_of_everything() -> None:
    """One record of each kind with its relations filled: every form shows every field, and
    a page stays small, so thousands of submissions stay quick."""
    theme = ThemeFactory()
    leader = LeaderFactory(themes=[theme])
    # The framework as imported, then what an editor adds for the NHS (the sample of each kind
    # is the newest: the NHS one, whose every field is editable).
    family = JobFamily.objects.create(name="Data", slug="data", source=Source.FRAMEWORK)
    imported = RoleLevel.objects.create(
        role=Role.objects.create(family=family, name="Analyst", slug="a", source=Source.FRAMEWORK),
        name="Senior analyst",
        slug="senior-analyst",
        source=Source.FRAMEWORK,
    )
    skill = Skill.objects.create(name="Data ethics", slug="data-ethics", source=Source.FRAMEWORK)
    SkillRequirement.objects.create(
        role_level=imported, skill=skill, level=2, source=Source.FRAMEWORK
    )
    role = Role.objects.create(family=family, name="Clinical safety officer", slug="cso")
    level = RoleLevel.objects.create(role=role, name="CSO", slug="cso", lowest_band="7")
    nhs_skill = Skill.objects.create(name="Clinical safety", slug="clinical-safety")
    SkillRequirement.objects.create(role_level=level, skill=nhs_skill, level=3)
    SkillRequirement.objects.create(role_level=imported, skill=nhs_skill, level=1)
    CareerStepFactory(leader=leader, organisation=leader.organisation, role_level=level)
    QuoteFactory(leader=leader, themes=[theme])
    pathway = PathwayFactory(example_leaders=[leader])
    pathway.themes.add(theme)
    PathwayStageFactory(pathway=pathway, themes=[theme], role_level=level)
    booking = BookingFactory(mentorship__mentor=MentorProfileFactory(leader=leader))
    mentorship = booking.mentorship
    StatusChange.objects.create(
        mentorship=mentorship, from_status="requested", to_status="active", at=timezone.now()
    )
    Feedback.objects.create(mentorship=mentorship, role="mentee", rating=4, comment="Helpful")
    SessionLog.objects.create(
        mentorship=mentorship, held_on=mentorship.requested_at.date(), summary="First talk"
    )
    Goal.objects.create(mentorship=mentorship, text="Lead a team")


@pytest.mark.parametrize("role", ROLES)
def test_junk_in_any_field_of_any_admin_form_is_answered_without_a_server_error(client, role):
    one_of_everything()
    member = UserFactory(groups=[role], is_staff=True)
    client.force_login(member)
    client.raise_request_exception = False

    failures = []
    submissions = 0
    for form in add_and_change_forms(member):
        page = client.get(form)
        assert page.status_code == 200, form
        fields = form_data(page.content)
        for junk, attacked in attacks(fields):
            submissions += 1
            response = client.post(form, with_junk(fields, attacked, junk))
            if response.status_code >= 500:
                failures.append((form, junk, repr(response.exc_info[1])[:200]))
            else:
                assert response.status_code in {200, 302}, (form, junk)
    assert submissions > 0
    assert failures == [], f"{len(failures)} of {submissions} junk submissions failed: {failures}"
