"""Opening someone's private material (session notes, feedback comments, a mentee's messages):
a member of staff says why first, and each opening is recorded for the person it is about, who
sees it in My account ("Who has looked at your information").

Any view can use it: `ask_or_record` either answers with the "Why do you need to see this?"
form (and takes its answer) or records the opening and lets the view show the material. The
reason holds for the same record for `PRIVATE_ACCESS_MINUTES`, kept in the viewer's session, so
paging back and forth does not ask again; every opening is still recorded. The portal knows
nothing of mentoring: the caller says whom the material is about and what it is, in plain words.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from portal.models import PrivateDataAccess

REASON_MAX_LENGTH = 1000
# The form's field name: a POST that carries it is an answer to "Why do you need to see this?",
# never a change to the record (an admin change page takes it before its own form).
REASON_FIELD = "private_access_reason"
_SESSION_KEY = "private_access"


@dataclass(frozen=True)
class Concerns:
    """The material is about this person (by account id; None when the account is gone), and
    this is what they will read it was: "the session notes of your mentorship with Sam Jones"."""

    user_id: int | None
    what: str


class AccessReasonForm(forms.Form):
    private_access_reason = forms.CharField(
        label="Why do you need to see this?",
        help_text="The people this is about can see your name, when you looked and this reason.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you need to see this",
            "max_length": f"Reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )

    def clean_private_access_reason(self) -> str:
        reason = " ".join(self.cleaned_data["private_access_reason"].split())
        if len(reason) < 10:
            raise forms.ValidationError(
                "Enter why you need to see this, in a few words (10 characters or more)"
            )
        return reason


def object_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def granted_reason(request: HttpRequest, key: str) -> str | None:
    """The reason this viewer gave for the record `key`, while it still holds."""
    held = request.session.get(_SESSION_KEY, {}).get(key)
    if not held:
        return None
    given_at = datetime.fromisoformat(held["at"])
    if timezone.now() - given_at > timedelta(minutes=settings.PRIVATE_ACCESS_MINUTES):
        return None
    return held["reason"]


def _grant(request: HttpRequest, key: str, reason: str) -> None:
    held = request.session.get(_SESSION_KEY, {})
    held[key] = {"reason": reason, "at": timezone.now().isoformat()}
    request.session[_SESSION_KEY] = held


def _nobody_left(obj: models.Model) -> Concerns:
    """Material about people who have all left is still recorded as opened, about nobody."""
    return Concerns(None, f"A {obj._meta.verbose_name} of people who have left")


def record_access(
    *,
    viewer: AbstractBaseUser,
    objects: Iterable[tuple[models.Model, Iterable[Concerns]]],
    reason: str,
) -> int:
    """Record one opening of each object, once for each person it is about, in one query."""
    now = timezone.now()
    objects = [(obj, list(concerned) or [_nobody_left(obj)]) for obj, concerned in objects]
    rows = [
        PrivateDataAccess(
            viewer=viewer,
            viewer_name=viewer.get_full_name() or viewer.email,
            subject_id=concerns.user_id,
            what=concerns.what,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            reason=reason,
            at=now,
        )
        for obj, concerned in objects
        for concerns in concerned
    ]
    PrivateDataAccess.objects.bulk_create(rows)
    return len(rows)


def ask_or_record(
    request: HttpRequest,
    *,
    obj: models.Model,
    concerned: Iterable[Concerns],
    template: str,
    context: dict | None = None,
) -> HttpResponse | None:
    """Before a view shows `obj`'s private material: None when the viewer has given a reason
    that still holds (the opening is then recorded, and the view goes on), otherwise the page
    to answer with: the reason form, or, once answered, a redirect back to the same address."""
    key = object_key(obj)
    if request.method == "POST" and REASON_FIELD in request.POST:
        form = AccessReasonForm(request.POST)
        if form.is_valid():
            _grant(request, key, form.cleaned_data[REASON_FIELD])
            return redirect(request.get_full_path())
    else:
        reason = granted_reason(request, key)
        if reason is not None:
            record_access(viewer=request.user, objects=[(obj, list(concerned))], reason=reason)
            return None
        form = AccessReasonForm()
    return TemplateResponse(
        request, template, {"form": form, "object": obj, **(context or {})}, status=200
    )


def accesses_to(user: AbstractBaseUser):
    """Who has opened this person's private material, newest first."""
    return PrivateDataAccess.objects.filter(subject=user).only(
        "viewer_name", "what", "reason", "at"
    )
