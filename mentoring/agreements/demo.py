"""Demo agreements: the demo mentee and mentor agreed their terms when they started and changed
them once since (they meet every 2 weeks now, before her interview); another pair waits for the
mentor to confirm the terms the mentee agreed; every other active pair has the default terms to
agree.

Idempotent: an agreement is added only to an active mentorship that has none. Built with the ORM
(no emails are sent), dated from each mentorship's start.
"""

from datetime import timedelta

from django.db import transaction

from mentoring.agreements.models import (
    Agreement,
    AgreementChange,
    AgreementTemplate,
    MeetingFrequency,
    Terms,
)
from mentoring.models import Mentorship

DEMO_MENTEE = "mentee@example.com"
DEMO_MENTOR = "mentor@example.com"


def _from_template(mentorship: Mentorship, template: AgreementTemplate | None) -> Agreement:
    terms = {name: getattr(template, name) for name in Terms.TERM_FIELDS} if template else {}
    return Agreement(mentorship=mentorship, template=template, **terms)


def _agreed_and_changed_once(agreement: Agreement, mentorship: Mentorship) -> None:
    """Agreed the day after the start; a month later the mentee asked to meet every 2 weeks,
    and the mentor confirmed it the next day."""
    started = mentorship.started_at
    agreed, changed = started + timedelta(days=1), started + timedelta(days=27)
    agreement.formats = ["video", "phone"]
    agreement.mentee_expectations = (
        "I will bring a question or a piece of work to each session, and practise for my band "
        "7 interview between them."
    )
    agreement.agreed_at = agreed
    before = agreement.meeting_every_days
    agreement.meeting_every_days = MeetingFrequency.FORTNIGHTLY
    agreement.version = 2
    agreement.mentee_confirmed_version = agreement.mentor_confirmed_version = 2
    agreement.mentee_confirmed_at = changed
    agreement.mentor_confirmed_at = changed + timedelta(days=1)
    agreement.save()
    AgreementChange.objects.create(
        agreement=agreement,
        actor=mentorship.mentee.user,
        version=2,
        changes=[
            {"field": "meeting_every_days", "from": before, "to": MeetingFrequency.FORTNIGHTLY}
        ],
        at=changed,
    )


def _waiting_for_the_mentor(agreement: Agreement, mentorship: Mentorship) -> None:
    """The mentee agreed the terms with a change (every 2 weeks); the mentor has yet to."""
    agreement.meeting_every_days = MeetingFrequency.FORTNIGHTLY
    agreement.version = 2
    agreement.mentee_confirmed_version = 2
    agreement.mentee_confirmed_at = mentorship.started_at + timedelta(hours=20)
    agreement.save()


@transaction.atomic
def load() -> None:
    template = AgreementTemplate.objects.filter(is_default=True).first()
    without = list(
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE, agreement__isnull=True)
        .select_related("mentee__user", "mentor__user")
        .order_by("pk")
    )
    waiting_given = False
    for mentorship in without:
        agreement = _from_template(mentorship, template)
        mentee = mentorship.mentee.user.email if mentorship.mentee_id else ""
        mentor = mentorship.mentor.user.email if mentorship.mentor_id else ""
        if mentee == DEMO_MENTEE and mentor == DEMO_MENTOR and mentorship.started_at:
            _agreed_and_changed_once(agreement, mentorship)
        elif not waiting_given and mentorship.started_at and mentee != DEMO_MENTEE:
            _waiting_for_the_mentor(agreement, mentorship)
            waiting_given = True
        else:
            agreement.save()
