"""E-mails are templates in templates/email/<name>/{subject.txt,body.txt,body.html}.

They are rendered when the change that causes them happens, and handed to the background
queue only once that change is committed: a rolled-back change sends nothing.
"""

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from portal.tasks import send_email


def send_templated_email(*, name: str, to: list[str], context: dict[str, Any]) -> None:
    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"email/{name}/subject.txt", context).split())
    text = render_to_string(f"email/{name}/body.txt", context)
    html = render_to_string(f"email/{name}/body.html", context)
    transaction.on_commit(partial(send_email.enqueue, to=to, subject=subject, text=text, html=html))
