"""People's choices of when each kind of email reaches them, and the signed links that change
them from an email without signing in.

Sending honours the choice in one place, `portal.emails.send_templated_email`: immediately ->
the outbox as before; digest -> a `HeldEmail` for the weekly digest (portal/digests.py); off ->
a `HeldEmail` marked off, so it is not sent and no digest lists it.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.email_kinds import CHOOSABLE, KINDS, Delivery, Kind, KindInfo
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
    if not isinstance(content, dict) or content.get("k") not in [*CHOOSABLE, Kind.DIGEST]:
        raise Refused("This link is not right")
    return content


@dataclass(frozen=True)
class DigestStopped:
    """What stopping the weekly digest changed: kinds now off, and kinds that cannot be
    switched off and so come straight away again."""

    user_id: int
    switched_off: list[KindInfo]
    now_immediately: list[KindInfo]
    undo_token: str


def unsubscribe_link(*, token: str) -> tuple[User, Kind]:
    """Whose link this is and for which kind of email, changing nothing (the page that asks
    the person to confirm); `Refused` when the link is not right."""
    content = _read(token, salt=UNSUBSCRIBE_SALT)
    user = User.objects.filter(pk=content["u"], is_active=True).first()
    if user is None:
        raise Refused("This link is not right")
    return user, Kind(content["k"])


def _choices_fingerprint(user_id: int) -> str:
    """A short digest of the person's saved choices and when each changed: an undo token
    carries it, so it undoes only while nothing has changed since (and only once)."""
    rows = (
        EmailPreference.objects.filter(user_id=user_id)
        .order_by("kind")
        .values_list("kind", "delivery", "changed_at")
    )
    text = "|".join(f"{kind}={delivery}@{changed.isoformat()}" for kind, delivery, changed in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def unsubscribe(*, token: str) -> Unsubscribed | DigestStopped:
    """The confirmed unsubscribe (a button on the page, or the mail app's one-click POST):
    switch that kind of email off, or move it to the digest when it cannot be switched off.
    Answers what changed and a signed token to undo it. The digest's own link stops the
    digest (`_stop_digest`)."""
    user, kind = unsubscribe_link(token=token)
    if kind == Kind.DIGEST:
        return _stop_digest(user)
    was = delivery_for(user, kind)
    now = Delivery.DIGEST if KINDS[kind].must_have else Delivery.OFF
    _save(user_id=user.pk, kind=kind, delivery=now)
    undo = signing.dumps(
        {"u": user.pk, "k": str(kind), "d": str(was), "f": _choices_fingerprint(user.pk)},
        salt=UNDO_SALT,
    )
    return Unsubscribed(user_id=user.pk, kind=kind, was=was, now=now, undo_token=undo)


def _stop_digest(user: AbstractBaseUser) -> DigestStopped:
    """No more weekly digest: every kind the person gets in it is switched off, or, where it
    cannot be switched off (it may carry a decision that waits for them), comes straight away
    again. The undo token remembers each kind's choice before."""
    was = {kind: delivery for kind, delivery in preferences_of(user).items()}
    in_digest = [kind for kind, delivery in was.items() if delivery == Delivery.DIGEST]
    off, immediately = [], []
    for kind in in_digest:
        now = Delivery.IMMEDIATELY if KINDS[kind].must_have else Delivery.OFF
        _save(user_id=user.pk, kind=kind, delivery=now)
        (immediately if now == Delivery.IMMEDIATELY else off).append(KINDS[kind])
    undo = signing.dumps(
        {
            "u": user.pk,
            "k": str(Kind.DIGEST),
            "d": {str(k): str(was[k]) for k in in_digest},
            "f": _choices_fingerprint(user.pk),
        },
        salt=UNDO_SALT,
    )
    return DigestStopped(
        user_id=user.pk, switched_off=off, now_immediately=immediately, undo_token=undo
    )


@transaction.atomic
def undo_unsubscribe(*, token: str) -> tuple[Kind, Delivery]:
    """Put a kind back as it was before the one-click unsubscribe that signed this token (for
    the digest's own link: every kind it changed, with `Kind.DIGEST` answered). Refused once
    used, or when the person's choices have changed since."""
    content = _read(token, salt=UNDO_SALT)
    if content["k"] == Kind.DIGEST:
        before = content.get("d")
        if not isinstance(before, dict):
            raise Refused("This link is not right")
        checked = [check_choice(kind, str(delivery)) for kind, delivery in before.items()]
        kind, delivery = Kind.DIGEST, Delivery.DIGEST
    else:
        kind, delivery = check_choice(content["k"], str(content.get("d")))
        checked = [(kind, delivery)]
    if not User.objects.filter(pk=content["u"], is_active=True).exists():
        raise Refused("This link is not right")
    if content.get("f") != _choices_fingerprint(content["u"]):
        raise Refused("This link has already been used or your choices have changed since")
    for each, chosen in checked:
        _save(user_id=content["u"], kind=each, delivery=chosen)
    return kind, delivery
