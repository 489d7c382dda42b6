from django.core.management.base import BaseCommand

from mentoring import retention as mentoring_retention
from mentoring.bookings import services as booking_services
from mentoring.feedback import services as feedback_services
from mentoring.health import services as health_services
from mentoring.mentorships import services as mentorship_services
from mentoring.outcomes import services as outcome_services
from mentoring.pairing import services as pairing_services
from mentoring.rounds import services as round_services
from portal import retention
from portal.digests import send_weekly_digests


class Command(BaseCommand):
    help = (
        "Remind mentors of requests waiting a week, expire requests unanswered after two, and "
        "pause mentors whose requests expire twice in a row. Email both people the day before "
        "each booked session, and cancel future sessions of mentorships that have ended. Expire "
        "matches a matching round proposed that were not confirmed within a week. Nudge pairs "
        "whose meeting is due or overdue, warn those silent for long and close those still "
        "silent after the warning. Ask both people of each mentorship that has held its first "
        "session, once, whether it is working, and halfway through its agreed duration how it "
        "is going. Ask mentees what changed 6 and 12 months after their mentorship ended. Send "
        "the weekly email digests on the digest day. Apply the retention schedule "
        "(portal/retention.py): warn, then delete, unused accounts; delete the words of old "
        "mentorships and closed requests; delete old audit records. Run it "
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
        pairing_asks = pairing_services.ask_for_pairing_checks()
        self.stdout.write(f"Pairing checks: asked {pairing_asks} after a first session.")
        pulses = feedback_services.ask_for_pulses()
        self.stdout.write(f"Halfway pulses: asked {pulses} mentorships.")
        outcome_asks = outcome_services.ask_for_outcomes()
        self.stdout.write(f"Outcome asks: emailed {outcome_asks.asked} mentees 6 or 12 months on.")
        digests = send_weekly_digests()
        self.stdout.write(f"Weekly digests: sent {digests}.")
        cleared = mentoring_retention.clear_old_words()
        audit = retention.delete_old_audit_records()
        warned = retention.warn_unused_accounts()
        deleted = retention.delete_unused_accounts()
        self.stdout.write(
            f"Retention: cleared {cleared.mentorships} records of old mentorships and "
            f"{cleared.requests} of closed requests, deleted {audit} audit records, warned "
            f"{warned} and deleted {deleted} unused accounts."
        )
