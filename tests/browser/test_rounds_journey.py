"""Given mentees and mentors with profiles, when a coordinator creates a matching round, adds
everyone, proposes matches, locks a pair, proposes again and publishes, then the mentee and the
mentor confirm their match and it becomes an active mentorship. Every page passes axe-core and
breaks no Content Security Policy rule, including the progress that updates itself."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import MatchingRound, Mentorship, RoundProposal, RoundRun
from portal.roles import COORDINATORS
from tests.factories import (
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    RoundMenteeFactory,
    RoundMentorFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "steady-harbour-42"


def coordinators() -> None:
    """The Coordinators group with its rights on rounds: a transactional test starts from an
    empty database, without the groups the migrations made."""
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="mentoring",
            codename__in=["add_matchinground", "change_matchinground", "view_programme"],
        )
    )


def person(email: str, first_name: str, last_name: str, **kwargs):
    user = UserFactory(email=email, first_name=first_name, last_name=last_name, **kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(site, email: str) -> None:
    site.visit("/account/sign-in/")
    site.page.get_by_label("Email address").fill(email)
    site.page.get_by_label("Password").fill(PASSWORD)
    site.page.get_by_role("button", name="Sign in").click()
    expect(site.page).to_have_title("My account – Pathways – NHS")


def sign_out(site) -> None:
    site.page.get_by_role("button", name="Sign out").click()


def fill_date(page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def banner(page):
    return page.locator(".nhsuk-notification-banner")


def test_coordinator_runs_a_round_and_the_pair_confirm(site):
    change = ThemeFactory(name="Change management", slug="change-management")
    coordinators()
    person("chris@nhs.net", "Chris", "Obi", groups=[COORDINATORS])
    grace = MenteeProfileFactory(
        user=person("grace@nhs.net", "Grace", "Adeyemi"), themes=[change], region="london"
    )
    MenteeProfileFactory(user=person("sam@nhs.net", "Sam", "Okafor"), themes=[change])
    MentorProfileFactory(
        user=person("amira@nhs.net", "Amira", "Begum"), themes=[change], capacity=2
    )
    MentorProfileFactory(
        user=person("tom@nhs.net", "Tom", "Reid"), themes=[change], capacity=1, region="london"
    )
    page = site.page

    # Given a coordinator who creates a round
    sign_in(site, "chris@nhs.net")
    site.visit("/mentoring/rounds/")
    page.get_by_role("link", name="Create a round").click()
    site.check()
    page.get_by_role("button", name="Create round").click()
    expect(page).to_have_title("Error: Create a matching round – Pathways – NHS")
    site.check()
    page.get_by_label("Name of the round").fill("Spring 2026 cohort")
    last_year = str(timezone.localdate().year - 1)
    fill_date(page, "Mentoring starts on", "1", "4", last_year)
    fill_date(page, "Mentoring ends on", "30", "9", last_year)
    page.get_by_role("button", name="Create round").click()
    expect(page.locator("#id_starts_on-error")).to_contain_text("today or in the future")
    expect(page.get_by_label("Name of the round")).to_have_value("Spring 2026 cohort")
    site.check()
    next_year = str(timezone.localdate().year + 1)
    fill_date(page, "Mentoring starts on", "1", "4", next_year)
    fill_date(page, "Mentoring ends on", "30", "9", next_year)
    page.get_by_role("button", name="Create round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring 2026 cohort")
    site.check()

    # When they add everyone available and propose matches
    page.get_by_role("button", name="Add everyone available").click()
    expect(banner(page)).to_contain_text("Added 2 mentees and 2 mentors")
    site.check()
    page.get_by_role("button", name="Propose matches").click()
    expect(banner(page)).to_contain_text("Matches are being proposed")
    site.check()
    page.get_by_role("link", name="See the proposal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposed matches")
    expect(page.get_by_text("2 of 2 mentees (100%)")).to_be_visible()
    site.check()

    # And lock Grace's pair, then propose again
    locked = RoundProposal.objects.get(mentee=grace)
    mentor_name = locked.mentor.user.get_full_name()
    page.get_by_role("button", name=f"Lock Grace Adeyemi with {mentor_name}").click()
    expect(banner(page)).to_contain_text("is locked")
    site.check()
    page.get_by_role("link", name="Spring 2026 cohort").first.click()
    page.get_by_role("button", name="Propose matches again").click()
    site.check()
    page.get_by_role("link", name="See the proposal").click()
    grace_row = page.get_by_role("row").filter(has_text="Grace Adeyemi")
    expect(grace_row).to_contain_text(mentor_name)
    expect(grace_row).to_contain_text("Locked")
    assert RoundRun.objects.filter(status="finished").count() == 2

    # And publish it
    page.get_by_role("link", name="Spring 2026 cohort").first.click()
    page.get_by_role("link", name="Publish the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to publish this round?"
    )
    site.check()
    page.get_by_role("button", name="Publish the round").click()
    expect(banner(page)).to_contain_text("The round is published")
    site.check()
    round_id = MatchingRound.objects.get().pk
    site.visit(f"/mentoring/rounds/{round_id}/history/")
    expect(page.get_by_role("table")).to_contain_text("Locked a pair")
    site.visit(f"/mentoring/rounds/{round_id}/proposal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Published matches")
    sign_out(site)

    # Then Grace confirms her match
    sign_in(site, "grace@nhs.net")
    site.visit("/mentoring/")
    page.get_by_role("link", name="Confirm or decline your proposed match").click()
    site.check()
    page.get_by_role("link", name="Confirm or decline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"We propose {mentor_name} as your mentor"
    )
    expect(page.get_by_text("Shares 1 of your themes: change management")).to_be_visible()
    site.check()
    page.get_by_role("button", name="Confirm match").click()
    expect(banner(page)).to_contain_text("Thank you for confirming")
    site.check()
    sign_out(site)

    # And the mentor too, so the mentorship starts
    sign_in(site, locked.mentor.user.email)
    mentorship = Mentorship.objects.get(mentee=grace)
    site.visit(f"/mentoring/matches/{mentorship.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We propose Grace Adeyemi as your mentee"
    )
    page.get_by_role("button", name="Confirm match").click()
    expect(banner(page)).to_contain_text(
        "You have both confirmed: your mentorship starts on 1 April"
    )
    expect(page.get_by_text(f"Your mentoring starts on 1 April {next_year}")).to_be_visible()
    site.check()
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.ACTIVE


def test_a_coordinator_deletes_a_round_not_yet_published(site):
    coordinators()
    person("chris@nhs.net", "Chris", "Obi", groups=[COORDINATORS])
    matching_round = MatchingRoundFactory(name="Autumn cohort")
    page = site.page

    # Given a coordinator on a draft round's page
    sign_in(site, "chris@nhs.net")
    site.visit(matching_round.get_absolute_url())

    # When they choose to delete it, they are asked first
    page.get_by_role("link", name="Delete this round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to delete this round?"
    )
    site.check()
    page.get_by_role("link", name="No, go back to the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn cohort")
    page.get_by_role("link", name="Delete this round").click()
    page.get_by_role("button", name="Delete round").click()

    # Then the round is gone
    expect(banner(page)).to_contain_text("The round “Autumn cohort” has been deleted.")
    site.check()
    assert not MatchingRound.objects.exists()


def test_the_round_page_shows_progress_without_a_reload(site):
    coordinators()
    person("chris@nhs.net", "Chris", "Obi", groups=[COORDINATORS])
    matching_round = MatchingRoundFactory(name="Autumn cohort")
    RoundMenteeFactory(round=matching_round)
    RoundMentorFactory(round=matching_round)
    run = RoundRun.objects.create(
        round=matching_round, status="running", stage="Scoring pairs", percent=40
    )
    page = site.page
    sign_in(site, "chris@nhs.net")

    site.visit(f"/mentoring/rounds/{matching_round.pk}/")
    status = page.get_by_role("status")
    expect(status).to_have_text("Scoring pairs: 40% done")

    RoundRun.objects.filter(pk=run.pk).update(stage="Finding the best assignment", percent=80)
    expect(status).to_have_text("Finding the best assignment: 80% done")
    expect(page.locator("progress")).to_have_attribute("value", "80")
    site.check()

    # A second "propose" meanwhile is refused politely
    page.get_by_role("button", name="Propose matches").click()
    expect(banner(page)).to_contain_text("Matches are already being proposed for this round")
    site.check()

    # When it finishes, the page shows the result by itself
    RoundRun.objects.filter(pk=run.pk).update(status="finished", percent=100)
    expect(page.locator("progress")).to_have_count(0)
    site.check()


def test_mentees_and_mentors_opt_in_and_coordinators_read_the_programme(site):
    change = ThemeFactory(name="Change management", slug="change-management")
    coordinators()
    person("chris@nhs.net", "Chris", "Obi", groups=[COORDINATORS], is_staff=True)
    MenteeProfileFactory(user=person("grace@nhs.net", "Grace", "Adeyemi"), themes=[change])
    taken = MenteeProfileFactory(user=person("kim@nhs.net", "Kim", "Lee"), themes=[change])
    MentorProfileFactory(
        user=person("amira@nhs.net", "Amira", "Begum"), themes=[change], capacity=3
    )
    matching_round = MatchingRoundFactory(name="Summer cohort")
    page = site.page

    # Given a mentee who opens the round's page and joins
    sign_in(site, "grace@nhs.net")
    site.visit(f"/mentoring/rounds/{matching_round.pk}/join/")
    page.get_by_role("button", name="Join as a mentee").click()
    expect(banner(page)).to_contain_text("You have joined “Summer cohort” as a mentee")
    site.check()
    sign_out(site)

    # And a mentee who has a mentor already is told why they cannot join as a mentee
    MentorshipFactory(mentee=taken, status=Mentorship.Status.ACTIVE)
    sign_in(site, "kim@nhs.net")
    site.visit(f"/mentoring/rounds/{matching_round.pk}/join/")
    expect(page.get_by_text("You already have a mentor")).to_be_visible()
    expect(page.get_by_role("button", name="Join as a mentee")).to_have_count(0)
    site.check()
    sign_out(site)

    # And a mentor who offers two places
    sign_in(site, "amira@nhs.net")
    site.visit(f"/mentoring/rounds/{matching_round.pk}/join/")
    page.get_by_role("button", name="Join as a mentor").click()
    expect(page).to_have_title("Error: Join Summer cohort – Pathways – NHS")
    site.check()
    page.get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Join as a mentor").click()
    expect(page.get_by_text("offering 2 places")).to_be_visible()
    site.check()
    sign_out(site)

    # Then the coordinator finds the round and the programme dashboard from My mentoring
    sign_in(site, "chris@nhs.net")
    site.visit("/mentoring/")
    page.get_by_role("link", name="matching rounds").click()
    page.get_by_role("link", name="Summer cohort").click()
    expect(page.get_by_text("1, offering 2 places")).to_be_visible()
    site.check()
    site.visit("/mentoring/")
    page.get_by_role("link", name="programme dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme dashboard")
    site.check()
    page.get_by_text("Change the region or dates").click()
    page.get_by_label("Region").select_option("london")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".nhsuk-lede-text")).to_contain_text("London")
    site.check()
