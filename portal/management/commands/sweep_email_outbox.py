from django.core.management.base import BaseCommand

from portal import outbox


class Command(BaseCommand):
    help = (
        "Send emails whose retry is overdue because their queued task was lost, and recover "
        "emails a stopped worker left half-sent. Run it every minute, for example from cron: "
        "`* * * * * cd /srv/pathways && .venv/bin/python manage.py sweep_email_outbox`. "
        "It never sends an email twice, however often it runs. It also deletes emails sent "
        "more than EMAIL_KEEP_SENT_DAYS ago, and failed ones last tried more than "
        "EMAIL_KEEP_FAILED_DAYS ago."
    )

    def handle(self, *args, **options) -> None:
        report = outbox.sweep()
        self.stdout.write(
            "Outbox: sent {sent}, retrying {retrying}, failed {failed}; released {released} "
            "stopped attempts, {uncertain} may have been delivered; deleted {deleted} old "
            "emails.".format(**report)
        )
