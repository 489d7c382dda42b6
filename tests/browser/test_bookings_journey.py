"""Given a mentor with two mentees, when the mentor offers a weekly series of slots, one mentee
books the first and the other tries to book the same slot from a page opened a moment earlier,
then the second is told it has just been taken, the first can add the session to their calendar,
and every page on the way passes axe-core with no Content Security Policy violation."""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.bookings import calendar
from mentoring.models import Booking, Mentorship, Slot
from tests.browser.conftest import AccessibilityChecked
from tests.factories import (
    BookingFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(site: AccessibilityChecked, user) -> None:
    """Sign in by handing the browser a session made on the server, as a returning user has."""
    client = Client()
    client.force_login(user)
    context = site.page.context
    context.clear_cookies()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site.base_url,
            }
        ]
    )


@pytest.fixture
def second_site(browser, live_server):
    """Another browser, for the other mentee, with the same checks as `site`."""
    context = browser.new_context(base_url=live_server.url)
    allowed = urlsplit(live_server.url).netloc
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).netloc == allowed else route.abort()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield AccessibilityChecked(page, live_server.url)
    context.close()


@pytest.fixture
def people():
    mentor = MentorProfileFactory(
        user=UserFactory(first_name="Tom", last_name="Reid"), formats=["video"], capacity=3
    )
    priya = MentorshipFactory(
        mentor=mentor,
        mentee__user=UserFactory(first_name="Priya", last_name="Shah"),
        status=Mentorship.Status.ACTIVE,
    )
    sam = MentorshipFactory(
        mentor=mentor,
        mentee__user=UserFactory(first_name="Sam", last_name="Okafor"),
        status=Mentorship.Status.ACTIVE,
    )
    return mentor.user, priya.mentee.user, sam.mentee.user


def test_mentor_offers_a_weekly_series_one_mentee_books_the_other_cannot(site, second_site, people):
    tom, priya, sam = people
    page = site.page
    first_day = timezone.localdate() + timedelta(days=8)

    # Given the mentor on their mentoring page
    sign_in(site, tom)
    site.visit("/mentoring/")
    page.get_by_role("link", name="Your slots: offer time your mentees can book").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your slots")
    site.check()

    # When they send the form for new slots empty, every problem is listed
    page.get_by_role("link", name="Add slots").click()
    site.check()
    page.get_by_role("button", name="Add slots").click()
    expect(page).to_have_title("Error: Add slots – Pathways – NHS")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the start time")
    site.check()

    # And when they add the same time each week for 3 weeks
    page.get_by_label("Day").fill(str(first_day.day))
    page.get_by_label("Month").fill(str(first_day.month))
    page.get_by_label("Year").fill(str(first_day.year))
    page.get_by_label("Start time").fill("2:30pm")
    page.get_by_label("Length").select_option("45")
    page.get_by_label("Video call").check()
    page.get_by_label("Where, or the meeting link").fill("https://meet.example.nhs.uk/tom")
    page.get_by_label("Every week at the same time").check()
    page.get_by_label("For how many weeks").fill("3")
    page.get_by_role("button", name="Add slots").click()

    # Then the week of the first one shows it, open
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("3 slots added, every")
    expect(page.get_by_role("table")).to_contain_text(
        f"{calendar.nhs_date(first_day)}, 2:30pm to 3:15pm"
    )
    site.check()
    first = Slot.objects.order_by("starts_at").first()
    assert Slot.objects.count() == 3

    # Given Sam has the first slot's booking page open
    sign_in(second_site, sam)
    second_site.visit(f"/mentoring/slots/{first.pk}/book/")
    expect(second_site.page.get_by_role("heading", level=1)).to_have_text("Book a session")

    # When Priya books it from her mentoring page
    sign_in(site, priya)
    site.visit("/mentoring/")
    page.get_by_role("link", name="Book a session with Tom Reid").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a session with Tom Reid")
    site.check()
    page.get_by_role("link", name=re.compile(r"^Book 2:30pm to 3:15pm")).first.click()
    site.check()
    page.get_by_label("What would you like to talk about?").fill("My band 7 interview")
    page.get_by_role("button", name="Book this session").click()

    # Then her booking is confirmed
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("is booked for")
    expect(page.get_by_role("heading", level=1)).to_have_text("Session with Tom Reid")
    site.check()
    booking = Booking.objects.get()
    assert booking.slot == first

    # And she can add it to her calendar
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the calendar file (.ics)").click()
    parsed = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    [event] = parsed.events
    assert str(event.uid) == calendar.event_uid(booking)
    assert event.start == first.starts_at
    assert str(event["SUMMARY"]) == "Mentoring with Tom Reid"

    # When Sam now sends his booking of the same slot
    second_site.page.get_by_role("button", name="Book this session").click()

    # Then he is told it has just been taken, and nothing of his is booked
    expect(second_site.page).to_have_title("Error: Book a session – Pathways – NHS")
    expect(second_site.page.locator(".nhsuk-error-summary")).to_contain_text(
        "this slot has just been taken"
    )
    second_site.check()
    assert Booking.objects.count() == 1

    # And the open slots he can choose from no longer include it
    second_site.page.get_by_role("link", name="Choose another time").click()
    expect(second_site.page.get_by_role("link", name=re.compile(r"^Book 2:30pm"))).to_have_count(2)
    second_site.check()

    # And his calendar page, where he could subscribe instead, passes the checks too
    second_site.visit("/mentoring/calendar/")
    second_site.page.get_by_role("button", name="Get a calendar address").click()
    expect(second_site.page.locator("code")).to_contain_text("/mentoring/calendar/")
    second_site.check()

    # And the mentor sees who booked on their week and on the mentorship page
    sign_in(site, tom)
    site.visit(f"/mentoring/slots/?week={calendar.week_start(first_day).isoformat()}")
    expect(page.get_by_role("table")).to_contain_text("Priya Shah")
    site.visit(booking.mentorship.get_absolute_url())
    expect(page.get_by_role("heading", name="Booked sessions")).to_be_visible()


def test_the_other_slot_and_booking_pages_are_accessible(site, people):
    tom, priya, _ = people
    mentorship = Mentorship.objects.get(mentee__user=priya)
    upcoming = BookingFactory(mentorship=mentorship)
    started = timezone.now() - timedelta(hours=2)
    past = BookingFactory(
        mentorship=mentorship,
        slot__starts_at=started,
        slot__ends_at=started + timedelta(hours=1),
    )
    open_slot = SlotFactory(mentor=mentorship.mentor)
    page = site.page

    # The mentor's pages: a cancel with no reason, a session to mark, an open slot to withdraw
    sign_in(site, tom)
    site.visit(f"/mentoring/bookings/{upcoming.pk}/cancel/")
    page.get_by_role("button", name="Cancel the session").click()
    expect(page).to_have_title("Error: Cancel this session – Pathways – NHS")
    site.check()
    site.visit(f"/mentoring/bookings/{past.pk}/")
    page.get_by_role("link", name="Say what happened").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select what happened")
    site.check()
    page.get_by_label("Priya Shah, the mentee, did not attend").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Priya Shah, the mentee, did not attend"
    )
    site.check()
    site.visit(f"/mentoring/slots/{open_slot.pk}/cancel/")
    page.get_by_role("button", name="Cancel the slot").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Slot cancelled")
    site.check()
    site.visit("/mentoring/slots/add/")
    page.get_by_label("Start time").fill("half two")
    page.get_by_role("button", name="Add slots").click()
    expect(page.locator("#id_start_time-error")).to_contain_text("Enter a start time like")
    site.check()

    # The mentee's: the session the mentor recorded, the mentorship with its sessions, and
    # cancelling one
    sign_in(site, priya)
    site.visit(f"/mentoring/bookings/{past.pk}/")
    expect(page.get_by_text("Recorded by Tom")).to_be_visible()
    site.check()
    site.visit(mentorship.get_absolute_url())
    site.visit(f"/mentoring/bookings/{upcoming.pk}/cancel/")
    page.get_by_role("button", name="Cancel the session").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The session is cancelled")
    site.check()
    site.visit(f"/mentoring/mentorships/{mentorship.pk}/slots/")
