from django.core.management.base import BaseCommand

from mentoring import services


class Command(BaseCommand):
    help = (
        "Remind mentors of requests waiting a week, expire requests unanswered after two, and "
        "pause mentors whose requests expire twice in a row. Run it hourly, for example from "
        "cron: `0 * * * * cd /srv/pathways && .venv/bin/python manage.py mentoring_housekeeping`. "
        "Each reminder and expiry happens once however often it runs."
    )

    def handle(self, *args, **options) -> None:
        report = services.housekeeping()
        self.stdout.write(
            f"Reminded {report.reminded}, expired {report.expired}, paused {report.paused}."
        )
