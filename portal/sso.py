"""Single sign-on with OpenID Connect: staff sign in with their NHS account (NHSmail is a
Microsoft Entra ID tenant) through mozilla-django-oidc (docs/adr/0007).

Everything comes from the SSO_* settings, read at each request rather than at start-up, so a
deployment needs no call to the provider to start and tests can point the portal at a provider of
their own. A configuration that is incomplete or wrong is never used: `provider()` answers None,
the sign-in page shows no button and `manage.py check` says what to fix (portal/checks.py).

What the provider says is checked here, not trusted: the ID token's signature (the provider's
published keys), issuer, audience (our client id), expiry and nonce, and the state the sign-in
started with.

Who the person is: the provider's identity for them, (issuer, subject), bound to one account
(`User.sso_issuer`, `User.sso_subject`). The subject is Entra's `oid` claim when the token has
one (the person's object id in the tenant, the same for every application), else `sub`. A
sign-in whose identity is bound signs in to that account, whatever its email claim says now.
Otherwise the email claim, checked as a plain ASCII address within the sign-up domain rule,
either creates the account or links the account with that address: linking binds the identity
and makes the account's password unusable, so whoever made the account with a password (without
proving the address) loses it and their sessions end. Staff and superuser accounts are never
linked by email: an administrator binds them (docs/deployment.md).
"""

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from portal.forms import domain_allowed

logger = logging.getLogger("portal.sso")

ENTRA_ISSUER = re.compile(r"^https://login\.microsoftonline\.com/(?P<tenant>[^/?#]+)/v2\.0$")
# Issuers that stand for many tenants: any organisation's staff could sign in through them.
ENTRA_MULTI_TENANT = {"common", "organizations", "consumers"}
# The tenant of personal Microsoft accounts: anyone can make one.
ENTRA_CONSUMERS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# The local part of an address we accept: a dot-atom of ASCII letters, digits and the usual
# symbols (no quoted strings, spaces or a second @).
LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
SIGNING_ALGORITHM = "RS256"
# How far apart our clock and the provider's may be when checking a token's times.
CLOCK_LEEWAY_SECONDS = 60

# mozilla-django-oidc's settings, fixed here rather than in portal/settings.py: only the SSO_*
# settings are for a deployment to change.
OIDC_OPTIONS = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "portal:sso-callback",
    "OIDC_RP_SCOPES": "openid email profile",
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_TIMEOUT": 10,
    "OIDC_VERIFY_SSL": True,
    "OIDC_TOKEN_USE_BASIC_AUTH": False,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_CREATE_USER": True,
    "OIDC_REDIRECT_FIELD_NAME": "next",
    "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {},
}


def oidc_setting(name: str, *default):
    if name in OIDC_OPTIONS:
        return OIDC_OPTIONS[name]
    return import_from_settings(name, *default)


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


def is_configured() -> bool:
    """Whether a deployment has started to set single sign-on up (any of the three is set)."""
    return bool(settings.SSO_ISSUER or settings.SSO_CLIENT_ID or settings.SSO_CLIENT_SECRET)


def _entra_endpoints(issuer: str) -> dict[str, str]:
    tenant_url = issuer.removesuffix("/v2.0")
    return {
        "SSO_AUTHORIZATION_ENDPOINT": f"{tenant_url}/oauth2/v2.0/authorize",
        "SSO_TOKEN_ENDPOINT": f"{tenant_url}/oauth2/v2.0/token",
        "SSO_JWKS_URI": f"{tenant_url}/discovery/v2.0/keys",
    }


def _address_problem(name: str, value: str) -> str | None:
    """Why the value is not an address the portal can call safely: HTTPS, or plain HTTP to this
    machine only (a provider run for tests or local work)."""
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname in {"localhost", "127.0.0.1", "::1"}:
        return None
    return f"{name} must be an https:// address, not {value!r}."


def problems() -> list[tuple[str, str]]:
    """What is wrong with the single sign-on settings, each as (message, hint); none when they
    are complete and right, or when single sign-on is not set up at all."""
    found: list[tuple[str, str]] = []
    if not settings.PASSWORD_SIGN_IN and not is_configured():
        found.append(
            (
                "PASSWORD_SIGN_IN is off but single sign-on is not set up, so nobody but "
                "superusers could sign in.",
                "Set SSO_ISSUER, SSO_CLIENT_ID and SSO_CLIENT_SECRET, or turn PASSWORD_SIGN_IN "
                "back on.",
            )
        )
    if not is_configured():
        return found
    named = {
        "SSO_ISSUER": settings.SSO_ISSUER,
        "SSO_CLIENT_ID": settings.SSO_CLIENT_ID,
        "SSO_CLIENT_SECRET": settings.SSO_CLIENT_SECRET,
    }
    missing = [name for name, value in named.items() if not value]
    if missing:
        found.append(
            (
                "Single sign-on is half set up: " + " and ".join(missing) + " missing.",
                "Set all of SSO_ISSUER, SSO_CLIENT_ID and SSO_CLIENT_SECRET (from the app "
                "registration in Microsoft Entra ID), or none of them to turn single sign-on off.",
            )
        )
    issuer = settings.SSO_ISSUER
    if issuer:
        problem = _address_problem("SSO_ISSUER", issuer)
        if problem:
            found.append((problem, "For NHSmail: https://login.microsoftonline.com/<tenant>/v2.0"))
        entra = ENTRA_ISSUER.match(issuer)
        tenant = entra["tenant"].lower() if entra else ""
        if entra and (tenant in ENTRA_MULTI_TENANT or tenant == ENTRA_CONSUMERS_TENANT_ID):
            found.append(
                (
                    f"SSO_ISSUER names no single tenant ({entra['tenant']}): staff of any "
                    "organisation could sign in.",
                    "Use the tenant id of NHSmail (or your organisation) in place of "
                    f"{entra['tenant']}.",
                )
            )
        elif entra and not GUID.match(tenant):
            found.append(
                (
                    f"SSO_ISSUER names its tenant by a domain name ({entra['tenant']}): the "
                    "tokens Microsoft Entra ID issues name the tenant by its id, so every "
                    "sign-in would fail.",
                    "Use the tenant id (a GUID, from the app registration's overview) in place "
                    f"of {entra['tenant']}.",
                )
            )
        derived = _entra_endpoints(issuer) if entra else {}
        for name in ("SSO_AUTHORIZATION_ENDPOINT", "SSO_TOKEN_ENDPOINT", "SSO_JWKS_URI"):
            value = getattr(settings, name) or derived.get(name, "")
            if not value:
                found.append(
                    (
                        f"{name} is missing: it is worked out only for a Microsoft Entra ID "
                        "issuer (https://login.microsoftonline.com/<tenant>/v2.0).",
                        f"Set {name} from your provider's /.well-known/openid-configuration.",
                    )
                )
            elif problem := _address_problem(name, value):
                found.append((problem, f"Set {name} from your provider's discovery document."))
    return found


def provider() -> Provider | None:
    """The identity provider to sign in with, or None when single sign-on is off or its
    settings are wrong (then `problems()` says why)."""
    if not is_configured() or problems():
        return None
    issuer = settings.SSO_ISSUER
    derived = _entra_endpoints(issuer) if ENTRA_ISSUER.match(issuer) else {}
    return Provider(
        issuer=issuer,
        client_id=settings.SSO_CLIENT_ID,
        client_secret=settings.SSO_CLIENT_SECRET,
        authorization_endpoint=settings.SSO_AUTHORIZATION_ENDPOINT
        or derived["SSO_AUTHORIZATION_ENDPOINT"],
        token_endpoint=settings.SSO_TOKEN_ENDPOINT or derived["SSO_TOKEN_ENDPOINT"],
        jwks_uri=settings.SSO_JWKS_URI or derived["SSO_JWKS_URI"],
    )


class SignInRefused(Exception):
    """Single sign-on did not sign the person in; `reason` is a key of REFUSALS, `detail` is
    for the log only."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# What the person reads for each refusal: (status, page title, what happened, what to do).
REFUSALS: dict[str, tuple[int, str, str, str]] = {
    "cancelled": (
        400,
        "You did not finish signing in",
        "You cancelled signing in with your NHS account, so you are not signed in.",
        "retry",
    ),
    "provider_error": (
        400,
        "Your NHS account could not sign you in",
        "The NHS sign-in service did not sign you in.",
        "retry",
    ),
    "expired_link": (
        400,
        "Your sign-in could not be finished",
        "The link back from the NHS sign-in service was not valid or has been used already. "
        "This can happen if you went back a page, or started signing in in another tab.",
        "retry",
    ),
    "token": (
        400,
        "We could not check your NHS sign-in",
        "The answer from the NHS sign-in service did not pass our checks, so you are not "
        "signed in.",
        "retry",
    ),
    "unreachable": (
        503,
        "NHS sign-in is not available at the moment",
        "We could not reach the NHS sign-in service.",
        "retry",
    ),
    "no_email": (
        403,
        "Your NHS account has no email address",
        "Pathways needs the email address of your NHS account, and the NHS sign-in service "
        "did not give us one.",
        "contact",
    ),
    "unverified": (
        403,
        "Your email address is not confirmed",
        "The NHS sign-in service says the email address of your account is not confirmed, so "
        "we cannot use it to sign you in.",
        "contact",
    ),
    "domain": (
        403,
        "You cannot use this account for Pathways",
        "Pathways is for NHS staff, and the email address of this account is not one we accept.",
        "domain",
    ),
    "inactive": (
        403,
        "Your account is not active",
        "Your Pathways account has been switched off, so you cannot sign in.",
        "contact",
    ),
    "staff": (
        403,
        "Ask an administrator to link your NHS account",
        "The Pathways account with this email address is an administrator's or staff "
        "account. We do not link those to an NHS account by email address.",
        "admin",
    ),
    "look_alike": (
        403,
        "Ask an administrator to link your NHS account",
        "There is a Pathways account with an email address very like the one of your NHS "
        "account, so we cannot make another.",
        "admin",
    ),
    "linked_elsewhere": (
        403,
        "Your account is linked to another NHS account",
        "The Pathways account with this email address already signs in with a different NHS "
        "account.",
        "admin",
    ),
}


def refused_page(request: HttpRequest, reason: str, detail: str = "") -> HttpResponse:
    status, title, what_happened, what_to_do = REFUSALS[reason]
    # The reason and the provider's subject id, never an email address: logs are not for
    # personal data.
    logger.warning("Single sign-on refused (%s): %s", reason, detail or title)
    return render(
        request,
        "registration/sso_refused.html",
        {
            "title": title,
            "what_happened": what_happened,
            "what_to_do": what_to_do,
            "allowed_domains": settings.SIGNUP_EMAIL_DOMAINS,
        },
        status=status,
    )


def email_from(claims: dict) -> str:
    """The token's email claim as the address we match and store: stripped, lowercased, and
    refused (`no_email`) unless it is a plain ASCII address (no look-alike letters, no
    zero-width characters, no quoted or doubled local part)."""
    subject = claims.get("sub")
    email = claims.get("email")
    if not isinstance(email, str):
        raise SignInRefused("no_email", f"no email claim for subject {subject}")
    email = email.strip()
    if not email.isascii():
        raise SignInRefused("no_email", f"a non-ASCII email claim for subject {subject}")
    try:
        validate_email(email)
    except ValidationError:
        raise SignInRefused("no_email", f"an email claim that is not valid for {subject}") from None
    local_part = email.rpartition("@")[0]
    if not LOCAL_PART.match(local_part):
        raise SignInRefused("no_email", f"an email claim that is not plain for {subject}")
    return email.lower()


def identity_from(claims: dict) -> tuple[str, str]:
    """(issuer, subject) for the person: Entra's `oid` when present, else `sub`."""
    subject = claims.get("oid") or claims.get("sub")
    if not isinstance(subject, str) or not subject or not isinstance(claims.get("iss"), str):
        raise SignInRefused("token", "the ID token names nobody")
    return claims["iss"], subject


def _check_domain(email: str) -> None:
    allowed = settings.SIGNUP_EMAIL_DOMAINS
    if allowed and not domain_allowed(email, allowed):
        domain = email.rpartition("@")[2]
        raise SignInRefused("domain", f"an address at {domain} is outside {', '.join(allowed)}")


def _with_email(email: str):
    """The account whose address, lowered, is this one (as the unique constraint compares
    them); an address stored with letters outside ASCII never matches."""
    User = get_user_model()
    found = User.objects.annotate(email_lower=Lower("email")).filter(email_lower=email).first()
    return found if found is not None and found.email.isascii() else None


def sign_up_or_find(
    *, email: str, first_name: str, last_name: str, issuer: str = "", subject: str = ""
):
    """For an identity bound to no account (the backend looks that up first): the account with
    this email address, linked to the identity, or else a new account; either only when the
    sign-up domain rule allows the address.

    Linking binds the identity and makes the password unusable (which also ends the account's
    other sessions); the account answers `sso_linked_now` True when it had a password."""
    User = get_user_model()
    _check_domain(email)
    existing = _with_email(email)
    if existing is not None:
        return _link(existing, issuer=issuer, subject=subject)
    try:
        with transaction.atomic():
            # No password: the account signs in through its NHS account only.
            return User.objects.create_user(
                email,
                first_name=first_name,
                last_name=last_name,
                sso_issuer=issuer,
                sso_subject=subject,
            )
    except IntegrityError:
        # The same person's other tab created it a moment ago: the same rules as for any
        # account found by its address (if another identity made it, that is refused).
        existing = _with_email(email)
        if existing is None:
            # An account whose address only folds to this one (a look-alike letter that the
            # database lowercases to ASCII): never linked, never copied.
            raise SignInRefused("look_alike", "an account's address folds to this one") from None
        return _link(existing, issuer=issuer, subject=subject)


def _link(user, *, issuer: str, subject: str):
    if user.is_staff or user.is_superuser:
        raise SignInRefused("staff", f"user {user.pk} is staff: not linked by email")
    if user.sso_subject and (user.sso_issuer, user.sso_subject) != (issuer, subject):
        raise SignInRefused("linked_elsewhere", f"user {user.pk} is bound to another subject")
    if not user.is_active or not (issuer and subject):
        return user
    had_password = user.has_usable_password()
    user.sso_issuer, user.sso_subject = issuer, subject
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save(update_fields=["sso_issuer", "sso_subject", "password"])
    except IntegrityError:
        raise SignInRefused("linked_elsewhere", f"subject {subject} is bound already") from None
    logger.info("Single sign-on linked user %s to subject %s", user.pk, subject)
    user.sso_linked_now = had_password
    return user


def names_from(claims: dict) -> tuple[str, str]:
    first = claims.get("given_name") or ""
    last = claims.get("family_name") or ""
    if not (first or last) and isinstance(claims.get("name"), str):
        first, _, last = claims["name"].strip().partition(" ")
    return str(first)[:150], str(last)[:150]


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Signs in the person the provider's ID token names. It answers only the callback of
    SingleSignOnCallbackView (which passes a nonce): for a password it returns None."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs) -> None:
        # mozilla-django-oidc reads its settings here; ours are read at each sign-in instead.
        self.UserModel = get_user_model()

    def get_user(self, user_id):
        """The signed-in account for each request, unless it has been switched off since (as
        ModelBackend does)."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def authenticate(self, request, **kwargs):
        current = provider()
        if request is None or "nonce" not in kwargs or current is None:
            return None
        self.provider = current
        self.OIDC_OP_TOKEN_ENDPOINT = current.token_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = current.jwks_uri
        self.OIDC_OP_USER_ENDPOINT = None
        self.OIDC_RP_CLIENT_ID = current.client_id
        self.OIDC_RP_CLIENT_SECRET = current.client_secret
        self.OIDC_RP_SIGN_ALGO = SIGNING_ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as error:
            # The provider answered with an error: a code used twice or too old, or a wrong
            # client secret.
            raise SignInRefused("token", str(error)[:500]) from error
        except requests.RequestException as error:
            raise SignInRefused("unreachable", str(error)[:500]) from error
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError) as error:
            raise SignInRefused("token", str(error)[:500]) from error

    def _verify_jws(self, payload, key):
        """The ID token's claims, once its signature, issuer, audience and times are right
        (mozilla-django-oidc checks the signature only)."""
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[SIGNING_ALGORITHM],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise SignInRefused("token", "the ID token has expired") from error
        except jwt.InvalidAudienceError as error:
            raise SignInRefused("token", "the ID token is for another application") from error
        except jwt.InvalidIssuerError as error:
            raise SignInRefused("token", "the ID token comes from another issuer") from error
        except jwt.PyJWTError as error:
            raise SignInRefused("token", f"the ID token is not valid: {error}") from error
        check_authorised_party(claims, self.provider.client_id)
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        # The verified, signed ID token carries the claims we need: no call to a userinfo
        # endpoint (Entra's is on Microsoft Graph, another host to allow and trust).
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        issuer, subject = identity_from(claims)
        bound = self.UserModel.objects.filter(sso_issuer=issuer, sso_subject=subject).first()
        if bound is not None:
            return bound
        email = email_from(claims)
        # Entra ID does not send email_verified: there the issuer check stands for it, as one
        # tenant's administrators set its addresses. A provider that says "not verified" is
        # believed.
        if "email_verified" in claims and claims["email_verified"] is not True:
            raise SignInRefused("unverified", f"email not verified for subject {subject}")
        first_name, last_name = names_from(claims)
        return sign_up_or_find(
            email=email,
            first_name=first_name,
            last_name=last_name,
            issuer=issuer,
            subject=subject,
        )


def check_authorised_party(claims: dict, client_id: str) -> None:
    """A token for several audiences must name us as the party it was issued to (`azp`), and
    an `azp` must always be us (OpenID Connect Core 3.1.3.7)."""
    audience = claims.get("aud")
    several = isinstance(audience, list) and len(audience) > 1
    if (several or "azp" in claims) and claims.get("azp") != client_id:
        raise SignInRefused("token", "the ID token was issued to another application (azp)")


@method_decorator([login_not_required, never_cache], name="dispatch")
class SingleSignOnStartView(OIDCAuthenticationRequestView):
    """Sends the person to the provider, remembering a state, a nonce and a PKCE verifier in
    their session for the callback to check."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs) -> None:
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        current = provider()
        if current is None:
            raise Http404("Single sign-on is not set up.")
        self.OIDC_OP_AUTH_ENDPOINT = current.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = current.client_id
        return super().get(request)


@method_decorator([login_not_required, never_cache], name="dispatch")
class SingleSignOnCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: a clear page for every way it can fail."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if provider() is None:
            raise Http404("Single sign-on is not set up.")
        states = request.session.get("oidc_states", {})
        state = request.GET.get("state", "")
        error = request.GET.get("error")
        if error:
            # The same state must not serve twice.
            if state in states:
                del states[state]
                request.session.modified = True
            if request.user.is_authenticated:
                auth.logout(request)
            reason = "cancelled" if error == "access_denied" else "provider_error"
            return refused_page(request, reason, f"{error}: {request.GET.get('error_description')}")
        if not request.GET.get("code") or state not in states:
            return refused_page(request, "expired_link", "unknown or missing state")
        self.user = None
        try:
            return super().get(request)
        except SignInRefused as refusal:
            return refused_page(request, refusal.reason, refusal.detail)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        if getattr(self.user, "sso_linked_now", False):
            messages.info(
                self.request,
                "Your account now uses your NHS account to sign in. Your password no longer works.",
            )
        return response

    def login_failure(self) -> HttpResponse:
        if self.user is not None and not self.user.is_active:
            return refused_page(self.request, "inactive", f"user {self.user.pk} is not active")
        return refused_page(self.request, "token", "no account came back")
