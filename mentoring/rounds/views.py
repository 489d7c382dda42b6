"""Matching rounds. Coordinators (anyone who may change a round) create and run them; other
people get 403. Mentees and mentors opt in through the round's join page and confirm the match
a published round proposes to them on the match page, which only the two of them can see.

Each view gets what the person may see, calls a service for any change, and renders; a refused
change shows its reason and changes nothing."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentoring.matching import Audience, reasons_in_words
from mentoring.mentorships import forms
from mentoring.mentorships import services as mentorship_services
from mentoring.mentorships.views import show_refusal
from mentoring.models import (
    MatchingRound,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    RoundEvent,
    RoundMentee,
    RoundMentor,
    RoundProposal,
    RoundRun,
)
from mentoring.rounds import forms as round_forms
from mentoring.rounds import selectors as round_selectors
from mentoring.rounds import services as round_services
from portal.csv_export import csv_response
from portal.dates import nhs_date

ROWS_PER_PAGE = 50
EVENTS_PER_PAGE = 50
RUN_PERMISSION = "mentoring.change_matchinground"
PROPOSAL_CSV_HEADER = [
    "mentee",
    "mentee_email",
    "mentee_region",
    "mentor",
    "mentor_email",
    "score",
    "locked",
    "reasons",
    "unmatched_reason",
]


def coordinators_only(view: Callable) -> Callable:
    @wraps(view)
    def check(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(RUN_PERMISSION):
            raise PermissionDenied("Only programme coordinators run matching rounds.")
        return view(request, *args, **kwargs)

    return check


def _round(pk: int) -> MatchingRound:
    return get_object_or_404(MatchingRound.objects.select_related("created_by"), pk=pk)


def _refused(request: HttpRequest, refusal: mentorship_services.Refused) -> None:
    messages.error(request, str(refusal))


# Coordinators: the rounds ---------------------------------------------------------------------


@coordinators_only
def round_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(round_selectors.rounds_list(), 20).get_page(request.GET.get("page"))
    return render(request, "mentoring/rounds/round_list.html", {"page_obj": page})


@coordinators_only
def round_create(request: HttpRequest) -> HttpResponse:
    form = round_forms.RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            matching_round = round_services.create_round(actor=request.user, **form.cleaned_data)
        except mentorship_services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"The round “{matching_round.name}” has been created.")
            return redirect(matching_round)
    return render(
        request,
        "mentoring/rounds/round_form.html",
        {"form": form, "page_title": "Create a matching round"},
    )


@coordinators_only
def round_change(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = _round(pk)
    initial = {
        "name": matching_round.name,
        "starts_on": matching_round.starts_on,
        "ends_on": matching_round.ends_on,
    }
    form = round_forms.RoundForm(
        request.POST if request.method == "POST" else None, initial=initial, button="Save changes"
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_services.change_round(
                matching_round=matching_round, actor=request.user, **form.cleaned_data
            )
        except mentorship_services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The round has been changed.")
            return redirect(matching_round)
    return render(
        request,
        "mentoring/rounds/round_form.html",
        {"form": form, "page_title": "Change the round", "round": matching_round},
    )


@coordinators_only
def round_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Are you sure?" page before deleting a round that has not been published."""
    matching_round = _round(pk)
    if not matching_round.is_draft:
        messages.error(request, "You cannot delete the round: this round has been published.")
        return redirect(matching_round)
    form = forms.ConfirmForm(request.POST or None, button="Delete round")
    if request.method == "POST":
        try:
            round_services.delete_round(matching_round=matching_round, actor=request.user)
        except mentorship_services.Refused as refusal:
            _refused(request, refusal)
            return redirect(matching_round)
        messages.success(request, f"The round “{matching_round.name}” has been deleted.")
        return redirect("mentoring:rounds")
    return render(
        request,
        "mentoring/rounds/round_delete.html",
        {"round": matching_round, "form": form, **round_selectors.round_page(matching_round)},
    )


@coordinators_only
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = _round(pk)
    round_services.set_aside_dead_run(matching_round=matching_round)
    context = round_selectors.round_page(matching_round)
    context["join_url"] = request.build_absolute_uri(
        reverse("mentoring:round-join", kwargs={"pk": pk})
    )
    return render(request, "mentoring/rounds/round_detail.html", context)


@coordinators_only
def round_history(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = _round(pk)
    events = (
        RoundEvent.objects.filter(round=matching_round)
        .select_related("actor", "mentee_user", "mentor_user")
        .order_by("-at", "-id")
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "mentoring/rounds/round_history.html", {"round": matching_round, "page_obj": page}
    )


@require_POST
@coordinators_only
def round_add_participants(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = _round(pk)
    try:
        mentees, mentors = round_services.add_available_participants(
            matching_round=matching_round, actor=request.user
        )
    except mentorship_services.Refused as refusal:
        _refused(request, refusal)
    else:
        if mentees or mentors:
            messages.success(
                request,
                f"Added {mentees} {'mentee' if mentees == 1 else 'mentees'} and {mentors} "
                f"{'mentor' if mentors == 1 else 'mentors'}.",
            )
        else:
            messages.info(request, "Everyone available is already in the round.")
    return redirect(matching_round)


@require_POST
@coordinators_only
def round_propose(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = _round(pk)
    try:
        round_services.request_proposal(matching_round=matching_round, actor=request.user)
    except mentorship_services.Refused as refusal:
        _refused(request, refusal)
    else:
        messages.info(
            request,
            "Matches are being proposed. This page shows the progress; you can carry on "
            "working meanwhile.",
        )
    return redirect(matching_round)


@coordinators_only
def round_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """How far the round's latest run has got, for the page to show without reloading."""
    matching_round = _round(pk)
    round_services.set_aside_dead_run(matching_round=matching_round)
    run = RoundRun.objects.filter(round=matching_round).first()
    if run is None:
        return JsonResponse({"status": "none", "in_progress": False})
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "in_progress": run.in_progress,
            "stage": run.stage,
            "percent": run.percent,
            "message": run.message,
        }
    )


@coordinators_only
def round_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = _round(pk)
    round_services.set_aside_dead_run(matching_round=matching_round)
    filter_form = round_forms.ProposalFilterForm(request.GET or None)
    filters = filter_form.filters()
    rows = round_selectors.proposal_rows(matching_round, **filters).select_related("mentorship")
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    running = RoundRun.objects.filter(round=matching_round, status__in=RoundRun.IN_PROGRESS).first()
    return render(
        request,
        "mentoring/rounds/proposal.html",
        {
            "round": matching_round,
            "summary": round_selectors.proposal_summary(matching_round),
            "filter_form": filter_form,
            "page_obj": page,
            "running": running,
            "can_change": matching_round.is_draft and running is None,
            "query": request.GET.urlencode(),
        },
    )


@coordinators_only
def round_proposal_csv(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = _round(pk)
    rows = round_selectors.proposal_rows(matching_round, show="", region="")
    return csv_response(
        f"round-{pk}-proposal.csv",
        PROPOSAL_CSV_HEADER,
        (
            [
                row.mentee.user.get_full_name(),
                row.mentee.user.email,
                row.mentee.region,
                row.mentor.user.get_full_name() if row.mentor_id else "",
                row.mentor.user.email if row.mentor_id else "",
                row.score if row.score is not None else "",
                "yes" if row.locked else "no",
                "; ".join(
                    reasons_in_words(
                        row.reasons,
                        audience=Audience.COORDINATOR,
                        mentee_name=row.mentee.user.first_name,
                    )
                ),
                row.unmatched_reason,
            ]
            for row in rows.iterator(chunk_size=1000)
        ),
    )


def _proposal_row(matching_round: MatchingRound, row_pk: int) -> RoundProposal:
    return get_object_or_404(
        RoundProposal.objects.select_related("mentee__user", "mentor__user"),
        pk=row_pk,
        round=matching_round,
    )


def _back_to_proposal(request: HttpRequest, matching_round: MatchingRound) -> HttpResponse:
    url = reverse("mentoring:round-proposal", kwargs={"pk": matching_round.pk})
    query = request.POST.get("query", "")
    return redirect(f"{url}?{query}" if query else url)


@require_POST
@coordinators_only
def round_lock(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    matching_round = _round(pk)
    row = _proposal_row(matching_round, row_pk)
    lock = request.POST.get("lock") != "no"
    try:
        if lock:
            round_services.lock_pair(proposal=row, actor=request.user)
        else:
            round_services.unlock_pair(proposal=row, actor=request.user)
    except mentorship_services.Refused as refusal:
        _refused(request, refusal)
    else:
        mentor = row.mentor.user.get_full_name() if row.mentor_id else ""
        messages.success(
            request,
            f"{row.mentee.user.get_full_name()} with {mentor} is locked: every new proposal "
            "keeps it."
            if lock
            else f"{row.mentee.user.get_full_name()} with {mentor} is no longer locked.",
        )
    return _back_to_proposal(request, matching_round)


@coordinators_only
def round_exclude(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    matching_round = _round(pk)
    row = _proposal_row(matching_round, row_pk)
    if not row.is_pair:
        raise Http404("Not a pair")
    form = forms.ConfirmForm(request.POST or None, button="Exclude pair")
    if request.method == "POST":
        try:
            round_services.exclude_pair(proposal=row, actor=request.user)
        except mentorship_services.Refused as refusal:
            _refused(request, refusal)
        else:
            messages.success(
                request,
                "The pair is excluded and will not be proposed again. Propose matches again "
                "to find the mentee another mentor.",
            )
        return _back_to_proposal(request, matching_round)
    return render(
        request,
        "mentoring/rounds/exclude.html",
        {"round": matching_round, "row": row, "form": form, "query": request.GET.urlencode()},
    )


@coordinators_only
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = _round(pk)
    form = forms.ConfirmForm(
        request.POST if request.method == "POST" else None, button="Publish the round"
    )
    if request.method == "POST" and form.is_valid():
        try:
            published = round_services.publish_round(
                matching_round=matching_round, actor=request.user
            )
        except mentorship_services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"The round is published: {published} "
                f"{'pair has' if published == 1 else 'pairs have'} a week to confirm. We are "
                "telling everyone by email.",
            )
            return redirect(matching_round)
    return render(
        request,
        "mentoring/rounds/publish.html",
        {
            "round": matching_round,
            "form": form,
            "summary": round_selectors.proposal_summary(matching_round),
            "confirm_days": round_services.CONFIRM_WITHIN.days,
        },
    )


# Mentees and mentors: taking part ------------------------------------------------------------


def round_join(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft round's page for mentees and mentors: take part, say how many places to offer,
    or leave."""
    matching_round = get_object_or_404(MatchingRound, pk=pk)
    mentee = MenteeProfile.of(request.user)
    mentor = MentorProfile.of(request.user)
    as_mentee = (
        RoundMentee.objects.filter(round=matching_round, mentee=mentee).first() if mentee else None
    )
    as_mentor = (
        RoundMentor.objects.filter(round=matching_round, mentor=mentor).first() if mentor else None
    )
    free = round_services.free_places(mentor, except_round=matching_round) if mentor else 0
    posted = request.POST if request.method == "POST" else None
    role = request.POST.get("role") if posted else None
    mentee_form = round_forms.JoinAsMenteeForm(posted if role == "mentee" else None)
    mentor_form = round_forms.JoinAsMentorForm(posted if role == "mentor" else None, free=free)
    if posted and matching_round.is_draft:
        try:
            if role == "mentee" and mentee and not as_mentee:
                round_services.join_round_as_mentee(matching_round=matching_round, mentee=mentee)
                messages.success(request, f"You have joined “{matching_round.name}” as a mentee.")
                return redirect("mentoring:round-join", pk=pk)
            if role == "mentor" and mentor and not as_mentor and mentor_form.is_valid():
                round_services.join_round_as_mentor(
                    matching_round=matching_round,
                    mentor=mentor,
                    places=mentor_form.cleaned_data["places"],
                )
                messages.success(request, f"You have joined “{matching_round.name}” as a mentor.")
                return redirect("mentoring:round-join", pk=pk)
        except mentorship_services.Refused as refusal:
            (mentor_form if role == "mentor" else mentee_form).add_error(None, str(refusal))
    return render(
        request,
        "mentoring/rounds/join.html",
        {
            "round": matching_round,
            "mentee": mentee,
            "mentor": mentor,
            "as_mentee": as_mentee,
            "as_mentor": as_mentor,
            "free": free,
            "has_mentor": mentee is not None and not as_mentee and mentee.has_a_mentor(),
            "mentee_form": mentee_form,
            "mentor_form": mentor_form,
            "forms": [mentee_form, mentor_form],
        },
    )


@require_POST
def round_leave(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = get_object_or_404(MatchingRound, pk=pk)
    try:
        round_services.leave_round(matching_round=matching_round, user=request.user)
    except mentorship_services.Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, f"You have left “{matching_round.name}”.")
    return redirect("mentoring:round-join", pk=pk)


# Mentees and mentors: the proposed match ------------------------------------------------------


def _match_of(user, pk: int) -> tuple[Mentorship, RoundProposal]:
    """A proposed mentorship of the user's, with its round proposal; 404 for anyone else."""
    mentorship = (
        Mentorship.objects.select_related("mentee__user", "mentor__user")
        .filter(Q(mentee__user=user) | Q(mentor__user=user), pk=pk)
        .first()
    )
    if mentorship is None:
        raise Http404("No such match")
    proposal = round_selectors.proposal_for_party(mentorship)
    if proposal is None:
        raise Http404("Not a match from a round")
    return mentorship, proposal


def match(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, proposal = _match_of(request.user, pk)
    is_mentee = mentorship.is_mentee(request.user)
    confirmed_at = proposal.mentee_confirmed_at if is_mentee else proposal.mentor_confirmed_at
    other_confirmed_at = proposal.mentor_confirmed_at if is_mentee else proposal.mentee_confirmed_at
    return render(
        request,
        "mentoring/rounds/match.html",
        {
            "mentorship": mentorship,
            "proposal": proposal,
            "is_mentee": is_mentee,
            "confirmed_at": confirmed_at,
            "other_confirmed_at": other_confirmed_at,
            "other_name": mentorship.mentor_name if is_mentee else mentorship.mentee_name,
            "waiting": mentorship.status == Mentorship.Status.PROPOSED,
        },
    )


@require_POST
def match_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, _proposal = _match_of(request.user, pk)
    try:
        mentorship = round_services.confirm_proposal(mentorship=mentorship, actor=request.user)
    except mentorship_services.Refused as refusal:
        _refused(request, refusal)
        return redirect("mentoring:match", pk=pk)
    if mentorship.starts_later:
        messages.success(
            request,
            "You have both confirmed: your mentorship starts on "
            f"{nhs_date(mentorship.started_at)}.",
        )
        return redirect(mentorship)
    if mentorship.status == Mentorship.Status.ACTIVE:
        messages.success(request, "You have both confirmed: your mentorship has started.")
        return redirect(mentorship)
    messages.success(request, "Thank you for confirming. We will tell you when the other does.")
    return redirect("mentoring:match", pk=pk)


def match_decline(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, proposal = _match_of(request.user, pk)
    form = round_forms.DeclineMatchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_services.decline_proposal(
                mentorship=mentorship, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except mentorship_services.Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "You have declined the match. We have told the other person.")
            return redirect("mentoring:dashboard")
    return render(
        request,
        "mentoring/rounds/match_decline.html",
        {"mentorship": mentorship, "proposal": proposal, "form": form},
    )
