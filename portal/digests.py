"""The weekly digest: one email per person listing the emails they chose to get in a digest,
what waits for their answer first, then what happened. Nothing when there is nothing.

Never twice. Each digest is an `EmailDigest` row, unique per person and week: a run inserts
the rows for its batch of people (ignoring conflicts), and only sends for rows still without
an email, all in one transaction. A second run, or one in another process at the same moment
(PostgreSQL makes its insert wait for the first to commit), finds each row already sent.

Batched: a run costs the same few queries for 1 person or `BATCH_SIZE` people.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.email_kinds import Delivery, Kind
from portal.email_preferences import SITE_URLCONF, unsubscribe_url
from portal.models import EmailDigest, HeldEmail, OutgoingEmail
from portal.outbox import queue_emails

BATCH_SIZE = 500


def week_of(day: date) -> date:
    """The Monday of the week a day is in."""
    return day - timedelta(days=day.weekday())


def is_digest_day(now: datetime) -> bool:
    return timezone.localdate(now).weekday() == settings.EMAIL_DIGEST_WEEKDAY


def waiting_for_digest():
    return HeldEmail.objects.filter(delivery=Delivery.DIGEST, digest__isnull=True)


def send_weekly_digests(*, now: datetime | None = None) -> int:
    """Send this week's digests, on the digest day (`EMAIL_DIGEST_WEEKDAY`, UK time), once.
    Safe to run every hour: other days, and later runs that day, send nothing."""
    now = now or timezone.now()
    if not is_digest_day(now):
        return 0
    week = week_of(timezone.localdate(now))
    people = sorted(
        set(waiting_for_digest().filter(created_at__lte=now).values_list("user_id", flat=True))
    )
    sent = 0
    for start in range(0, len(people), BATCH_SIZE):
        sent += _send_batch(people[start : start + BATCH_SIZE], week=week, now=now)
    return sent


@transaction.atomic
def _send_batch(user_ids: list[int], *, week: date, now: datetime) -> int:
    EmailDigest.objects.bulk_create(
        [EmailDigest(user_id=pk, week=week, created_at=now) for pk in user_ids],
        ignore_conflicts=True,
    )
    digests = list(
        EmailDigest.objects.filter(
            user_id__in=user_ids, week=week, outgoing_email__isnull=True
        ).select_related("user")
    )
    if not digests:
        return 0
    mine = [digest.user_id for digest in digests]
    waiting_for_digest().filter(user_id__in=mine, created_at__lte=now).update(
        digest=Subquery(
            EmailDigest.objects.filter(user_id=OuterRef("user_id"), week=week).values("pk")[:1]
        )
    )
    items: dict[int, list[HeldEmail]] = {}
    for item in HeldEmail.objects.filter(digest__in=digests).order_by("created_at", "pk"):
        items.setdefault(item.digest_id, []).append(item)
    to_send = [(digest, items[digest.pk]) for digest in digests if digest.pk in items]
    emails = queue_emails(
        [_render(digest, digest_items, week=week) for digest, digest_items in to_send]
    )
    for (digest, _items), email in zip(to_send, emails, strict=True):
        digest.outgoing_email = email
    EmailDigest.objects.bulk_update([digest for digest, _ in to_send], ["outgoing_email"])
    return len(emails)


def _render(digest: EmailDigest, items: list[HeldEmail], *, week: date) -> OutgoingEmail:
    context = {
        "service_name": settings.SERVICE_NAME,
        "site_url": settings.SITE_URL,
        "recipient": digest.user,
        "week": week,
        "waiting": [item for item in items if item.needs_answer],
        "happened": [item for item in items if not item.needs_answer],
        "preferences_url": settings.SITE_URL
        + reverse("portal:email-preferences", urlconf=SITE_URLCONF),
        "unsubscribe_url": unsubscribe_url(user=digest.user, kind=Kind.DIGEST),
    }
    return OutgoingEmail(
        template="weekly_digest",
        to=[digest.user.email],
        subject=" ".join(render_to_string("email/weekly_digest/subject.txt", context).split()),
        body_text=render_to_string("email/weekly_digest/body.txt", context),
        body_html=render_to_string("email/weekly_digest/body.html", context),
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
