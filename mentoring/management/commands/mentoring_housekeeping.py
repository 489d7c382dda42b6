from django.core.management.base import BaseCommand

from mentoring.bookings import services as booking_services
from mentoring.health import services as health_services
from mentoring.mentorships import services as mentorship_services
from mentoring.rounds import services as round_services
from portal.digests import send_weekly_digests


class Command(BaseCommand):
    help = (
        "Remind mentors of requests waiting a week, expire requests unanswered after two, and "
        "pause mentors whose requests expire twice in a row. Email both people the day before "
        "each booked session, and cancel future sessions of mentorships that have ended. Expire "
        "matches a matching round proposed that were not confirmed within a week. Nudge pairs "
        "whose meeting is due or overdue, warn those silent for long and close those still "
        "silent after the warning. Send the "
        "weekly email digests on the digest day. Run it "
        "hourly, for example from cron: "
        "`0 * * * * cd /srv/pathways && .venv/bin/python manage.py mentoring_housekeeping`. "
        "Each reminder and expiry happens once however often it runs."
    )

    def handle(self, *args, **options) -> None:
        report = mentorship_services.housekeeping()
        self.stdout.write(
            f"Reminded {report.reminded}, expired {report.expired}, paused {report.paused}."
        )
        health = health_services.check_mentorship_health()
        self.stdout.write(
            f"Health: nudged {health.nudged}, warned {health.warned}, closed {health.closed}."
        )
        reminded = booking_services.send_booking_reminders()
        released = booking_services.cancel_bookings_of_ended_mentorships()
        self.stdout.write(
            f"Sessions: reminded {reminded}, cancelled {released} of ended mentorships."
        )
        expired_matches = round_services.expire_round_proposals()
        self.stdout.write(f"Round matches: expired {expired_matches} not confirmed in time.")
        digests = send_weekly_digests()
        self.stdout.write(f"Weekly digests: sent {digests}.")
