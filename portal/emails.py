"""E-mails are templates in templates/email/<name>/{subject.txt,body.txt,body.html}.

They are rendered when the change that causes them happens and written to the outbox in the
same transaction (portal/outbox.py): a rolled-back change sends nothing, a committed one is
retried until the mail server takes it.

This is the one place that honours people's choices (portal/email_preferences.py): an email
of a kind the recipient wants in their digest, or not at all, is held instead of sent, and
every email they can choose about carries an unsubscribe link and the RFC 8058 headers.
"""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from portal.email_kinds import KINDS, NEEDS_ANSWER, Delivery, kind_of
from portal.email_preferences import SITE_URLCONF, delivery_for, unsubscribe_url
from portal.models import HeldEmail
from portal.outbox import queue_email


def send_templated_email(*, name: str, to: list[str], context: dict[str, Any]) -> None:
    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL, **context}
    recipient = context.get("recipient")
    kind = kind_of(name)
    subject = " ".join(render_to_string(f"email/{name}/subject.txt", context).split())
    delivery = delivery_for(recipient, kind)
    if delivery != Delivery.IMMEDIATELY:
        HeldEmail.objects.create(
            user_id=recipient.pk,
            template=name,
            kind=kind,
            delivery=delivery,
            subject=subject,
            link=_link(context),
            needs_answer=name in NEEDS_ANSWER,
        )
        return
    text = render_to_string(f"email/{name}/body.txt", context)
    html = render_to_string(f"email/{name}/body.html", context)
    headers: dict[str, str] = {}
    if recipient is not None and recipient.pk is not None and KINDS[kind].choosable:
        footer = {
            "kind": KINDS[kind],
            "unsubscribe_url": unsubscribe_url(user=recipient, kind=kind),
            "preferences_url": settings.SITE_URL
            + reverse("portal:email-preferences", urlconf=SITE_URLCONF),
        }
        text = text.rstrip("\n") + "\n\n" + render_to_string("includes/email_footer.txt", footer)
        footer_html = render_to_string("includes/email_footer.html", footer)
        html = html.replace("</body>", footer_html + "</body>", 1)
        headers = {
            "List-Unsubscribe": f"<{footer['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    queue_email(template=name, to=to, subject=subject, text=text, html=html, headers=headers)


def _link(context: dict[str, Any]) -> str:
    """Where the person acts on a held email: its booking's page, else its mentorship's."""
    for key in ("booking", "mentorship"):
        thing = context.get(key)
        if thing is not None and hasattr(thing, "get_absolute_url"):
            return thing.get_absolute_url()
    return ""
