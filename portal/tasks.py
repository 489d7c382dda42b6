from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.tasks import task
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal import outbox
from portal.emails import send_templated_email
from portal.outbox import send_outgoing_email

__all__ = ["send_email", "send_outgoing_email", "send_password_reset"]


@task
def send_email(*, to: list[str], subject: str, text: str, html: str = "") -> None:
    """Kept for tasks queued before the outbox existed: they join the outbox when they run."""
    outbox.queue_email(template="", to=to, subject=subject, text=text, html=html)


@task
def send_password_reset(*, email: str) -> None:
    """Send a password reset link to each active account using this address; to nobody when
    none does. The reset page hands every address here, so it answers alike for both. With
    PASSWORD_SIGN_IN off, only superusers (the break-glass way in) get one."""
    # Django's rule for who may reset: active, with a usable password, address in any case.
    for user in PasswordResetForm().get_users(email):
        if not (settings.PASSWORD_SIGN_IN or user.is_superuser):
            continue
        link = reverse(
            "portal:password-reset-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        send_templated_email(
            name="password_reset",
            to=[user.email],
            context={"user": user, "reset_url": f"{settings.SITE_URL}{link}"},
        )
