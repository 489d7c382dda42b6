from django.tasks import task

from portal import outbox


@task
def send_outgoing_email(*, email_id: int, after_attempts: int | None = None) -> str:
    """One attempt at one email in the outbox; a failure schedules the next attempt."""
    return outbox.send_outgoing_email(email_id=email_id, after_attempts=after_attempts).value


@task
def send_email(*, to: list[str], subject: str, text: str, html: str = "") -> None:
    """Kept for tasks queued before the outbox existed: they join the outbox when they run."""
    outbox.queue_email(template="", to=to, subject=subject, text=text, html=html)
