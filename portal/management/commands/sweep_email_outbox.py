from django.core.management.base import BaseCommand

from portal import outbox


class Command(BaseCommand):
    help = (
        "Send emails whose retry is overdue because their queued task was lost, and recover "
        "emails a stopped worker left half-sent. Run it every minute, for example from cron: "
        "`* * * * * cd /srv/pathways && .venv/bin/python manage.py sweep_email_outbox`. "
        "It never sends an email twice, however often it runs."
    )

    def handle(self, *args, **options) -> None:
        report = outbox.sweep()
        self.stdout.write(
            "Outbox: sent {sent}, retrying {retrying}, failed {failed}; released {released} "
            "stopped attempts, {uncertain} may have been delivered.".format(**report)
        )
