"""My plan: signed-in pages for anyone, each showing only the signed-in person's own plan.
Someone else's plan or goal is not found (404); a mentor sees a plan only while its owner
shares it with them in an active mentorship."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentoring.mentorships.views import show_refusal
from mentoring.plans import appraisal, forms, selectors, services
from mentoring.plans.models import CareerPlan
from stories.models import RoleLevel, Skill

HOME = "mentoring:plans:home"


def _own_plan(request: HttpRequest) -> CareerPlan | None:
    return selectors.plan_of(request.user)


def _plan_or_start(request: HttpRequest):
    """The person's plan, or a redirect to where it starts."""
    plan = _own_plan(request)
    if plan is None or plan.target_role_level_id is None:
        messages.info(request, "Tell us where you are and where you want to be first.")
        return None, redirect("mentoring:plans:roles")
    return plan, None


def home(request: HttpRequest) -> HttpResponse:
    plan = _own_plan(request)
    if plan is None:
        return render(request, "mentoring/plans/start.html", {"framework_attribution": True})
    context = selectors.plan_page(plan)
    context["can_share"] = bool(selectors.mentorships_to_share_with(request.user))
    return render(request, "mentoring/plans/plan.html", context)


def roles(request: HttpRequest) -> HttpResponse:
    plan = _own_plan(request)
    groups = selectors.role_level_choices()
    levels: dict[int, RoleLevel] = {}
    initial = {}
    if plan is not None:
        initial = {
            "current_role_level": plan.current_role_level_id or "",
            "current_role_text": plan.current_role_text,
            "target_role_level": plan.target_role_level_id or "",
        }
    if request.method == "POST":
        wanted = [
            int(value)
            for value in (
                request.POST.get("current_role_level", ""),
                request.POST.get("target_role_level", ""),
            )
            if value.isdigit()
        ]
        levels = RoleLevel.objects.select_related("role__family").in_bulk(wanted)
    form = forms.RolesForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        groups=groups,
        levels=levels,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_roles(owner=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Your roles have been saved.")
            return redirect("mentoring:plans:assessment")
    return render(
        request,
        "mentoring/plans/roles_form.html",
        {"form": form, "plan": plan, "framework_attribution": True},
    )


def assessment(request: HttpRequest) -> HttpResponse:
    plan, elsewhere = _plan_or_start(request)
    if elsewhere:
        return elsewhere
    requirements = selectors.requirements_of(plan.target_role_level)
    latest = selectors.latest_assessment(plan)
    initial = (
        {f"skill_{rating.skill_id}": str(rating.level) for rating in latest.ratings.all()}
        if latest
        else {}
    )
    form = forms.AssessmentForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        requirements=requirements,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assess(plan=plan, levels=form.levels())
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Your self-assessment has been saved.")
            return redirect(reverse(HOME) + "#gaps")
    return render(
        request,
        "mentoring/plans/assessment_form.html",
        {"form": form, "plan": plan, "again": latest is not None, "framework_attribution": True},
    )


def add_goal(request: HttpRequest, skill_pk: int) -> HttpResponse:
    plan, elsewhere = _plan_or_start(request)
    if elsewhere:
        return elsewhere
    skill = get_object_or_404(Skill, pk=skill_pk)
    form = forms.GoalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_goal(plan=plan, skill=skill, **form.cleaned_data)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Your goal for {skill.name} has been added.")
            return redirect(reverse(HOME) + "#goals")
    return render(
        request,
        "mentoring/plans/goal_form.html",
        {"form": form, "skill": skill, "page_title": f"Add a goal: {skill.name}"},
    )


def edit_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_of(request.user, pk)
    form = forms.GoalProgressForm(request.POST if request.method == "POST" else None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_goal(goal=goal, **form.cleaned_data)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Your goal has been saved.")
            return redirect(reverse(HOME) + "#goals")
    return render(
        request,
        "mentoring/plans/goal_form.html",
        {"form": form, "skill": goal.skill, "goal": goal, "page_title": "Update your goal"},
    )


@require_POST
def make_mentorship_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_of(request.user, pk)
    try:
        services.make_mentorship_goal(goal=goal, actor=request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "This goal is now one of your mentorship's agreed goals.")
    return redirect(reverse(HOME) + "#goals")


def share(request: HttpRequest) -> HttpResponse:
    plan, elsewhere = _plan_or_start(request)
    if elsewhere:
        return elsewhere
    mentorships = selectors.mentorships_to_share_with(request.user)
    form = forms.ShareForm(
        request.POST if request.method == "POST" else None, mentorships=mentorships
    )
    if request.method == "POST" and form.is_valid():
        mentorship = form.mentorships[form.cleaned_data["mentorship"]]
        try:
            services.share_plan(plan=plan, mentorship=mentorship)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, f"Your plan is shared with {mentorship.mentor_name}, your mentor."
            )
            return redirect(HOME)
    return render(
        request,
        "mentoring/plans/share_form.html",
        {"form": form, "plan": plan, "mentorships": mentorships},
    )


@require_POST
def stop_sharing(request: HttpRequest) -> HttpResponse:
    plan = _own_plan(request)
    if plan is not None and services.stop_sharing(plan=plan):
        messages.success(request, "Your plan is no longer shared.")
    return redirect(HOME)


def progress(request: HttpRequest) -> HttpResponse:
    plan, elsewhere = _plan_or_start(request)
    if elsewhere:
        return elsewhere
    changes, chart, count = selectors.change_since_first(plan)
    return render(
        request,
        "mentoring/plans/progress.html",
        {"plan": plan, "changes": changes, "chart": chart, "assessments": count},
    )


def appraisal_page(request: HttpRequest) -> HttpResponse:
    plan, elsewhere = _plan_or_start(request)
    if elsewhere:
        return elsewhere
    return render(request, "mentoring/plans/appraisal.html", selectors.plan_page(plan))


def appraisal_docx(request: HttpRequest) -> HttpResponse:
    plan, elsewhere = _plan_or_start(request)
    if elsewhere:
        return elsewhere
    response = HttpResponse(appraisal.docx(selectors.plan_page(plan)), content_type=appraisal.DOCX)
    response["Content-Disposition"] = 'attachment; filename="my-development-plan.docx"'
    return response


# The mentor's view ----------------------------------------------------------------------------


def _mentor_page(request: HttpRequest, plan: CareerPlan, **forms_in_use) -> HttpResponse:
    context = selectors.plan_page(plan)
    skills = (
        [rating.skill for rating in context["assessment"].ratings.all()]
        if context["assessment"]
        else []
    )
    context["comment_form"] = forms_in_use.get("comment_form") or forms.CommentForm()
    context["confirm_form"] = forms_in_use.get("confirm_form") or forms.ConfirmForm(skills=skills)
    context["comment_form"].helper.form_action = reverse("mentoring:plans:comment", args=[plan.pk])
    context["confirm_form"].helper.form_action = reverse("mentoring:plans:confirm", args=[plan.pk])
    context["forms"] = [context["comment_form"], context["confirm_form"]]
    return render(request, "mentoring/plans/shared_plan.html", context)


def shared_plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _mentor_page(request, selectors.plan_shared_with(request.user, pk))


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_shared_with(request.user, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment(plan=plan, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Your comment has been added.")
            return redirect("mentoring:plans:shared", pk=plan.pk)
    return _mentor_page(request, plan, comment_form=form)


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_shared_with(request.user, pk)
    latest = selectors.latest_assessment(plan)
    skills = [rating.skill for rating in latest.ratings.all()] if latest else []
    form = forms.ConfirmForm(request.POST, skills=skills)
    if form.is_valid():
        skill = form.skills[form.cleaned_data["skill"]]
        try:
            services.confirm_level(
                plan=plan, actor=request.user, skill=skill, level=form.cleaned_data["level"]
            )
        except services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"You have confirmed their level in {skill.name}.")
            return redirect("mentoring:plans:shared", pk=plan.pk)
    return _mentor_page(request, plan, confirm_form=form)
