"""Given the capability framework and a mentor, when a new member signs up, says where they are
and where they want to be, assesses their skills, reads their gaps, sets a goal and shares the
plan with their mentor, and the mentor comments, then the member downloads the plan as a Word
document holding all of it; every page on the way passes axe-core."""

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from mentoring.models import Mentorship
from mentoring.plans.models import CareerPlan
from tests.browser.test_bookings_journey import sign_in
from tests.factories import (
    CareerStepFactory,
    LeaderFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PathwayStageFactory,
    RoleFactory,
    RoleLevelFactory,
    SkillFactory,
    SkillRequirementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "steady-harbour-42"


@pytest.fixture
def framework(db):
    role = RoleFactory(name="IT service manager", family__name="IT operations")
    analyst = RoleLevelFactory(role=role, name="IT service analyst", order=1)
    manager = RoleLevelFactory(role=role, name="IT service manager", order=2)
    skills = {
        name: SkillFactory(name=name)
        for name in ["Stakeholder relationship management", "Incident management", "Planning"]
    }
    for name, level in [("Stakeholder relationship management", 4), ("Incident management", 3)]:
        SkillRequirementFactory(
            role_level=manager,
            skill=skills[name],
            level=level,
            level_description=f"You lead {name.lower()} for the service.",
        )
    SkillRequirementFactory(role_level=manager, skill=skills["Planning"], level=2)
    SkillRequirementFactory(role_level=analyst, skill=skills["Planning"], level=1)
    leader = LeaderFactory(name="Jo Smith")
    CareerStepFactory(leader=leader, role_level=manager)
    PathwayStageFactory(role_level=manager, development_actions="Chair a major incident review")
    return {"analyst": analyst, "manager": manager}


def test_a_new_member_plans_a_move_shares_it_and_takes_it_to_their_appraisal(site, framework):
    mentor_user = UserFactory(email="tom@nhs.net", first_name="Tom", last_name="Reid")
    MentorProfileFactory(user=mentor_user)
    page = site.page

    # Given a new member who signs up
    site.visit("/account/sign-up/")
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email address").fill("priya@nhs.net")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title("My account – Pathways – NHS")

    # When they open their plan and say where they are and where they want to be
    page.get_by_role("link", name="My plan").click()
    site.check()
    page.get_by_role("link", name="Start my plan").click()
    site.check()
    page.get_by_label("Your current role").select_option(str(framework["manager"].pk))
    page.get_by_label("The role you want to move to").select_option(str(framework["manager"].pk))
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("not the one you have")
    site.check()
    page.get_by_label("Your current role").select_option(str(framework["analyst"].pk))
    page.get_by_role("button", name="Save and continue").click()

    # And assess their skills
    expect(page.get_by_role("heading", level=1)).to_have_text("Assess your skills")
    site.check()
    for skill, level in [
        ("Stakeholder relationship management", "Awareness"),
        ("Incident management", "Working"),
        ("Planning", "Practitioner"),
    ]:
        page.get_by_role("group", name=skill, exact=True).get_by_label(level, exact=True).check()
    page.get_by_role("button", name="Save my assessment").click()

    # Then they see their gaps, largest first, with what helps
    gaps = page.locator(".pathways-gap-list > li")
    expect(gaps).to_have_count(2)
    expect(gaps.first).to_contain_text("Stakeholder relationship management")
    expect(gaps.first).to_contain_text("Jo Smith")
    expect(gaps.first).to_contain_text("Map out your place in your local system.")
    expect(gaps.nth(1)).to_contain_text("Chair a major incident review")
    site.check()

    # When they make a plan: a goal for the largest gap
    gaps.first.get_by_role("link", name="Add a goal").click()
    site.check()
    page.get_by_label("What you will do").fill("Run monthly service reviews with suppliers")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("How you will show it").fill("Notes of three reviews and their actions")
    page.get_by_role("button", name="Add goal").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("goal")
    site.check()

    # And, now that Tom mentors them, share it with him
    priya = CareerPlan.objects.get().owner
    MentorshipFactory(
        mentee=MenteeProfileFactory(user=priya),
        mentor=mentor_user.mentor_profile,
        status=Mentorship.Status.ACTIVE,
    )
    site.visit("/mentoring/my-plan/")
    page.get_by_role("link", name="Share your plan with your mentor").click()
    site.check()
    page.get_by_label("Tom Reid, your mentor").check()
    page.get_by_role("button", name="Share my plan").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("shared with Tom Reid")
    site.check()

    # Then Tom reads it from his dashboard and comments
    sign_in(site, mentor_user)
    site.visit("/mentoring/")
    page.get_by_role("link", name="Priya Shah's plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Shah's plan")
    site.check()
    page.get_by_label("Your comment").fill("Start with the supplier reviews; bring the notes.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("comment has been added")
    site.check()

    # And Priya takes it to her appraisal: the page to print, and the Word document
    sign_in(site, priya)
    site.visit("/mentoring/my-plan/")
    expect(page.locator("main")).to_contain_text("Start with the supplier reviews")
    page.get_by_role("link", name="Your plan on one page, to print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal development plan")
    site.check()
    site.visit("/mentoring/my-plan/progress/")
    site.visit("/mentoring/my-plan/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your plan as a Word document (.docx)").click()
    document = Document(str(download.value.path()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for expected in [
        "IT service analyst (IT operations)",
        "IT service manager (IT operations)",
        "Stakeholder relationship management",
        "Run monthly service reviews with suppliers",
        "31 March 2027",
        "Notes of three reviews and their actions",
        "Start with the supplier reviews; bring the notes.",
    ]:
        assert expected in text, expected
