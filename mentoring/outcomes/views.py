"""The mentee's goal confidence page and her six and twelve month questions. Someone else's
mentorship, or a page for someone who is not its mentee, is 404."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mentoring.mentorships.selectors import mentorship_of
from mentoring.mentorships.views import show_refusal
from mentoring.models import Goal, GoalConfidence, Mentorship, OutcomeAnswer
from mentoring.outcomes import forms, services
from mentoring.outcomes.models import MILESTONE_MONTHS, Stage
from mentoring.shared import Refused

TITLES = {
    Stage.START: "How confident are you in your goals now?",
    Stage.END: "How confident are you in your goals now that your mentoring has ended?",
}


def _mentees_mentorship(request: HttpRequest, pk: int) -> Mentorship:
    mentorship = mentorship_of(request.user, pk)
    if not mentorship.is_mentee(request.user):
        raise Http404("Only the mentee rates and answers")
    return mentorship


def confidence(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    mentorship = _mentees_mentorship(request, pk)
    if not services.stage_is_open(mentorship, stage):
        raise Http404("Not open at this stage")
    rated = GoalConfidence.objects.filter(goal__mentorship=mentorship, stage=stage).values("goal")
    goals = list(
        Goal.objects.filter(mentorship=mentorship)
        .exclude(pk__in=rated)
        .order_by("created_at", "id")
    )
    if not goals:
        if Goal.objects.filter(mentorship=mentorship).exists():
            messages.info(request, services.already_rated_message(stage))
        else:
            messages.info(request, "Add your agreed goals first, then rate your confidence.")
        return redirect(mentorship)
    form = forms.ConfidenceForm(request.POST if request.method == "POST" else None, goals=goals)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_confidence(
                mentorship=mentorship, actor=request.user, stage=stage, ratings=form.ratings
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Your confidence ratings have been saved.")
            return redirect(mentorship)
    return render(
        request,
        "mentoring/outcomes/confidence_form.html",
        {"form": form, "mentorship": mentorship, "page_title": TITLES[stage], "stage": stage},
    )


def outcome(request: HttpRequest, pk: int, months: int) -> HttpResponse:
    mentorship = _mentees_mentorship(request, pk)
    opens = services.milestone_date(mentorship, months) if months in MILESTONE_MONTHS else None
    if opens is None:
        raise Http404("No such questions")
    context = {"mentorship": mentorship, "months": months, "opens": opens}
    earlier = OutcomeAnswer.objects.filter(mentorship=mentorship, months=months).first()
    if earlier is not None or opens > timezone.now():
        # Nothing to answer: already answered (the first answer stands), or not open yet.
        context["earlier"] = earlier
        if earlier is not None and request.method == "POST":
            messages.error(request, services.already_answered_message(earlier))
        return render(request, "mentoring/outcomes/outcome_closed.html", context)
    form = forms.OutcomeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_outcome(
                mentorship=mentorship, actor=request.user, months=months, **form.cleaned_data
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Thank you. Your answers help us show what mentoring does.")
            return redirect(mentorship)
    return render(request, "mentoring/outcomes/outcome_form.html", {**context, "form": form})
