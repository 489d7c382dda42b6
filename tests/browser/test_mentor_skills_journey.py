"""Given a mentor and a mentee whose self-assessment leaves gaps, when the mentor adds the
framework skills they can help with (no script needed), fixes a mistake, and removes one, then
their public profile lists the skills and the mentee's suggestions say which gaps the mentor
can help with; every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_mentoring_journey import PASSWORD, sign_in, sign_out
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    SkillRequirementFactory,
    ThemeFactory,
    UserFactory,
    give_gaps,
)

pytestmark = pytest.mark.django_db(transaction=True)


def person(email: str, first_name: str):
    user = UserFactory(email=email, first_name=first_name, last_name="Tester")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_mentor_offers_skills_and_a_mentee_sees_the_gaps_they_cover(site):
    theme = ThemeFactory(name="Change management", slug="change-management")
    governance = SkillRequirementFactory(
        skill__name="Data governance", role_level__role__family__name="Data"
    ).skill
    SkillRequirementFactory(skill__name="Data modelling", role_level__role__family__name="Data")
    stakeholders = SkillRequirementFactory(
        skill__name="Stakeholder relationship management",
        role_level__role__family__name="Product and delivery",
    ).skill
    mentor = MentorProfileFactory(user=person("amira@nhs.net", "Amira"), themes=[theme])
    mentee = MenteeProfileFactory(user=person("grace@nhs.net", "Grace"), themes=[theme])
    give_gaps(mentee.user, {governance: (1, 3), stakeholders: (1, 2)})
    page = site.page

    # Given the mentor signed in, on their skills page from their mentor profile
    sign_in(site, "amira@nhs.net")
    site.visit("/mentoring/profile/mentor/")
    site.check()
    page.get_by_role("link", name="Skills you can help with").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skills you can help with")
    site.check()

    # When they add a skill without choosing a level, they are told what to do
    page.get_by_label("Skill", exact=True).select_option(label="Data governance")
    page.get_by_role("button", name="Add skill").click()
    expect(page.get_by_text("Choose your level in this skill").first).to_be_visible()
    site.check()

    # Then they add it at a level, and two more, and remove one
    page.get_by_label("Practitioner").check()
    page.get_by_role("button", name="Add skill").click()
    expect(
        page.get_by_text("Data governance added to the skills you can help with.")
    ).to_be_visible()
    site.check()
    for name, level in [
        ("Stakeholder relationship management", "Expert"),
        ("Data modelling", "Working"),
    ]:
        page.get_by_label("Skill", exact=True).select_option(label=name)
        page.get_by_label(level).check()
        page.get_by_role("button", name="Add skill").click()
    page.get_by_role("button", name="Remove Data modelling").click()
    expect(
        page.get_by_text("Data modelling removed from the skills you can help with.")
    ).to_be_visible()
    site.check()

    # And their public profile lists the skills they kept
    site.visit(f"/mentoring/mentors/{mentor.pk}/")
    expect(page.get_by_text("Data governance (practitioner)")).to_be_visible()
    expect(page.get_by_text("Data modelling")).to_have_count(0)
    site.check()
    sign_out(site)

    # And the mentee's suggestions say which of their gaps the mentor can help with
    sign_in(site, "grace@nhs.net")
    site.visit("/mentoring/suggestions/")
    expect(
        page.get_by_text(
            "Can help with 2 of your skill gaps: data governance, "
            "stakeholder relationship management"
        )
    ).to_be_visible()
    site.check()
