from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


@task
def send_email(*, to: list[str], subject: str, text: str, html: str = "") -> None:
    """Send one e-mail. Runs in the background worker, so no page waits on the mail server."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@task
def send_password_reset(*, email: str) -> None:
    """Send a password reset link to each active account using this address; to nobody when
    none does. The reset page hands every address here, so it answers alike for both."""
    # Imported here: portal.emails hands its e-mails to send_email above.
    from portal.emails import send_templated_email

    # Django's rule for who may reset: active, with a usable password, address in any case.
    for user in PasswordResetForm().get_users(email):
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
