"""Who is signing in, and when to stop them trying: the rules django-axes asks us for.

Failed sign-ins lock one account at one network address (`SIGN_IN_FAILURE_LIMIT`), so a
guesser cannot lock everyone else out of a trust whose staff share a few addresses. An address
as a whole is locked only at a much higher count (`SIGN_IN_ADDRESS_FAILURE_LIMIT`), which stops
one machine trying many accounts without catching a busy trust's ordinary typing mistakes.
"""

import ipaddress

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str | None:
    """The address of the person's device, as the first of our trusted proxies saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    N trusted proxies the client is the N-th entry from the right. Entries further left came
    from the client and may be forged; with no trusted proxy the header is not read at all.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [entry.strip() for entry in header.split(",") if entry.strip()]
    if not forwarded:
        # Not through our proxies (a health check from inside, say): the peer is the client.
        return remote_addr
    # Fewer entries than proxies: the request joined the chain part-way, at a proxy that
    # recorded who it came from; that left-most entry is still one our proxies wrote.
    entry = forwarded[max(len(forwarded) - proxies, 0)]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return remote_addr


def username(request: HttpRequest, credentials: dict | None) -> str | None:
    """Addresses sign in whatever their case, so failures count against one account."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    return value.strip().lower() if isinstance(value, str) else None


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from this address, for any account, within the lockout time."""
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    attempts = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=now - get_cool_off(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request: HttpRequest, credentials: dict | None) -> int:
    """How many failures for this account at this address lock it.

    django-axes counts failures by account and address together (AXES_LOCKOUT_PARAMETERS) and
    compares them with this limit. Once the address as a whole has reached its own, higher
    limit, no failure at all is allowed: every account at that address is locked.
    """
    if address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
        return 0
    return settings.SIGN_IN_FAILURE_LIMIT
