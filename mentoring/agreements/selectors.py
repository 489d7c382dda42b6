"""What the agreement pages and the mentorship page read. Only the two people of a mentorship
see its agreement: anyone else, coordinators included, gets 404."""

from dataclasses import dataclass, field

from django.db.models import F, Q
from django.http import Http404

from mentoring.agreements import wording
from mentoring.agreements.models import Agreement, AgreementChange, Terms
from mentoring.mentorships.models import Goal, Mentorship


def agreement_of(user, pk: int) -> Agreement:
    """The agreement of an active mentorship (by the mentorship's id) the user is a party to,
    with its mentorship and both people: one query. 404 for anyone else, or once the
    mentorship is no longer active."""
    agreement = (
        Agreement.objects.select_related(
            "mentorship__mentee__user", "mentorship__mentor__user", "mentorship__mentor__leader"
        )
        .filter(
            Q(mentorship__mentee__user=user) | Q(mentorship__mentor__user=user),
            mentorship_id=pk,
            mentorship__status=Mentorship.Status.ACTIVE,
        )
        .first()
    )
    if agreement is None:
        raise Http404("No such agreement")
    return agreement


@dataclass(frozen=True)
class Row:
    """One row of a summary list: the term's name, its value, and the form field to change."""

    field: str
    key: str
    value: str
    lines: list[str] = field(default_factory=list)


def rows(terms: dict, *, goals: list[str] | None = None, goals_label: str = "Goals") -> list[Row]:
    """The terms as summary list rows, in the order pages show them; with `goals`, a last row
    listing them."""
    shown = [
        Row(name, wording.LABELS[name], wording.show(name, terms[name]))
        for name in Terms.TERM_FIELDS
    ]
    if goals is not None:
        shown.append(Row("goals", goals_label, "" if goals else "None", lines=list(goals)))
    return shown


def terms_of(agreement: Agreement) -> dict:
    return {name: getattr(agreement, name) for name in Terms.TERM_FIELDS}


def goals_of(mentorship: Mentorship) -> list[str]:
    return list(
        Goal.objects.filter(mentorship=mentorship)
        .order_by("created_at", "id")
        .values_list("text", flat=True)
    )


@dataclass(frozen=True)
class ChangeShown:
    at: object
    by: str
    sentences: list[str]


def changes_of(agreement: Agreement) -> list[ChangeShown]:
    """The changes after the first agreement, oldest first, in plain words: one query."""
    return [
        ChangeShown(
            at=change.at,
            by=change.by,
            sentences=[wording.change_sentence(item) for item in change.changes],
        )
        for change in AgreementChange.objects.filter(agreement=agreement)
        .select_related("actor")
        .order_by("at", "id")
    ]


@dataclass(frozen=True)
class Standing:
    """Where the agreement stands for the person looking at it."""

    agreement: Agreement
    role: str
    other_name: str

    @property
    def confirmed_by_me(self) -> bool:
        return getattr(self.agreement, f"{self.role}_confirmed_version") == self.agreement.version

    @property
    def confirmed_by_other(self) -> bool:
        other = "mentor" if self.role == "mentee" else "mentee"
        return getattr(self.agreement, f"{other}_confirmed_version") == self.agreement.version

    @property
    def agreed(self) -> bool:
        return self.agreement.is_agreed

    @property
    def waiting_for_me(self) -> bool:
        return not self.confirmed_by_me

    @property
    def waiting_for_other(self) -> bool:
        return self.confirmed_by_me and not self.confirmed_by_other


def standing(agreement: Agreement, user) -> Standing:
    mentorship = agreement.mentorship
    return Standing(
        agreement=agreement,
        role=mentorship.role_of(user),
        other_name=mentorship.other_party_name(user),
    )


def for_mentorship_page(mentorship: Mentorship, user) -> dict | None:
    """The agreement section of the mentorship page: the terms, where they stand for this
    person, and the changes since they were first agreed. Two queries, whatever the number of
    changes; None (no section) for a mentorship without an agreement, or one that ended
    before its terms were agreed."""
    if mentorship.role_of(user) is None:
        return None
    agreement = Agreement.objects.filter(mentorship=mentorship).first()
    # Once the mentorship is over, only terms the pair agreed are worth showing.
    if agreement is None or not (mentorship.is_active or agreement.agreed_at):
        return None
    agreement.mentorship = mentorship
    return {
        "standing": standing(agreement, user),
        "rows": rows(terms_of(agreement)),
        "changes": changes_of(agreement) if agreement.agreed_at else [],
        "can_change": mentorship.is_active,
    }


def for_dashboard(user) -> list[Mentorship]:
    """ "My mentoring": the active mentorships whose terms wait for this person to agree or
    confirm them, with both people. One query, however many mentorships."""
    waiting = (
        Agreement.objects.filter(mentorship__status=Mentorship.Status.ACTIVE)
        .filter(
            Q(mentorship__mentee__user=user, mentee_confirmed_version__lt=F("version"))
            | Q(mentorship__mentor__user=user, mentor_confirmed_version__lt=F("version"))
        )
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("mentorship__started_at", "pk")
    )
    return [agreement.mentorship for agreement in waiting]
