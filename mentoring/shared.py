"""Row locks and transactions for every mentoring service, in one place.

Two changes that lock the same rows in different orders can each hold what the other wants:
PostgreSQL then kills one of them (a deadlock). So every service locks rows in ONE order,
skipping what it does not need but never going back up the list:

1. the matching round (then its proposal run)
2. mentee profiles, by id
3. mentor profiles, by id
4. mentorships, by id
5. round proposals
6. slots, by id
7. bookings, by id

Writing a row counts as locking it, and so does inserting a row that points at one (the
database holds a key-share lock on the row pointed at): a new mentorship takes its mentee and
mentor, a status change its mentorship, a booking its slot and mentorship. That is why, for
example, publishing a round locks its mentees before its mentors.

Even in this order PostgreSQL may still refuse a transaction (a serialisation failure, or a
deadlock with something outside these services). `atomic_with_retry` runs the whole
transaction again a few times after a short random pause, then tells the person
"Someone else changed this at the same moment" (`Conflict`) rather than failing the page.

This module imports only Django and the models, so every service module can import it.
"""

import functools
import logging
import random
import time
from collections.abc import Callable, Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import OperationalError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from mentoring.models import MenteeProfile, MentorProfile, Mentorship, StatusChange
from portal.emails import Templated, send_templated_email

logger = logging.getLogger(__name__)

ATTEMPTS = 4
# The pause before attempt n is random, up to FIRST_PAUSE * 2**(n - 2) seconds (jitter, so two
# transactions that collided do not collide again in step).
FIRST_PAUSE = 0.05
# PostgreSQL's SQLSTATE codes for a transaction that may succeed if run again.
SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
CONFLICT = "Someone else changed this at the same moment: try again."


class Refused(Exception):
    """A change that the rules do not allow. `str(error)` is the message to show; `field`, when
    given, names the argument it is about, so a form can show the message next to that input."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def too_long(what: str, limit: int) -> str:
    """The message for text over its limit, the same from a form and from a service."""
    return f"{what} must be {limit:,} characters or fewer"


def require_length(text: str, *, limit: int, field: str, what: str) -> None:
    """Refuse text longer than its limit before it reaches the database, which would otherwise
    fail (PostgreSQL) or keep more than any form allows (SQLite, and every text column)."""
    if len(text) > limit:
        raise Refused(too_long(what, limit), field=field)


class Conflict(Refused):
    """Another change collided with this one and it could not go through, even when tried
    again. Nothing was changed; trying again later will usually work."""

    def __init__(self, message: str = CONFLICT) -> None:
        super().__init__(message)


def is_conflict(error: BaseException) -> bool:
    """Whether the database refused the transaction only because of another one at the same
    moment (Django's OperationalError wraps the driver's error as its `__cause__`)."""
    cause = error.__cause__
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return isinstance(error, OperationalError) and code in (
        SERIALIZATION_FAILURE,
        DEADLOCK_DETECTED,
    )


def atomic_with_retry[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """`transaction.atomic`, and on a deadlock or serialisation failure the whole transaction
    again, up to ATTEMPTS times; then `Conflict`. Inside another transaction it only joins it:
    the outermost one is the one that can be run again."""
    atomic = transaction.atomic(function)

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if transaction.get_connection().in_atomic_block:
            return atomic(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return atomic(*args, **kwargs)
            except OperationalError as error:
                if not is_conflict(error):
                    raise
                if attempt == ATTEMPTS:
                    logger.warning(
                        "%s collided with another change %s times", function.__name__, attempt
                    )
                    raise Conflict() from error
                logger.info("%s collided with another change; trying again", function.__name__)
                time.sleep(random.uniform(0, FIRST_PAUSE * 2 ** (attempt - 1)))
        raise AssertionError("unreachable")

    return run


def one_by_one[T](step: Callable[[T], bool], items: Iterable[T], *, doing: str) -> int:
    """Run `step` on each item, each in its own transaction (the step's), for background work
    such as housekeeping: an item that fails is logged and left for the next run, and the rest
    are still done. Returns how many items the step did something to (returned True)."""
    done = 0
    for item in items:
        try:
            done += bool(step(item))
        except Exception:
            logger.exception("Could not %s %s; carrying on with the rest", doing, item)
    return done


# Locks, in the order above ------------------------------------------------------------------


def lock_rows(model: type[Model], ids: Iterable[int | None]) -> list[int]:
    """Lock these rows of a model, by id, when only the lock is wanted, not the rows."""
    wanted = sorted({pk for pk in ids if pk is not None})
    return list(
        model.objects.select_for_update()
        .filter(pk__in=wanted)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _lock_profiles[P: (MenteeProfile, MentorProfile)](
    model: type[P], ids: Iterable[int | None]
) -> dict[int, P]:
    wanted = sorted({pk for pk in ids if pk is not None})
    return {
        profile.pk: profile
        for profile in model.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk__in=wanted)
        .order_by("pk")
    }


def lock_mentees(ids: Iterable[int | None]) -> dict[int, MenteeProfile]:
    """Lock these mentee profiles (step 2), by id."""
    return _lock_profiles(MenteeProfile, ids)


def lock_mentors(ids: Iterable[int | None]) -> dict[int, MentorProfile]:
    """Lock these mentor profiles (step 3), by id."""
    return _lock_profiles(MentorProfile, ids)


def lock_mentorships(mentorships: QuerySet[Mentorship]) -> list[Mentorship]:
    """Lock these mentorships (step 4), by id."""
    return list(
        mentorships.select_for_update(of=("self",))
        .select_related("mentee__user", "mentor__user")
        .order_by("pk")
    )


def lock_mentorship(
    pk: int, *, mentee: bool = False, mentor: bool = False
) -> tuple[Mentorship, MentorProfile | None]:
    """Lock a mentorship, after its mentee's profile and its mentor's profile when asked (the
    order above). Returns the mentorship, re-read, and the locked mentor profile if any."""
    locked_mentor = None
    if mentee or mentor:
        parties = Mentorship.objects.filter(pk=pk).values("mentee_id", "mentor_id").get()
        if mentee:
            lock_mentees([parties["mentee_id"]])
        if mentor:
            locked_mentor = lock_mentors([parties["mentor_id"]]).get(parties["mentor_id"])
    [mentorship] = lock_mentorships(Mentorship.objects.filter(pk=pk))
    return mentorship, locked_mentor


# Status changes and emails, shared by every service ----------------------------------------


def change_status(
    mentorship: Mentorship, *, to: str, actor: AbstractBaseUser | None, note: str = ""
) -> StatusChange:
    """Record a change of status; with no actor, Pathways itself made it."""
    change = StatusChange.objects.create(
        mentorship=mentorship,
        actor=actor,
        automatic=actor is None,
        from_status=mentorship.status,
        to_status=to,
        note=note,
        at=timezone.now(),
    )
    mentorship.status = to
    return change


def email_person(
    name: str, *, to: AbstractBaseUser | None, mentorship: Mentorship, **context
) -> None:
    """Send one of the mentorship emails to one of its people, unless their account is
    gone or switched off."""
    if to is None or not to.is_active:
        return
    send_templated_email(
        name=name,
        to=[to.email],
        context={"recipient": to, "mentorship": mentorship, **context},
    )


def email_for(
    name: str, *, to: AbstractBaseUser | None, mentorship: Mentorship, **context
) -> list[Templated]:
    """`email_person`'s email, not yet sent, for background jobs that send many at once with
    `send_templated_emails`: none when the account is gone or switched off."""
    if to is None or not to.is_active:
        return []
    return [Templated(name, to, {"mentorship": mentorship, **context})]
