"""Emails are templates in templates/email/<name>/{subject.txt,body.txt,body.html}.

They are rendered when the change that causes them happens and written to the outbox in the
same transaction (portal/outbox.py): a rolled-back change sends nothing, a committed one is
retried until the mail server takes it.

This is the one place that honours people's choices (portal/email_preferences.py): an email
of a kind the recipient wants in their digest, or not at all, is held instead of sent, and
every email they can choose about carries an unsubscribe link and the RFC 8058 headers.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.template.loader import render_to_string
from django.urls import reverse

from portal.email_kinds import KINDS, NEEDS_ANSWER, Delivery, kind_of
from portal.email_preferences import SITE_URLCONF, delivery_for, unsubscribe_url
from portal.models import EmailPreference, HeldEmail, OutgoingEmail
from portal.outbox import queue_email, queue_emails


def send_templated_email(*, name: str, to: list[str], context: dict[str, Any]) -> None:
    recipient = context.get("recipient")
    email = _rendered(
        name=name, to=to, context=context, delivery=delivery_for(recipient, kind_of(name))
    )
    if isinstance(email, HeldEmail):
        email.save()
        return
    queue_email(
        template=name,
        to=email.to,
        subject=email.subject,
        text=email.body_text,
        html=email.body_html,
        headers=email.headers,
    )


@dataclass(frozen=True)
class Templated:
    """One email for `send_templated_emails`: a template, its recipient and its context."""

    name: str
    recipient: AbstractBaseUser
    context: dict[str, Any]


def send_templated_emails(emails: list[Templated]) -> int:
    """Many emails at once, each sent (or held) exactly as `send_templated_email` would, in
    a fixed number of queries however many there are: the recipients' choices in one query,
    the held ones in one insert and the rest in one insert to the outbox (for background jobs
    such as housekeeping). Returns how many were sent or held."""
    if not emails:
        return 0
    kinds = {kind_of(email.name) for email in emails}
    chosen = {
        (user_id, kind): delivery
        for user_id, kind, delivery in EmailPreference.objects.filter(
            user_id__in={email.recipient.pk for email in emails}, kind__in=kinds
        ).values_list("user_id", "kind", "delivery")
    }
    held: list[HeldEmail] = []
    outgoing: list[OutgoingEmail] = []
    preferences_url = _preferences_url()
    for email in emails:
        kind = kind_of(email.name)
        delivery = (
            Delivery(chosen.get((email.recipient.pk, kind), Delivery.IMMEDIATELY))
            if KINDS[kind].choosable
            else Delivery.IMMEDIATELY
        )
        rendered = _rendered(
            name=email.name,
            to=[email.recipient.email],
            context={"recipient": email.recipient, **email.context},
            delivery=delivery,
            preferences_url=preferences_url,
        )
        (held if isinstance(rendered, HeldEmail) else outgoing).append(rendered)
    if held:
        HeldEmail.objects.bulk_create(held)
    if outgoing:
        queue_emails(outgoing, together=True)
    return len(emails)


def _preferences_url() -> str:
    return settings.SITE_URL + reverse("portal:email-preferences", urlconf=SITE_URLCONF)


def _rendered(
    *,
    name: str,
    to: list[str],
    context: dict[str, Any],
    delivery: Delivery,
    preferences_url: str | None = None,
) -> HeldEmail | OutgoingEmail:
    """The email, rendered and not yet saved: held for the digest (or off), or for the
    outbox with the unsubscribe footer and headers on every kind a person can choose about."""
    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL, **context}
    recipient = context.get("recipient")
    kind = kind_of(name)
    subject = " ".join(render_to_string(f"email/{name}/subject.txt", context).split())
    if delivery != Delivery.IMMEDIATELY:
        return HeldEmail(
            user_id=recipient.pk,
            template=name,
            kind=kind,
            delivery=delivery,
            subject=subject,
            link=_link(context),
            needs_answer=name in NEEDS_ANSWER,
        )
    text = render_to_string(f"email/{name}/body.txt", context)
    html = render_to_string(f"email/{name}/body.html", context)
    headers: dict[str, str] = {}
    if recipient is not None and recipient.pk is not None and KINDS[kind].choosable:
        footer = {
            "kind": KINDS[kind],
            "unsubscribe_url": unsubscribe_url(user=recipient, kind=kind),
            "preferences_url": preferences_url or _preferences_url(),
        }
        text = text.rstrip("\n") + "\n\n" + render_to_string("includes/email_footer.txt", footer)
        footer_html = render_to_string("includes/email_footer.html", footer)
        html = html.replace("</body>", footer_html + "</body>", 1)
        headers = {
            "List-Unsubscribe": f"<{footer['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return OutgoingEmail(
        template=name, to=to, subject=subject, body_text=text, body_html=html, headers=headers
    )


def _link(context: dict[str, Any]) -> str:
    """Where the person acts on a held email: its booking's page, else its mentorship's."""
    for key in ("booking", "mentorship"):
        thing = context.get(key)
        if thing is not None and hasattr(thing, "get_absolute_url"):
            return thing.get_absolute_url()
    return ""
