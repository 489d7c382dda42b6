"""Mentoring pages. Each view gets what the signed-in person may see (404 otherwise), calls a
service for any change, and renders. The rules themselves live in
mentoring/mentorships/services.py."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentoring.feedback import selectors as feedback_selectors
from mentoring.mentorships import forms, selectors, services
from mentoring.models import Goal, MenteeProfile, MentorProfile, Mentorship, MentorSkill
from mentoring.pairing import selectors as pairing_selectors
from stories.models import Theme

MENTORS_PER_PAGE = 20


def show_refusal(form, refusal: services.Refused):
    """Put a refused change's message on the form, next to the input it is about (the form's
    field of the same name as the service's argument), so the page can be shown again with
    everything the person typed."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, str(refusal))


# Dashboard ------------------------------------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mentoring/mentorships/dashboard.html",
        {
            **selectors.dashboard_for(request.user),
            "feedback": feedback_selectors.for_dashboard(request.user),
        },
    )


# Profiles -------------------------------------------------------------------------------------


def _edit_profile(
    request: HttpRequest, *, form_class, instance, template: str, saved: str
) -> HttpResponse:
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        profile = form.save(commit=False)
        profile.user = request.user
        profile.save()
        form.save_m2m()
        messages.success(request, saved)
        return redirect("mentoring:dashboard")
    return render(request, template, {"form": form, "creating": instance is None})


def mentee_profile(request: HttpRequest) -> HttpResponse:
    return _edit_profile(
        request,
        form_class=forms.MenteeProfileForm,
        instance=MenteeProfile.of(request.user),
        template="mentoring/mentorships/mentee_profile_form.html",
        saved="Your mentee profile has been saved.",
    )


def mentor_profile(request: HttpRequest) -> HttpResponse:
    return _edit_profile(
        request,
        form_class=forms.MentorProfileForm,
        instance=MentorProfile.of(request.user),
        template="mentoring/mentorships/mentor_profile_form.html",
        saved="Your mentor profile has been saved.",
    )


def mentor_skills(request: HttpRequest) -> HttpResponse:
    """The framework skills a mentor can help with: a list with a remove button each, and a
    form to add one at a level."""
    mentor = MentorProfile.of(request.user)
    if mentor is None:
        messages.info(request, "Create your mentor profile first, then add your skills.")
        return redirect("mentoring:mentor-profile")
    form = forms.MentorSkillForm(
        request.POST if request.method == "POST" else None,
        skill_groups=selectors.skill_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            offered = services.offer_skill(
                mentor=mentor,
                skill_id=form.cleaned_data["skill"],
                level=form.cleaned_data["level"],
            )
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, f"{offered.skill.name} added to the skills you can help with."
            )
            return redirect("mentoring:mentor-skills")
    return render(
        request,
        "mentoring/mentorships/mentor_skills.html",
        {
            "mentor": mentor,
            "form": form,
            "offered": selectors.skills_of_mentor(mentor),
            # The skills are the capability framework's: its licence asks for attribution.
            "framework_attribution": True,
        },
    )


@require_POST
def remove_mentor_skill(request: HttpRequest, pk: int) -> HttpResponse:
    offered = get_object_or_404(
        MentorSkill.objects.select_related("skill", "mentor"), pk=pk, mentor__user=request.user
    )
    services.withdraw_skill(offered=offered, actor=request.user)
    messages.success(request, f"{offered.skill.name} removed from the skills you can help with.")
    return redirect("mentoring:mentor-skills")


# Finding a mentor -----------------------------------------------------------------------------


def mentor_directory(request: HttpRequest) -> HttpResponse:
    themes = list(Theme.objects.order_by("name"))
    filter_form = forms.MentorFilterForm(request.GET or None, themes=themes)
    page = Paginator(selectors.mentor_directory(filter_form.filters()), MENTORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mentoring/mentorships/mentor_directory.html",
        {"filter_form": filter_form, "page_obj": page},
    )


def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_object_or_404(
        MentorProfile.objects.with_free_places()
        .select_related("user", "leader")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch(
                "skills",
                queryset=MentorSkill.objects.select_related("skill").order_by("skill__name"),
            ),
        ),
        pk=pk,
    )
    mentee = MenteeProfile.of(request.user)
    return render(
        request,
        "mentoring/mentorships/mentor_detail.html",
        {
            "mentor": mentor,
            "mentee": mentee,
            "open_with_mentor": mentee is not None
            and mentee.mentorships.filter(mentor=mentor, status__in=Mentorship.OPEN).first(),
            "kept_apart": pairing_selectors.is_excluded(mentee=mentee, mentor=mentor),
        },
    )


def suggestions(request: HttpRequest) -> HttpResponse:
    mentee = MenteeProfile.of(request.user)
    if mentee is None:
        messages.info(request, "Create your mentee profile first, so we can suggest mentors.")
        return redirect("mentoring:mentee-profile")
    return render(
        request,
        "mentoring/mentorships/suggestions.html",
        {"mentee": mentee, "suggestions": selectors.suggestions_for(mentee)},
    )


def request_mentor(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_object_or_404(MentorProfile.objects.select_related("user"), pk=pk)
    mentee = MenteeProfile.of(request.user)
    if mentee is None:
        messages.info(request, "Create your mentee profile first: mentors read it.")
        return redirect("mentoring:mentee-profile")
    form = forms.RequestForm(
        request.POST if request.method == "POST" else None, initial={"goals": mentee.goals}
    )
    if request.method == "POST" and form.is_valid():
        try:
            mentorship = services.request_mentor(mentee=mentee, mentor=mentor, **form.cleaned_data)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, f"Your request has been sent to {mentor.user.get_full_name()}."
            )
            return redirect(mentorship)
    return render(
        request, "mentoring/mentorships/request_form.html", {"form": form, "mentor": mentor}
    )


# A mentorship ---------------------------------------------------------------------------------


def mentorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_of(request.user, pk)
    return render(
        request,
        "mentoring/mentorships/mentorship_detail.html",
        {
            **selectors.mentorship_page(mentorship, request.user),
            "pairing": pairing_selectors.for_mentorship_page(mentorship, request.user),
            "feedback": feedback_selectors.for_mentorship_page(mentorship, request.user),
        },
    )


@dataclass(frozen=True)
class Change:
    """A change to a mentorship made through a form page: the form, the service it calls with
    the form's fields, the message once done and the page's title. A `button` makes the form an
    "Are you sure?" page with only that button."""

    form_class: type
    service: Callable[..., object]
    done: str
    title: str
    button: str = ""


# Each change's page, by URL name. `Mentorship.ALLOWED` says who may make it and when.
CHANGES = {
    "decline": Change(
        forms.DeclineForm,
        services.decline_request,
        "You have declined the request. We have told the mentee.",
        "Decline this request",
    ),
    "ask": Change(
        forms.QuestionForm,
        services.ask_for_more_information,
        "Your question has been sent to the mentee.",
        "Ask for more information",
    ),
    "answer": Change(
        forms.AnswerForm,
        services.provide_more_information,
        "Your answer has been sent to the mentor.",
        "Answer the mentor’s question",
    ),
    "withdraw": Change(
        forms.ConfirmForm,
        services.withdraw_request,
        "You have withdrawn your request.",
        "Are you sure you want to withdraw this request?",
        button="Withdraw request",
    ),
    "end-early": Change(
        forms.EndEarlyForm,
        services.end_early,
        "The mentorship has ended. We have told the other person.",
        "End this mentorship early",
    ),
    "complete": Change(
        forms.ConfirmForm,
        services.complete,
        "The mentorship is complete. Please tell us how it went.",
        "Are you sure this mentorship is complete?",
        button="Mark as complete",
    ),
    "add-goal": Change(forms.GoalForm, services.add_goal, "Goal added.", "Add an agreed goal"),
    "log-session": Change(
        forms.SessionLogForm, services.log_session, "Session logged.", "Log a session"
    ),
    "feedback": Change(
        forms.FeedbackForm,
        services.give_feedback,
        "Thank you for your feedback.",
        "Tell us how the mentorship went",
    ),
}


def change_mentorship(request: HttpRequest, pk: int, *, change: str) -> HttpResponse:
    """A change to a mentorship through a form (`CHANGES[change]`): show the form, or call the
    service with the form's fields and go back to the mentorship with a message. A refused
    change shows the form again with the reason next to the input it is about and what was
    typed kept, and changes nothing."""
    how = CHANGES[change]
    mentorship = selectors.mentorship_of(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = how.form_class(data, button=how.button) if how.button else how.form_class(data)
    if request.method == "POST" and form.is_valid():
        try:
            how.service(mentorship=mentorship, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, how.done)
            return redirect(mentorship)
    return render(
        request,
        "mentoring/mentorships/action_form.html",
        {"form": form, "mentorship": mentorship, "page_title": how.title},
    )


@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_of(request.user, pk)
    try:
        services.accept_request(mentorship=mentorship, actor=request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"You are now mentoring {mentorship.mentee_name}. We have told them."
        )
    return redirect(mentorship)


@require_POST
def mark_goal(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_of(request.user, pk)
    goal = get_object_or_404(Goal, pk=goal_pk, mentorship=mentorship)
    achieved = request.POST.get("achieved") == "yes"
    services.mark_goal(goal=goal, actor=request.user, achieved=achieved)
    messages.success(request, "Goal marked as achieved." if achieved else "Goal reopened.")
    return redirect(mentorship)
