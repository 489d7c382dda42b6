"""The pairing check's pages: a person's answer, the coordinators' counts, and a note left for
the coordinators, which opens only after they say why (portal/private_access.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mentoring.mentorships.selectors import mentorship_of
from mentoring.mentorships.views import show_refusal
from mentoring.pairing import selectors, services
from mentoring.pairing.forms import PairingCheckForm
from portal import private_access

PERMISSION = "mentoring.view_programme"
TITLE = "Is this mentoring working for you?"


def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer, from the card on the mentorship page (or this page, when it needs fixing).
    A refusal about the whole check (answered already, no session yet) goes back to the
    mentorship with the reason; a bad answer shows this page again with the input kept."""
    mentorship = mentorship_of(request.user, pk)
    form = PairingCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.answer_pairing_check(
                mentorship=mentorship, actor=request.user, **form.cleaned_data
            )
        except services.Refused as refusal:
            if refusal.field is None:
                messages.error(request, str(refusal))
                return redirect(mentorship)
            show_refusal(form, refusal)
        else:
            messages.success(request, _thanks(check))
            return redirect(mentorship)
    return render(
        request,
        "mentoring/mentorships/action_form.html",
        {"form": form, "mentorship": mentorship, "page_title": TITLE},
    )


def _thanks(check) -> str:
    if check.working:
        return "Thank you. Your answer is private: only the programme coordinators see it."
    if check.role == "mentee":
        return (
            "Thank you for telling us. Your mentorship has ended, without a reason given. "
            "You can ask a new mentor now."
        )
    return (
        "Thank you for telling us. The mentorship has ended, without a reason given. We have "
        "told your mentee and the programme coordinators."
    )


def coordinator_summary(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("Only programme coordinators see the pairing checks.")
    return render(request, "mentoring/pairing/summary.html", selectors.coordinator_summary())


def coordinator_note(request: HttpRequest, pk: int) -> HttpResponse:
    """One pairing check's note: the coordinator says why first, and the person who wrote it
    sees who read it, when and why (My account > Who has looked at your information)."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("Only programme coordinators read the pairing check notes.")
    check = selectors.check_with_note(pk)
    context = {
        "check": check,
        "mentorship": check.mentorship,
        "access_minutes": settings.PRIVATE_ACCESS_MINUTES,
    }
    asked = private_access.ask_or_record(
        request,
        obj=check,
        concerned=selectors.note_concerns(check),
        template="mentoring/pairing/note_reason.html",
        context=context,
    )
    if asked is not None:
        return asked
    return render(request, "mentoring/pairing/note.html", context)
