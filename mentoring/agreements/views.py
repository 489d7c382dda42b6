"""The agreement pages, for the two people of an active mentorship only (404 for anyone else):
the terms as they stand, "Agree your terms" (a form), "Check your answers", and a confirmation
page. The answers are kept in the session as a draft between the form and the check page; only
confirming them on the check page saves them (`services.change_terms`)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentoring.agreements import selectors, services
from mentoring.agreements.forms import AgreementForm, ConfirmTermsForm
from mentoring.agreements.models import Agreement

DRAFT = "agreement-draft-{pk}"


def _draft_key(agreement: Agreement) -> str:
    return DRAFT.format(pk=agreement.pk)


def _goals_label(agreement: Agreement, goals: list[str]) -> str:
    return "Your first goals" if not goals and agreement.agreed_at is None else "Goals to add"


def terms(request: HttpRequest, pk: int) -> HttpResponse:
    """The terms as they stand, with a button to confirm them when this person has not."""
    agreement = selectors.agreement_of(request.user, pk)
    standing = selectors.standing(agreement, request.user)
    goals = selectors.goals_of(agreement.mentorship)
    return render(
        request,
        "mentoring/agreements/terms.html",
        {
            "mentorship": agreement.mentorship,
            "standing": standing,
            "rows": selectors.rows(selectors.terms_of(agreement), goals=goals),
            "confirm_form": ConfirmTermsForm(initial={"version": agreement.version}),
        },
    )


def change(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Agree your terms": the form, filled in from the draft or the terms as they stand. Valid
    answers become the draft, and the person checks them next; nothing is saved yet."""
    agreement = selectors.agreement_of(request.user, pk)
    key = _draft_key(agreement)
    draft = request.session.get(key)
    goals = selectors.goals_of(agreement.mentorship)
    label = _goals_label(agreement, goals)
    if request.method == "POST":
        form = AgreementForm(request.POST, goals_label=label)
        if form.is_valid():
            answers = dict(form.cleaned_data)
            request.session[key] = {
                "version": answers.pop("version"),
                "goals": answers.pop("goals"),
                "terms": answers,
            }
            return redirect("mentoring:agreement-check", pk=pk)
    else:
        if draft:
            initial = {**draft["terms"], "goals": "\n".join(draft["goals"])}
            initial["version"] = draft["version"]
        else:
            initial = {**selectors.terms_of(agreement), "version": agreement.version}
        form = AgreementForm(initial=initial, goals_label=label)
    return render(
        request,
        "mentoring/agreements/change.html",
        {
            "mentorship": agreement.mentorship,
            "form": form,
            "goals": goals,
            "first_time": agreement.agreed_at is None,
        },
    )


def check(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Check your answers": the draft as a summary list with "Change" links; confirming saves
    it. Sent twice, the second confirmation finds the answers saved and shows the same page."""
    agreement = selectors.agreement_of(request.user, pk)
    key = _draft_key(agreement)
    draft = request.session.get(key)
    standing = selectors.standing(agreement, request.user)
    if draft is None:
        if request.method == "POST" and standing.confirmed_by_me:
            return redirect("mentoring:agreement-done", pk=pk)
        return redirect("mentoring:agreement-change", pk=pk)
    if request.method == "POST":
        try:
            services.change_terms(
                agreement=agreement,
                actor=request.user,
                version=draft["version"],
                new_goals=draft["goals"],
                **draft["terms"],
            )
        except services.Refused as refusal:
            # The terms changed meanwhile (or the answers no longer pass): the person reads
            # the terms as they now stand and starts again from them.
            del request.session[key]
            messages.error(request, str(refusal))
            return redirect("mentoring:agreement", pk=pk)
        del request.session[key]
        return redirect("mentoring:agreement-done", pk=pk)
    goals = selectors.goals_of(agreement.mentorship)
    return render(
        request,
        "mentoring/agreements/check.html",
        {
            "mentorship": agreement.mentorship,
            "rows": selectors.rows(
                draft["terms"], goals=draft["goals"], goals_label=_goals_label(agreement, goals)
            ),
            "goals": goals,
        },
    )


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The other person confirms the terms they read (its version); the same twice is harmless."""
    agreement = selectors.agreement_of(request.user, pk)
    form = ConfirmTermsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Check the terms, then confirm them.")
        return redirect("mentoring:agreement", pk=pk)
    try:
        services.confirm_terms(
            agreement=agreement, actor=request.user, version=form.cleaned_data["version"]
        )
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("mentoring:agreement", pk=pk)
    return redirect("mentoring:agreement-done", pk=pk)


def done(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation panel: agreed, or waiting for the other person."""
    agreement = selectors.agreement_of(request.user, pk)
    standing = selectors.standing(agreement, request.user)
    if not standing.confirmed_by_me:
        return redirect("mentoring:agreement", pk=pk)
    return render(
        request,
        "mentoring/agreements/done.html",
        {"mentorship": agreement.mentorship, "standing": standing},
    )
