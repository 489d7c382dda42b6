"""Every change to a mentorship's agreement, in one place.

A mentorship that becomes active gets an agreement from the default template
(`start_agreement`). Either person may then change its terms (`change_terms`): a change raises
the version, and whoever makes it confirms the new version by making it. The other person
confirms the version they read (`confirm_terms`); the terms are agreed when both have confirmed
the current version, and `agreed_at` records the first time they were. Every change after that
is an `AgreementChange` both see, and the other person is emailed.

Each function is atomic and locks the mentorship row first (step 4 of the one lock order in
mentoring/shared.py): every writer of an agreement holds that lock, so two changes, or a change
and a confirmation, cannot interleave. Refusals raise `Refused` and change nothing.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from mentoring.agreements.models import (
    AGREEMENT_TEXT_MAX_LENGTH,
    LONGEST_DURATION_MONTHS,
    SHORTEST_DURATION_MONTHS,
    Agreement,
    AgreementChange,
    AgreementTemplate,
    MeetingFrequency,
    Terms,
)
from mentoring.agreements.wording import change_sentence
from mentoring.mentorships.models import AGREED_GOAL_MAX_LENGTH, Format, Goal, Mentorship
from mentoring.shared import Refused, atomic_with_retry, email_person, lock_mentorship

MOST_GOALS_AT_ONCE = 3
STALE = "The terms changed since you read them: check them again."
TEXTS = {
    "confidentiality": "What stays confidential",
    "mentee_expectations": "What the mentee expects",
    "mentor_expectations": "What the mentor expects",
}


def _terms_of(source: Terms) -> dict:
    return {field: getattr(source, field) for field in Terms.TERM_FIELDS}


def start_agreement(*, mentorship: Mentorship) -> Agreement:
    """The mentorship has just become active: its agreement, from the default template (or
    the programme's usual terms when there is none), and both people asked to agree it. Call
    it inside the transaction that starts the mentorship, with the mentorship locked. A
    mentorship that already has an agreement keeps it."""
    existing = Agreement.objects.filter(mentorship=mentorship).first()
    if existing is not None:
        return existing
    template = AgreementTemplate.objects.filter(is_default=True).first()
    terms = _terms_of(template) if template is not None else {}
    agreement = Agreement.objects.create(mentorship=mentorship, template=template, **terms)
    for user, other_name in (
        (mentorship.mentee_user, mentorship.mentor_name),
        (mentorship.mentor_user, mentorship.mentee_name),
    ):
        email_person("agreement_to_agree", to=user, mentorship=mentorship, other_name=other_name)
    return agreement


def _locked_agreement(agreement: Agreement, actor: AbstractBaseUser, *, doing: str):
    """The mentorship locked, its agreement re-read, and the actor's part; or `Refused`."""
    mentorship, _ = lock_mentorship(agreement.mentorship_id)
    role = mentorship.role_of(actor)
    if role is None:
        raise Refused(f"Only the mentee or the mentor can {doing}.")
    if mentorship.status != Mentorship.Status.ACTIVE:
        raise Refused(
            f"You cannot {doing}: this mentorship is {mentorship.get_status_display().lower()}."
        )
    agreement = Agreement.objects.get(pk=agreement.pk)
    agreement.mentorship = mentorship
    return mentorship, agreement, role


def _check_terms(
    *,
    meeting_every_days: int,
    formats: Iterable[str],
    duration_months: int,
    texts: dict[str, str],
    new_goals: list[str],
) -> None:
    if meeting_every_days not in MeetingFrequency.values:
        raise Refused("Choose how often you will meet.", field="meeting_every_days")
    formats = list(formats)
    if not formats:
        raise Refused("Choose at least one way you will meet.", field="formats")
    if any(value not in Format.values for value in formats):
        raise Refused("Choose how you will meet from the list.", field="formats")
    if not SHORTEST_DURATION_MONTHS <= duration_months <= LONGEST_DURATION_MONTHS:
        raise Refused(
            f"Enter how many months, from {SHORTEST_DURATION_MONTHS} to {LONGEST_DURATION_MONTHS}.",
            field="duration_months",
        )
    for field, what in TEXTS.items():
        if len(texts[field]) > AGREEMENT_TEXT_MAX_LENGTH:
            raise Refused(
                f"{what} must be {AGREEMENT_TEXT_MAX_LENGTH:,} characters or fewer.", field=field
            )
    if len(new_goals) > MOST_GOALS_AT_ONCE:
        raise Refused(f"Enter up to {MOST_GOALS_AT_ONCE} goals, one a line.", field="goals")
    if any(len(goal) > AGREED_GOAL_MAX_LENGTH for goal in new_goals):
        raise Refused(
            f"Each goal must be {AGREED_GOAL_MAX_LENGTH} characters or fewer.", field="goals"
        )


def _confirm(agreement: Agreement, role: str, *, now) -> None:
    """The person confirms the current version; the first time both have, the terms are agreed."""
    setattr(agreement, f"{role}_confirmed_version", agreement.version)
    setattr(agreement, f"{role}_confirmed_at", now)
    if agreement.is_agreed and agreement.agreed_at is None:
        agreement.agreed_at = now


def _other(mentorship: Mentorship, role: str):
    return mentorship.mentor_user if role == "mentee" else mentorship.mentee_user


@atomic_with_retry
def change_terms(
    *,
    agreement: Agreement,
    actor: AbstractBaseUser,
    version: int,
    meeting_every_days: int,
    formats: Iterable[str],
    duration_months: int,
    confidentiality: str = "",
    mentee_expectations: str = "",
    mentor_expectations: str = "",
    new_goals: Iterable[str] = (),
) -> Agreement:
    """The person agrees these terms, having started from `version`. What differs from the
    current terms raises the version (the other person must confirm it again); the person
    confirms the terms as they now stand. The same terms sent twice change nothing the
    second time. `new_goals` are added to the mentorship's goals."""
    texts = {
        "confidentiality": confidentiality,
        "mentee_expectations": mentee_expectations,
        "mentor_expectations": mentor_expectations,
    }
    new_goals = [goal.strip() for goal in new_goals if goal.strip()]
    formats = [value for value in Format.values if value in set(formats)] or list(formats)
    _check_terms(
        meeting_every_days=meeting_every_days,
        formats=formats,
        duration_months=duration_months,
        texts=texts,
        new_goals=new_goals,
    )
    mentorship, agreement, role = _locked_agreement(agreement, actor, doing="change the terms")
    wanted = {
        "meeting_every_days": meeting_every_days,
        "formats": formats,
        "duration_months": duration_months,
        **texts,
    }
    changes = [
        {"field": field, "from": getattr(agreement, field), "to": value}
        for field, value in wanted.items()
        if getattr(agreement, field) != value
    ]
    # A goal the mentorship already has is not added again (the same answers sent twice).
    had = set(mentorship.agreed_goals.values_list("text", flat=True))
    new_goals = [goal for goal in dict.fromkeys(new_goals) if goal not in had]
    changes += [{"field": "goals", "from": None, "to": goal} for goal in new_goals]
    confirmed = getattr(agreement, f"{role}_confirmed_version")
    if not changes and confirmed == agreement.version:
        return agreement  # sent twice, or nothing to change: already as wanted
    if changes and version != agreement.version:
        raise Refused(STALE)

    now = timezone.now()
    was_agreed = agreement.agreed_at is not None
    if changes:
        for field, value in wanted.items():
            setattr(agreement, field, value)
        agreement.version += 1
        Goal.objects.bulk_create(Goal(mentorship=mentorship, text=goal) for goal in new_goals)
    _confirm(agreement, role, now=now)
    agreement.save()
    other = _other(mentorship, role)
    if changes and was_agreed:
        AgreementChange.objects.create(
            agreement=agreement, actor=actor, version=agreement.version, changes=changes, at=now
        )
        email_person(
            "agreement_changed",
            to=other,
            mentorship=mentorship,
            changed_by=actor,
            sentences=[change_sentence(item, in_email=True) for item in changes],
        )
    else:
        _tell_the_other(agreement, other=other, actor=actor)
    return agreement


@atomic_with_retry
def confirm_terms(*, agreement: Agreement, actor: AbstractBaseUser, version: int) -> Agreement:
    """The person confirms the terms as they read them (`version`). Terms that changed since
    are refused; confirming the same version again changes nothing."""
    mentorship, agreement, role = _locked_agreement(agreement, actor, doing="confirm the terms")
    if version != agreement.version:
        raise Refused(STALE)
    if getattr(agreement, f"{role}_confirmed_version") == agreement.version:
        return agreement
    _confirm(agreement, role, now=timezone.now())
    agreement.save()
    _tell_the_other(agreement, other=_other(mentorship, role), actor=actor)
    return agreement


def _tell_the_other(agreement: Agreement, *, other, actor: AbstractBaseUser) -> None:
    """The person confirmed: the other is told the terms are agreed, or asked to confirm."""
    if agreement.is_agreed:
        email_person("agreement_agreed", to=other, mentorship=agreement.mentorship, by=actor)
    else:
        email_person("agreement_to_confirm", to=other, mentorship=agreement.mentorship, by=actor)


@atomic_with_retry
def save_template(*, template: AgreementTemplate) -> AgreementTemplate:
    """Save a coordinator's agreement template. Made the default, it takes over from the one
    before (the `one_default_agreement_template` constraint holds it behind this)."""
    if template.is_default:
        others = list(
            AgreementTemplate.objects.select_for_update()
            .filter(is_default=True)
            .exclude(pk=template.pk)
            .values_list("pk", flat=True)
        )
        AgreementTemplate.objects.filter(pk__in=others).update(is_default=False)
    template.save()
    return template
