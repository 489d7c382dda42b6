"""People's choices of when each kind of email reaches them, and the signed links that change
them from an email without signing in.

Sending honours the choice in one place, `portal.emails.send_templated_email`: immediately ->
the outbox as before; digest -> a `HeldEmail` for the weekly digest (portal/digests.py); off ->
a `HeldEmail` marked off, so it is not sent and no digest lists it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.email_kinds import CHOOSABLE, KINDS, Delivery, Kind
from portal.models import EmailPreference, User

# Emails link to the site itself: its own URLs, whatever URLconf the code in hand runs under.
SITE_URLCONF = "portal.urls"
UNSUBSCRIBE_SALT = "portal.email.unsubscribe"
UNDO_SALT = "portal.email.unsubscribe.undo"


class Refused(Exception):
    """A choice the rules do not allow; `str(error)` is the message to show and `field` the
    input it is about (None: the whole form)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def preferences_of(user: AbstractBaseUser) -> dict[Kind, Delivery]:
    """Every choosable kind with the person's choice (immediately when they never chose)."""
    chosen = dict(
        EmailPreference.objects.filter(user=user, kind__in=CHOOSABLE).values_list(
            "kind", "delivery"
        )
    )
    return {kind: Delivery(chosen.get(kind, Delivery.IMMEDIATELY)) for kind in CHOOSABLE}


def delivery_for(user: AbstractBaseUser | None, kind: Kind) -> Delivery:
    """How an email of this kind goes to this person now."""
    if user is None or user.pk is None or not KINDS[kind].choosable:
        return Delivery.IMMEDIATELY
    chosen = (
        EmailPreference.objects.filter(user_id=user.pk, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return Delivery(chosen or Delivery.IMMEDIATELY)


def check_choice(kind: str, delivery: str) -> tuple[Kind, Delivery]:
    """The kind and delivery, if the rules allow that choice; `Refused` otherwise."""
    if kind not in CHOOSABLE:
        raise Refused("We do not know that kind of email: choose from the list below")
    info = KINDS[Kind(kind)]
    if delivery not in {choice.value for choice in info.choices}:
        if delivery == Delivery.OFF:
            raise Refused(f"{info.label} cannot be switched off. {info.must_have}", field=kind)
        raise Refused(f"Select when you want {info.label.lower()} emails", field=kind)
    return Kind(kind), Delivery(delivery)


@transaction.atomic
def set_email_preferences(*, user: AbstractBaseUser, choices: dict[str, str]) -> None:
    """Save the person's choices, all or none: every one is checked before any is written."""
    checked = [check_choice(kind, delivery) for kind, delivery in choices.items()]
    for kind, delivery in checked:
        _save(user_id=user.pk, kind=kind, delivery=delivery)


def _save(*, user_id: int, kind: Kind, delivery: Delivery) -> None:
    EmailPreference.objects.update_or_create(
        user_id=user_id,
        kind=kind,
        defaults={"delivery": delivery, "changed_at": timezone.now()},
    )


# Unsubscribe links -------------------------------------------------------------------------


def unsubscribe_token(*, user: AbstractBaseUser, kind: Kind) -> str:
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user: AbstractBaseUser, kind: Kind) -> str:
    token = unsubscribe_token(user=user, kind=kind)
    return settings.SITE_URL + reverse(
        "portal:email-unsubscribe", args=[token], urlconf=SITE_URLCONF
    )


def _max_age() -> int:
    return settings.EMAIL_UNSUBSCRIBE_LINK_DAYS * 24 * 60 * 60


@dataclass(frozen=True)
class Unsubscribed:
    user_id: int
    kind: Kind
    was: Delivery
    now: Delivery
    undo_token: str


def _read(token: str, *, salt: str) -> dict:
    """The signed content of a link, or `Refused` when it was changed or is too old."""
    try:
        content = signing.loads(token, salt=salt, max_age=_max_age())
    except signing.SignatureExpired:
        raise Refused("This link has expired") from None
    except signing.BadSignature:
        raise Refused("This link is not right") from None
    if not isinstance(content, dict) or content.get("k") not in CHOOSABLE:
        raise Refused("This link is not right")
    return content


@transaction.atomic
def unsubscribe(*, token: str) -> Unsubscribed:
    """One click from an email: switch that kind of email off, or move it to the digest when
    it cannot be switched off. Answers what changed and a signed token to undo it."""
    content = _read(token, salt=UNSUBSCRIBE_SALT)
    user = User.objects.filter(pk=content["u"], is_active=True).first()
    if user is None:
        raise Refused("This link is not right")
    kind = Kind(content["k"])
    was = delivery_for(user, kind)
    now = Delivery.DIGEST if KINDS[kind].must_have else Delivery.OFF
    _save(user_id=user.pk, kind=kind, delivery=now)
    undo = signing.dumps({"u": user.pk, "k": str(kind), "d": str(was)}, salt=UNDO_SALT)
    return Unsubscribed(user_id=user.pk, kind=kind, was=was, now=now, undo_token=undo)


@transaction.atomic
def undo_unsubscribe(*, token: str) -> tuple[Kind, Delivery]:
    """Put a kind back as it was before the one-click unsubscribe that signed this token."""
    content = _read(token, salt=UNDO_SALT)
    kind, delivery = check_choice(content["k"], str(content.get("d")))
    if not User.objects.filter(pk=content["u"], is_active=True).exists():
        raise Refused("This link is not right")
    _save(user_id=content["u"], kind=kind, delivery=delivery)
    return kind, delivery
