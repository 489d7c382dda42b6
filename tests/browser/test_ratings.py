"""A double-blind pulse: given a pair halfway through their mentoring, when the mentee answers
the pulse she is told she will see her mentor's answer once he has answered; when he answers,
both see both. On the way, a session is rated, a form sent empty lists its problems, and the
coordinator's dashboard shows the totals. Every page passes axe-core."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Mentorship, SessionLog
from portal.roles import COORDINATORS
from tests.browser.test_bookings_journey import sign_in
from tests.factories import MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pair() -> Mentorship:
    mentorship = MentorshipFactory(
        status=Mentorship.Status.ACTIVE,
        started_at=timezone.now() - timedelta(days=100),  # six months: halfway at 91.5 days
        mentee__user=UserFactory(first_name="Priya", last_name="Shah"),
        mentor__user=UserFactory(first_name="Tom", last_name="Reid"),
    )
    SessionLog.objects.create(
        mentorship=mentorship,
        held_on=timezone.localdate() - timedelta(days=2),
        summary="Talked about a band 6 interview.",
        logged_by=mentorship.mentor.user,
    )
    return mentorship


def test_a_double_blind_pulse(site, pair):
    page = site.page
    priya, tom = pair.mentee.user, pair.mentor.user
    url = pair.get_absolute_url()

    # Given Priya on her mentorship page, halfway through
    sign_in(site, priya)
    site.visit(url)
    expect(page.get_by_role("heading", name="Halfway pulse")).to_be_visible()

    # When she sends the pulse empty, every problem is listed and linked
    page.get_by_role("link", name="Answer the halfway pulse").click()
    site.check()
    page.get_by_role("button", name="Save your answers").click()
    expect(page).to_have_title("Error: Halfway pulse – Pathways – NHS")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose how your mentoring is going")
    expect(summary).to_contain_text("Choose a number from 0 to 10")
    site.check()

    # And when she answers
    page.get_by_label("Well", exact=True).check()
    page.get_by_label("9", exact=True).check()
    page.get_by_label("Anything you would like to add?").fill("Tom is a great listener.")
    page.get_by_role("button", name="Save your answers").click()

    # Then her answer is saved and Tom's is not shown until he has answered
    banner = page.locator(".nhsuk-notification-banner")
    expect(banner).to_contain_text("You will see Tom Reid’s answer when they have answered too")
    expect(page.get_by_text("Would recommend having a mentor: 9 out of 10")).to_be_visible()
    site.check()

    # Given Tom, who sees nothing of Priya's answer yet
    sign_in(site, tom)
    site.visit(url)
    expect(page.get_by_text("Tom is a great listener.")).to_have_count(0)

    # When he rates the session they held
    page.get_by_role("link", name="Rate this session").click()
    site.check()
    page.get_by_label("Very useful").check()
    page.get_by_role("button", name="Save your rating").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "You will see Priya Shah’s answer when they have answered too"
    )
    site.check()

    # And answers the pulse, from "My mentoring", where it waits for him
    site.visit("/mentoring/")
    page.get_by_role("link", name="Answer the halfway pulse").click()
    site.check()
    page.get_by_label("Very well").check()
    page.get_by_label("10", exact=True).check()
    page.get_by_role("button", name="Save your answers").click()

    # Then both see both
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "You can now see Priya Shah’s answer."
    )
    expect(page.get_by_text("Tom is a great listener.")).to_be_visible()
    site.check()
    sign_in(site, priya)
    site.visit(url)
    expect(
        page.get_by_text("Very well. Would recommend having a mentor: 10 out of 10")
    ).to_be_visible()

    # And the coordinator sees totals only
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    # A transactional test starts from an empty database, without the groups' rights.
    group.permissions.add(Permission.objects.get(codename="view_programme"))
    sign_in(site, UserFactory(groups=[group]))
    site.visit("/mentoring/programme/")
    section = page.locator("section", has=page.locator("#honest-feedback-heading"))
    expect(section).to_contain_text("Fewer than 5 answers: hidden so no one can be identified")
    expect(section).not_to_contain_text("great listener")
