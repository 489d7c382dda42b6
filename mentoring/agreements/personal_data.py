"""What an agreement holds about a person, to download with their data, and the words they
wrote in it, to erase when they delete their account. The terms without words (how often, how,
how long) stay for the other person, as the rest of a mentorship's record does."""

from django.contrib.auth.base_user import AbstractBaseUser

from mentoring.agreements import wording
from mentoring.agreements.models import Agreement, AgreementChange
from mentoring.mentorships.models import Mentorship


def export(mentorship: Mentorship) -> dict | None:
    """A mentorship's agreement for the person's download: read it with
    `select_related("agreement")` and `prefetch_related("agreement__changes")`."""
    try:
        agreement = mentorship.agreement
    except Agreement.DoesNotExist:
        return None
    return {
        **{name: getattr(agreement, name) for name in Agreement.TERM_FIELDS},
        "version": agreement.version,
        "agreed_at": agreement.agreed_at.isoformat() if agreement.agreed_at else None,
        "changes": [
            {
                "at": change.at.isoformat(),
                "what": [wording.change_sentence(item) for item in change.changes],
            }
            for change in agreement.changes.all()
        ],
    }


def erase(user: AbstractBaseUser) -> None:
    """Blank the expectations the person wrote for their own part, and the words in the changes
    they made (the record of the change stays, without them). Goals stay, as the mentorship's
    agreed goals do."""
    Agreement.objects.filter(mentorship__mentee__user=user).update(mentee_expectations="")
    Agreement.objects.filter(mentorship__mentor__user=user).update(mentor_expectations="")
    for change in AgreementChange.objects.filter(actor=user):
        change.changes = [
            {**item, "from": "", "to": ""} if item["field"] in wording.WRITTEN else item
            for item in change.changes
        ]
        change.save(update_fields=["changes"])
