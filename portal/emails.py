"""E-mails are templates in templates/email/<name>/{subject.txt,body.txt,body.html}.

They are rendered when the change that causes them happens and written to the outbox in the
same transaction (portal/outbox.py): a rolled-back change sends nothing, a committed one is
retried until the mail server takes it.
"""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from portal.outbox import queue_email


def send_templated_email(*, name: str, to: list[str], context: dict[str, Any]) -> None:
    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"email/{name}/subject.txt", context).split())
    text = render_to_string(f"email/{name}/body.txt", context)
    html = render_to_string(f"email/{name}/body.html", context)
    queue_email(template=name, to=to, subject=subject, text=text, html=html)
