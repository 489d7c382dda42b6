"""How long Pathways keeps personal data (UK GDPR storage limitation), in one place: the settings
(`RETAIN_*_DAYS`, `ACCOUNT_DELETION_WARNING_DAYS`) say how long, `schedule()` says it in plain
words for the privacy page (so the page cannot drift from what runs), and the hourly
housekeeping applies it: this module for accounts and the records of who opened private
material, mentoring/retention.py for what people wrote in their mentoring.

An unused account (nobody signed in to it, or since it was made) is warned by email first, and
deleted only when the warning is at least `ACCOUNT_DELETION_WARNING_DAYS` old and nobody has
signed in since: signing in moves `last_login` past the warning, so the account stays (and is
warned again only once it is unused for the whole period again). Staff accounts are no
exception, and get the same warning.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from portal import privacy
from portal.dates import nhs_date
from portal.email_preferences import SITE_URLCONF
from portal.emails import send_templated_email
from portal.models import PrivateDataAccess, User

logger = logging.getLogger(__name__)

# Warning and deleting accounts is work for each account (an email; closing mentorships and
# telling the other people), so each hourly run takes at most this many of each.
ACCOUNTS_PER_RUN = 100


def in_words(days: int) -> str:
    """ "2 years", "1 year", "6 months", "30 days"."""
    if days % 365 == 0:
        count, unit = days // 365, "year"
    elif days >= 60 and days % 30 == 0:
        count, unit = days // 30, "month"
    else:
        count, unit = days, "day"
    return f"{count} {unit}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Rule:
    what: str
    how_long: str
    source: str


def schedule() -> list[Rule]:
    """The retention schedule, from the settings, as the privacy page states it."""
    account = in_words(settings.RETAIN_UNUSED_ACCOUNTS_DAYS)
    warning = in_words(settings.ACCOUNT_DELETION_WARNING_DAYS)
    return [
        Rule(
            "Your account, your profiles and everything you wrote",
            f"Until you delete your account, or until you have not signed in for {account}. "
            f"We email you {warning} before we delete an unused account: signing in keeps it.",
            "Our choice: long enough for the programme's yearly rounds of mentoring, with time "
            "to come back between them.",
        ),
        Rule(
            "What you wrote in a mentorship: your request, session notes, feedback comments, "
            "the notes with your session ratings, halfway pulse and pairing check, your "
            "agreement and goals, agendas and reasons",
            f"{in_words(settings.RETAIN_PRIVATE_NOTES_DAYS)} after the mentorship ends, then "
            "deleted. The mentorship itself stays, with its ratings and scores but without any "
            "words, for the programme's figures.",
            "Our choice: so that you and your mentor or mentee can look back on it.",
        ),
        Rule(
            "Messages in a request that was declined, withdrawn or expired",
            f"{in_words(settings.RETAIN_REQUEST_MESSAGES_DAYS)} after the request closed, "
            "then deleted.",
            "Our choice: a closed request needs its words only while someone may ask about it.",
        ),
        Rule(
            "Records of who opened your private information, and why",
            f"{in_words(settings.RETAIN_AUDIT_DAYS)}, then deleted. This includes the record "
            "of changes made in the admin site.",
            "The NHS Records Management Code of Practice 2021, which sets 6 years for audit "
            "trails of access to records.",
        ),
        Rule(
            "The programme's figures (how many requests, mentorships, sessions and ratings)",
            "Kept, without your name or your words, after the rest is deleted.",
            "Counts are not personal data once nothing links them to you.",
        ),
    ]


def _unused() -> QuerySet[User]:
    return User.objects.annotate(last_used=Coalesce("last_login", "date_joined"))


def deletion_date(warned_at: datetime) -> datetime:
    return warned_at + timedelta(days=settings.ACCOUNT_DELETION_WARNING_DAYS)


def warn_unused_accounts(*, now: datetime | None = None) -> int:
    """Email each account unused for the retention period less the warning period, once for
    each time it falls unused, that it will be deleted unless someone signs in."""
    now = now or timezone.now()
    due = (
        _unused()
        .filter(
            last_used__lt=now
            - timedelta(
                days=settings.RETAIN_UNUSED_ACCOUNTS_DAYS - settings.ACCOUNT_DELETION_WARNING_DAYS
            )
        )
        .filter(
            Q(deletion_warning_sent_at__isnull=True)
            | Q(deletion_warning_sent_at__lt=F("last_used"))
        )
        .order_by("last_used", "pk")[:ACCOUNTS_PER_RUN]
    )
    warned = 0
    sign_in = settings.SITE_URL + reverse("portal:sign-in", urlconf=SITE_URLCONF)
    for user in due:
        with transaction.atomic():
            send_templated_email(
                name="account_deletion_warning",
                to=[user.email],
                context={
                    "recipient": user,
                    "unused_for": in_words(settings.RETAIN_UNUSED_ACCOUNTS_DAYS),
                    "delete_on": nhs_date(deletion_date(now)),
                    "sign_in_url": sign_in,
                },
            )
            User.objects.filter(pk=user.pk).update(deletion_warning_sent_at=now)
        warned += 1
    return warned


def delete_unused_accounts(*, now: datetime | None = None) -> int:
    """Delete each account warned at least the warning period ago and not signed in to since,
    with everything in it (portal/privacy.py), as if its owner had deleted it."""
    now = now or timezone.now()
    due = (
        _unused()
        .filter(
            deletion_warning_sent_at__isnull=False,
            deletion_warning_sent_at__lte=now
            - timedelta(days=settings.ACCOUNT_DELETION_WARNING_DAYS),
            deletion_warning_sent_at__gte=F("last_used"),
            last_used__lt=now - timedelta(days=settings.RETAIN_UNUSED_ACCOUNTS_DAYS),
        )
        .order_by("last_used", "pk")[:ACCOUNTS_PER_RUN]
    )
    deleted = 0
    for user in due:
        try:
            privacy.delete_account(user=user)
        except Exception:
            # Left for the next run; the others still go.
            logger.exception("Could not delete unused account %s", user.pk)
        else:
            deleted += 1
    return deleted


def delete_old_audit_records(*, now: datetime | None = None) -> int:
    """Records of who opened private material, and the admin site's record of changes, older
    than `RETAIN_AUDIT_DAYS`. A fixed number of queries however many there are."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETAIN_AUDIT_DAYS)
    accesses, _ = PrivateDataAccess.objects.filter(at__lt=cutoff).delete()
    changes, _ = LogEntry.objects.filter(action_time__lt=cutoff).delete()
    return accesses + changes
