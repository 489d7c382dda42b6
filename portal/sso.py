"""Single sign-on with OpenID Connect: staff sign in with their NHS account (NHSmail is a
Microsoft Entra ID tenant) through mozilla-django-oidc (docs/adr/0007).

Everything comes from the SSO_* settings, read at each request rather than at start-up, so a
deployment needs no call to the provider to start and tests can point the portal at a provider of
their own. A configuration that is incomplete or wrong is never used: `provider()` answers None,
the sign-in page shows no button and `manage.py check` says what to fix (portal/checks.py).

What the provider says is checked here, not trusted: the ID token's signature (the provider's
published keys), issuer, audience (our client id), expiry and nonce, and the state the sign-in
started with. A first sign-in creates the account from the token's email claim when the sign-up
domain rule allows it; a sign-in whose email matches an account signs in to that account.
"""

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
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
        if entra and entra["tenant"].lower() in ENTRA_MULTI_TENANT:
            found.append(
                (
                    f"SSO_ISSUER names no single tenant ({entra['tenant']}): staff of any "
                    "organisation could sign in.",
                    "Use the tenant id of NHSmail (or your organisation) in place of "
                    f"{entra['tenant']}.",
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


def sign_up_or_find(*, email: str, first_name: str, last_name: str):
    """The account with this email address, created if there is none and the sign-up domain
    rule allows the address."""
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    allowed = settings.SIGNUP_EMAIL_DOMAINS
    if allowed and not domain_allowed(email, allowed):
        domain = email.rpartition("@")[2]
        raise SignInRefused("domain", f"an address at {domain} is outside {', '.join(allowed)}")
    try:
        with transaction.atomic():
            # No password: the account signs in through its NHS account only.
            return User.objects.create_user(email, first_name=first_name, last_name=last_name)
    except IntegrityError:
        # The same person's other tab created it a moment ago.
        return User.objects.get(email__iexact=email)


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
            return jwt.decode(
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

    def get_userinfo(self, access_token, id_token, payload):
        # The verified, signed ID token carries the claims we need: no call to a userinfo
        # endpoint (Entra's is on Microsoft Graph, another host to allow and trust).
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = claims.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise SignInRefused("no_email", f"no email claim for subject {claims.get('sub')}")
        email = email.strip().lower()
        # Entra ID does not send email_verified: there the issuer check stands for it, as one
        # tenant's administrators set its addresses. A provider that says "not verified" is
        # believed.
        if "email_verified" in claims and claims["email_verified"] is not True:
            raise SignInRefused("unverified", f"email not verified for subject {claims.get('sub')}")
        first_name, last_name = names_from(claims)
        return sign_up_or_find(email=email, first_name=first_name, last_name=last_name)


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

    def login_failure(self) -> HttpResponse:
        if self.user is not None and not self.user.is_active:
            return refused_page(self.request, "inactive", f"user {self.user.pk} is not active")
        return refused_page(self.request, "token", "no account came back")
