from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        # Email addresses are matched without regard to case: Jane@NHS.net is jane@nhs.net.
        return self.get(email__iexact=username)

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The email address is what they sign in with."""

    email = models.EmailField("email address", max_length=254, unique=True)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the admin site (editors and coordinators).",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    deletion_warning_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the account was last warned that it will be deleted for being unused.",
    )
    # Who the person is at the identity provider, once they have signed in with their NHS
    # account (portal/sso.py): the token's issuer and subject. Blank until then.
    sso_issuer = models.CharField("single sign-on issuer", max_length=255, blank=True)
    sso_subject = models.CharField(
        "single sign-on subject",
        max_length=255,
        blank=True,
        help_text="The NHS account this account signs in with (blank: none yet).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["sso_issuer", "sso_subject"],
                condition=~models.Q(sso_subject=""),
                name="portal_user_sso_identity_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class OutgoingEmail(models.Model):
    """One email in the outbox. It is written in the same transaction as the change that
    causes it, so a committed change always has its email, and it stays here until it is sent
    (see portal/outbox.py for the retry schedule and the rule that makes it go at most once)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    template = models.CharField(max_length=100, help_text="The email's template name.")
    to = models.JSONField("recipients", help_text="A list of email addresses.")
    subject = models.CharField(max_length=998)
    # The bodies may hold private mentoring content: admin never shows them, and they are
    # blanked once the email has been sent.
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    retry_until = models.DateTimeField(help_text="No new attempt is scheduled after this.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    reached_server_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the current attempt connected to the mail server and began sending.",
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    headers = models.JSONField(
        default=dict, blank=True, help_text="Extra headers, such as List-Unsubscribe."
    )

    class Meta:
        verbose_name = "outgoing email"
        ordering = ["-created_at", "-id"]
        permissions = [("resend_outgoingemail", "Can resend outgoing emails")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["waiting", "sending", "sent", "failed"]),
                name="outgoing_email_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False)
                | (~models.Q(status="sent") & models.Q(sent_at__isnull=True)),
                name="outgoing_email_sent_has_sent_at",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(claimed_at__isnull=False),
                name="outgoing_email_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} (to {', '.join(self.to)})"


class WorkerHeartbeat(models.Model):
    """A background worker's sign of life, written every few seconds while it runs
    (portal/worker.py). A worker silent for longer than `TASK_WORKER_DEAD_AFTER_SECONDS` has
    died, and the task it was running is marked failed."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_beat = models.DateTimeField()

    class Meta:
        ordering = ["-last_beat"]

    def __str__(self) -> str:
        return f"Worker {self.worker_id} on {self.hostname} (pid {self.pid})"


DELIVERIES = [("immediately", "Immediately"), ("digest", "In a weekly digest"), ("off", "Off")]


class EmailPreference(models.Model):
    """When one person wants one kind of email (portal/email_kinds.py). No row: immediately."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=20)
    delivery = models.CharField(max_length=12, choices=DELIVERIES)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_preference_one_per_kind"),
            models.CheckConstraint(
                condition=models.Q(delivery__in=["immediately", "digest", "off"]),
                name="email_preference_delivery_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"


class EmailDigest(models.Model):
    """One person's weekly digest. One per person per week (`week` is the Monday), so running
    the digest twice, or in two processes at once, sends one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_digests")
    week = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    outgoing_email = models.ForeignKey(
        OutgoingEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="email_digest_one_a_week"),
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user}, week of {self.week}"


class HeldEmail(models.Model):
    """An email a person's preference kept from going out at once: waiting for their digest
    (`delivery` digest, `digest` empty until it goes), or not sent at all (`off`, recorded so
    that no digest lists it)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="held_emails")
    template = models.CharField(max_length=100)
    kind = models.CharField(max_length=20)
    delivery = models.CharField(max_length=12, choices=DELIVERIES[1:])
    subject = models.CharField(max_length=998)
    link = models.CharField(max_length=500, blank=True)
    needs_answer = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    digest = models.ForeignKey(
        EmailDigest, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["delivery", "digest"], name="held_email_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.delivery}, for {self.user})"


class PrivateDataAccess(models.Model):
    """One opening of someone's private material (session notes, feedback comments, a mentee's
    messages) by a member of staff, with the reason they gave first (portal/private_access.py).
    One row per person the material is about, so each can see who looked and why. Kept for
    `RETAIN_AUDIT_DAYS`; the viewer's name is kept with it, so the record still says who looked
    after the viewer's account is gone."""

    viewer = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    viewer_name = models.CharField(max_length=301)
    subject = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="private_data_accesses"
    )
    what = models.CharField(max_length=300, help_text="What was opened, in plain words.")
    object_type = models.CharField(max_length=100, help_text="The model, as app_label.model.")
    object_id = models.CharField(max_length=64)
    reason = models.TextField(max_length=1000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "private data access"
        verbose_name_plural = "private data accesses"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-at"], name="private_access_by_subject"),
            models.Index(fields=["at"], name="private_access_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="private_access_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.viewer_name} opened {self.what}"
