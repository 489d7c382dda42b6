"""The email outbox: every email waits in `OutgoingEmail` until the mail server has taken it.

Schedule. An attempt that fails is retried after 30 seconds, then after twice the previous
wait, never more than 15 minutes apart (`EMAIL_RETRY["max_delay"]`), until the email's
`retry_until` (two days after it was written, or after an admin resent it) has passed; then it
stays `failed`, with the last error, for an admin to see and resend. Each retry is a
`send_outgoing_email` task deferred with `run_after`, written in the same transaction as the
failed attempt's record; `sweep()`, run every minute, sends anything whose task was lost.

At most once. An attempt first claims the row with one conditional UPDATE (`waiting`, and the
attempt its task was queued for or due by the clock, -> `sending`, attempts + 1), which only
one process can win, and it marks the row `sent` only
after the server has accepted the message. Just before handing the message over, the attempt
records `reached_server_at`, again conditionally. If a worker dies mid-attempt, the sweep
finds the stale claim: without `reached_server_at` the message never left, so it is retried;
with it, the server may have accepted the message before the worker died, and we cannot know,
so it is marked `failed` with an explanation rather than sent again. The same holds when the
connection breaks after the handover without the server refusing the message. That is the safe
side for "never twice": an admin, who can ask the recipient, decides whether to resend.
"""

import logging
import smtplib
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from portal.models import OutgoingEmail

Status = OutgoingEmail.Status
logger = logging.getLogger(__name__)


MAYBE_DELIVERED = (
    "The sending stopped while the mail server was taking the email, so it may have been "
    "delivered. Resend it only if the recipient did not get it."
)


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry scheduled"
    FAILED = "failed"
    NOT_DUE = "not due"  # sent, failed, claimed by another process, or its time has not come


def retry_delay(*, attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    first, longest = settings.EMAIL_RETRY["first_delay"], settings.EMAIL_RETRY["max_delay"]
    return min(first * 2 ** min(attempts - 1, 20), longest)


@transaction.atomic
def queue_email(
    *,
    template: str,
    to: list[str],
    subject: str,
    text: str,
    html: str = "",
    headers: dict[str, str] | None = None,
) -> int:
    """Put an email in the outbox. Its first attempt is queued when the transaction commits;
    if the queue never hears of it, `sweep()` sends it."""
    [email] = queue_emails(
        [
            OutgoingEmail(
                template=template,
                to=to,
                subject=subject,
                body_text=text,
                body_html=html,
                headers=headers or {},
            )
        ]
    )
    return email.pk


@transaction.atomic
def queue_emails(emails: list[OutgoingEmail], *, together: bool = False) -> list[OutgoingEmail]:
    """Put many unsaved emails in the outbox with one insert (the weekly digest, housekeeping),
    each with its own first attempt queued when the transaction commits; `together`: one task
    for the first attempts of up to TOGETHER emails (many at once, from housekeeping), rather
    than a task each. Either way each failed attempt schedules its own retry."""
    now = timezone.now()
    for email in emails:
        email.next_attempt_at = now
        email.retry_until = now + settings.EMAIL_RETRY["give_up_after"]
    created = OutgoingEmail.objects.bulk_create(emails)
    if together:
        ids = [email.pk for email in created]
        for start in range(0, len(ids), TOGETHER):
            chunk = ids[start : start + TOGETHER]
            transaction.on_commit(lambda chunk=chunk: send_outgoing_emails.enqueue(email_ids=chunk))
        return created
    for email in created:
        _enqueue_attempt(email_id=email.pk, after_attempts=0)
    return created


# Emails whose first attempts one task makes, for emails queued together.
TOGETHER = 100


def attempt(*, email_id: int, after_attempts: int | None = None) -> Outcome:
    """One attempt at sending one email, unless another process has it or it is not due.

    A queued task names the attempt it was queued for (`after_attempts`): the queue's
    `run_after` decided when it runs, so no clock is compared, and a task that another attempt
    overtook does nothing. Without it (the sweep), the email must be due by `next_attempt_at`.
    """
    now = timezone.now()
    due = Q(next_attempt_at__lte=now) if after_attempts is None else Q(attempts=after_attempts)
    claimed = OutgoingEmail.objects.filter(due, pk=email_id, status=Status.WAITING).update(
        status=Status.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=now,
        last_attempt_at=now,
        reached_server_at=None,
    )
    if not claimed:
        return Outcome.NOT_DUE
    email = OutgoingEmail.objects.get(pk=email_id)
    # Every later write of this attempt only applies while the claim is still this one.
    this_attempt = OutgoingEmail.objects.filter(
        pk=email_id, status=Status.SENDING, attempts=email.attempts
    )
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, to=email.to, headers=email.headers or None
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    handed_over = False
    try:
        connection = mailers.default
        connection.open()
        try:
            if not this_attempt.filter(reached_server_at__isnull=True).update(
                reached_server_at=timezone.now()
            ):
                return Outcome.NOT_DUE  # the sweep took the claim back: someone else sends it
            handed_over = True
            connection.send_messages([message])
        finally:
            connection.close()
    except Exception as error:
        if handed_over and not _server_refused(error):
            # Cut off mid-conversation: the server may have the message already.
            this_attempt.update(status=Status.FAILED, last_error=MAYBE_DELIVERED)
            return Outcome.FAILED
        return _record_failure(email=email, this_attempt=this_attempt, error=error)
    this_attempt.update(
        status=Status.SENT, sent_at=timezone.now(), last_error="", body_text="", body_html=""
    )
    return Outcome.SENT


@task
def send_outgoing_email(*, email_id: int, after_attempts: int | None = None) -> str:
    """One attempt at one email in the outbox, in the worker; a failure schedules the next.
    The task sits beside its body so that retrying needs no import of a tasks module."""
    return attempt(email_id=email_id, after_attempts=after_attempts).value


@task
def send_outgoing_emails(*, email_ids: list[int]) -> int:
    """The first attempt at each of many emails queued together, one after the other; returns
    how many were sent. An email whose attempt fails unexpectedly is logged and left to the
    sweep, and the rest are still tried."""
    sent = 0
    for email_id in email_ids:
        try:
            sent += attempt(email_id=email_id, after_attempts=0) == Outcome.SENT
        except Exception:
            logger.exception(
                "The first attempt at email %s failed; the sweep will retry it", email_id
            )
    return sent


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        return f"The mail server answered {error.smtp_code}: {detail}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "The mail server refused the recipients: " + "; ".join(
            f"{address} ({code})" for address, (code, _) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}".strip()


def _server_refused(error: Exception) -> bool:
    """The server answered with an error, so it did not take the message."""
    return isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer means the server will never take this message: retrying cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600


@transaction.atomic
def _record_failure(*, email: OutgoingEmail, this_attempt, error: Exception) -> Outcome:
    now = timezone.now()
    if _is_permanent(error) or now >= email.retry_until:
        this_attempt.update(status=Status.FAILED, last_error=_describe(error))
        return Outcome.FAILED
    next_attempt_at = now + retry_delay(attempts=email.attempts)
    if this_attempt.update(
        status=Status.WAITING, next_attempt_at=next_attempt_at, last_error=_describe(error)
    ):
        _enqueue_attempt(
            email_id=email.pk, after_attempts=email.attempts, run_after=next_attempt_at
        )
    return Outcome.RETRY


def _enqueue_attempt(
    *, email_id: int, after_attempts: int, run_after: datetime | None = None
) -> None:
    job = send_outgoing_email
    if run_after is not None:
        if not job.get_backend().supports_defer:
            return  # this backend cannot wait: the sweep sends it when it is due
        job = job.using(run_after=run_after)
    transaction.on_commit(lambda: job.enqueue(email_id=email_id, after_attempts=after_attempts))


def sweep(*, limit: int = 200) -> dict[str, int]:
    """Recover what a lost task or a stopped worker left behind, then send what is overdue.

    Run it every minute (`manage.py sweep_email_outbox`). A stale claim is one older than
    `EMAIL_RETRY["stale_claim"]`, far longer than an attempt can take (SMTP times out). Old
    sent and failed emails go too (`prune`).
    """
    now = timezone.now()
    stale = Q(status=Status.SENDING, claimed_at__lt=now - settings.EMAIL_RETRY["stale_claim"])
    stopped_early = stale & Q(reached_server_at__isnull=True)
    released = list(OutgoingEmail.objects.filter(stopped_early).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(stopped_early, pk__in=released).update(
        status=Status.WAITING,
        next_attempt_at=now,
        last_error="The sending stopped before it reached the mail server.",
    )
    uncertain = OutgoingEmail.objects.filter(stale, reached_server_at__isnull=False).update(
        status=Status.FAILED,
        last_error=MAYBE_DELIVERED,
    )
    overdue = released + list(
        OutgoingEmail.objects.filter(
            status=Status.WAITING,
            next_attempt_at__lte=now - settings.EMAIL_RETRY["sweep_grace"],
        )
        .exclude(pk__in=released)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes = [attempt(email_id=pk) for pk in overdue]
    return {
        "deleted": prune(now=now, limit=limit * 10),
        "released": len(released),
        "uncertain": uncertain,
        "sent": outcomes.count(Outcome.SENT),
        "retrying": outcomes.count(Outcome.RETRY),
        "failed": outcomes.count(Outcome.FAILED),
    }


def prune(*, now: datetime, limit: int) -> int:
    """Delete emails sent longer ago than `EMAIL_KEEP["sent"]`, and failed ones last tried
    longer ago than `EMAIL_KEEP["failed"]` (an admin who resends one gives it a new life).
    Emails waiting or being sent are never deleted. At most `limit` a sweep, oldest first, so
    a long backlog goes over several minutes rather than in one long statement."""
    old_sent = Q(status=Status.SENT, sent_at__lt=now - settings.EMAIL_KEEP["sent"])
    failed_before = now - settings.EMAIL_KEEP["failed"]
    old_failed = Q(status=Status.FAILED) & (
        Q(last_attempt_at__lt=failed_before)
        | Q(last_attempt_at__isnull=True, created_at__lt=failed_before)
    )
    chosen = list(
        OutgoingEmail.objects.filter(old_sent | old_failed)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    deleted, _ = OutgoingEmail.objects.filter(pk__in=chosen).delete()
    return deleted


@transaction.atomic
def resend(*, email_ids: list[int]) -> int:
    """Give emails that failed or are waiting a new attempt now, and two more days of
    retries. Sent emails, and ones being sent at this moment, are left alone."""
    now = timezone.now()
    chosen = dict(
        OutgoingEmail.objects.select_for_update()
        .filter(pk__in=email_ids, status__in=[Status.FAILED, Status.WAITING])
        .values_list("pk", "attempts")
    )
    OutgoingEmail.objects.filter(pk__in=chosen).update(
        status=Status.WAITING,
        next_attempt_at=now,
        retry_until=now + settings.EMAIL_RETRY["give_up_after"],
    )
    for pk, attempts in chosen.items():
        _enqueue_attempt(email_id=pk, after_attempts=attempts)
    return len(chosen)
