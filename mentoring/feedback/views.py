"""Rating a session and answering the halfway pulse. The pages belong to a mentorship the
person is part of (404 otherwise); the services hold the rules."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mentoring.feedback import forms, selectors, services
from mentoring.feedback.selectors import Answers
from mentoring.mentorships import selectors as mentorship_selectors
from mentoring.mentorships.views import show_refusal
from portal.dates import nhs_date


def saved_message(answers: Answers) -> str:
    """What a person reads once their answer is saved: whether they see the other's now."""
    if answers.shown:
        return f"Your answer is saved. You can now see {answers.other_name}’s answer."
    return (
        f"Your answer is saved. You will see {answers.other_name}’s answer when they have "
        f"answered too, or from {nhs_date(answers.window.closes_on)}."
    )


def rate_session(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    mentorship = mentorship_selectors.mentorship_of(request.user, pk)
    session = selectors.held_session_of(mentorship, session_pk)
    other_name = mentorship.other_party_name(request.user)
    form = forms.SessionRatingForm(
        request.POST if request.method == "POST" else None, other_name=other_name
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_session(session=session, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            session = selectors.held_session_of(mentorship, session_pk)
            answers = selectors.session_answers(session, mentorship=mentorship, user=request.user)
            messages.success(request, saved_message(answers))
            return redirect(mentorship)
    return render(
        request,
        "mentoring/feedback/rate_session.html",
        {
            "form": form,
            "mentorship": mentorship,
            "session": session,
            "answers": selectors.session_answers(session, mentorship=mentorship, user=request.user),
        },
    )


def answer_pulse(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = mentorship_selectors.mentorship_of(request.user, pk)
    answers = selectors.pulse_answers(mentorship, request.user)
    if answers is None:
        raise Http404("No pulse to answer")
    form = forms.PulseForm(
        request.POST if request.method == "POST" else None, other_name=answers.other_name
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_pulse(mentorship=mentorship, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            answers = selectors.pulse_answers(mentorship, request.user)
            messages.success(request, saved_message(answers))
            return redirect(mentorship)
    return render(
        request,
        "mentoring/feedback/pulse.html",
        {"form": form, "mentorship": mentorship, "answers": answers},
    )
