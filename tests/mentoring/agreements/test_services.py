"""Agreements through their services: started with the mentorship, changed, confirmed, and every
refusal leaving everything as it was."""

import pytest
from django.core import mail

from mentoring.agreements import services
from mentoring.agreements.models import Agreement, AgreementChange, AgreementTemplate
from mentoring.agreements.terms import terms_of
from mentoring.mentorships import services as mentorship_services
from mentoring.models import Goal, Mentorship
from tests.factories import MentorshipFactory, UserFactory

Status = Mentorship.Status
pytestmark = pytest.mark.django_db

STALE = "The terms changed since you read them: check them again."


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit emails at its end, as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def active_pair(**fields) -> Mentorship:
    mentorship = MentorshipFactory(status=Status.ACTIVE, **fields)
    services.start_agreement(mentorship=mentorship)
    mail.outbox.clear()
    return mentorship


def agreement_of(mentorship: Mentorship) -> Agreement:
    return Agreement.objects.get(mentorship=mentorship)


def terms(**changes) -> dict:
    return {
        "meeting_every_days": 30,
        "formats": ["video"],
        "duration_months": 6,
        "confidentiality": "Between us.",
        "mentee_expectations": "",
        "mentor_expectations": "",
        **changes,
    }


def current_terms(mentorship: Mentorship):
    return terms_of(Mentorship.objects.get(pk=mentorship.pk))


def snapshot(agreement: Agreement) -> tuple:
    agreement.refresh_from_db()
    return (
        agreement.version,
        agreement.mentee_confirmed_version,
        agreement.mentor_confirmed_version,
        agreement.agreed_at,
        agreement.meeting_every_days,
        agreement.duration_months,
        list(agreement.formats),
        agreement.confidentiality,
        Goal.objects.count(),
        AgreementChange.objects.count(),
    )


def subjects() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mail.outbox)


class TestStarting:
    def test_accepting_a_request_starts_an_agreement_from_the_default_template(self, committed):
        mentorship = MentorshipFactory(status=Status.REQUESTED, started_at=None)
        template = AgreementTemplate.objects.get(is_default=True)

        with committed():
            mentorship_services.accept_request(mentorship=mentorship, actor=mentorship.mentor.user)

        agreement = agreement_of(mentorship)
        assert agreement.template == template
        assert template.name == "Pathways standard agreement"
        assert (agreement.meeting_every_days, agreement.duration_months) == (30, 6)
        assert agreement.formats == ["video"]
        assert "at risk of harm" in agreement.confidentiality
        assert agreement.version == 1 and not agreement.is_agreed
        asked = [(m.to[0], m.subject) for m in mail.outbox if "Agree the terms" in m.subject]
        assert sorted(asked) == sorted(
            [
                (
                    mentorship.mentee.user.email,
                    f"Agree the terms of your mentoring with {mentorship.mentor_name}",
                ),
                (
                    mentorship.mentor.user.email,
                    f"Agree the terms of your mentoring with {mentorship.mentee_name}",
                ),
            ]
        )

    def test_without_a_default_template_the_programmes_usual_terms_apply(self):
        AgreementTemplate.objects.update(is_default=False)
        mentorship = active_pair()

        agreement = agreement_of(mentorship)

        assert agreement.template is None
        assert (agreement.meeting_every_days, agreement.duration_months) == (30, 6)

    def test_starting_twice_keeps_the_first_agreement(self):
        mentorship = active_pair()
        first = agreement_of(mentorship)

        again = services.start_agreement(mentorship=mentorship)

        assert again.pk == first.pk
        assert Agreement.objects.count() == 1


class TestAgreeing:
    def test_the_terms_are_agreed_when_both_confirm_the_current_version(self, committed):
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        mentee, mentor = mentorship.mentee.user, mentorship.mentor.user

        with committed():
            services.change_terms(
                agreement=agreement,
                actor=mentee,
                version=1,
                new_goals=["Prepare for a band 7 interview", " ", "Map my stakeholders"],
                **terms(meeting_every_days=14, duration_months=9),
            )

        agreement.refresh_from_db()
        assert (agreement.version, agreement.mentee_confirmed_version) == (2, 2)
        assert agreement.mentor_confirmed_version == 0
        assert agreement.agreed_at is None and not current_terms(mentorship).agreed
        assert list(mentorship.agreed_goals.values_list("text", flat=True)) == [
            "Prepare for a band 7 interview",
            "Map my stakeholders",
        ]
        assert AgreementChange.objects.count() == 0  # before the first agreement: no history
        assert subjects() == [
            (mentor.email, f"{mentee.get_full_name()} has agreed your mentoring terms: please "
             "confirm them")
        ]  # fmt: skip
        mail.outbox.clear()

        with committed():
            services.confirm_terms(agreement=agreement, actor=mentor, version=2)

        agreement.refresh_from_db()
        assert agreement.is_agreed and agreement.agreed_at is not None
        agreed = current_terms(mentorship)
        assert (agreed.meeting_every_days, agreed.duration_months, agreed.agreed) == (14, 9, True)
        assert subjects() == [
            (mentee.email, f"You and {mentor.get_full_name()} have agreed your mentoring terms")
        ]

    def test_confirming_terms_that_changed_since_they_were_read_is_refused(self):
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        services.change_terms(
            agreement=agreement, actor=mentorship.mentee.user, version=1, **terms(duration_months=3)
        )
        before = snapshot(agreement)

        with pytest.raises(services.Refused, match=STALE):
            services.confirm_terms(agreement=agreement, actor=mentorship.mentor.user, version=1)

        assert snapshot(agreement) == before

    def test_changing_terms_that_changed_since_they_were_read_is_refused(self):
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        services.change_terms(
            agreement=agreement, actor=mentorship.mentee.user, version=1, **terms(duration_months=3)
        )
        before = snapshot(agreement)

        with pytest.raises(services.Refused, match=STALE):
            services.change_terms(
                agreement=agreement,
                actor=mentorship.mentor.user,
                version=1,
                **terms(duration_months=12),
            )

        assert snapshot(agreement) == before

    def test_confirming_twice_changes_nothing_the_second_time(self, committed):
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        services.confirm_terms(agreement=agreement, actor=mentorship.mentee.user, version=1)
        with committed():
            services.confirm_terms(agreement=agreement, actor=mentorship.mentor.user, version=1)
        before = snapshot(agreement)
        confirmed_at = agreement.mentor_confirmed_at
        mail.outbox.clear()

        with committed():
            services.confirm_terms(agreement=agreement, actor=mentorship.mentor.user, version=1)

        assert snapshot(agreement) == before
        assert agreement.mentor_confirmed_at == confirmed_at
        assert mail.outbox == []

    def test_the_same_answers_sent_twice_change_nothing_the_second_time(self, committed):
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        answers = {
            "agreement": agreement,
            "actor": mentorship.mentee.user,
            "version": 1,
            "new_goals": ["Lead a stand-up"],
            **terms(meeting_every_days=7),
        }
        services.change_terms(**answers)
        before = snapshot(agreement)
        mail.outbox.clear()

        with committed():
            services.change_terms(**answers)

        assert snapshot(agreement) == before
        assert mentorship.agreed_goals.count() == 1
        assert mail.outbox == []


class TestChangingAfterAgreeing:
    def agreed(self) -> tuple[Mentorship, Agreement]:
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        services.confirm_terms(agreement=agreement, actor=mentorship.mentee.user, version=1)
        services.confirm_terms(agreement=agreement, actor=mentorship.mentor.user, version=1)
        agreement.refresh_from_db()
        return mentorship, agreement

    def test_a_change_is_recorded_in_plain_words_and_needs_the_other_to_confirm(self, committed):
        mentorship, agreement = self.agreed()
        first_agreed = agreement.agreed_at
        mentor = mentorship.mentor.user
        mail.outbox.clear()

        with committed():
            services.change_terms(
                agreement=agreement,
                actor=mentor,
                version=1,
                new_goals=["Chair a meeting"],
                **terms(
                    meeting_every_days=14,
                    formats=["phone", "video"],
                    confidentiality=agreement.confidentiality,
                    mentee_expectations=agreement.mentee_expectations,
                    mentor_expectations="Honest feedback.",
                ),
            )

        agreement.refresh_from_db()
        assert agreement.version == 2 and not agreement.is_agreed
        assert agreement.agreed_at == first_agreed
        assert agreement.formats == ["video", "phone"]
        # Once first agreed, the terms as they stand apply (mentoring/agreements/terms.py).
        assert current_terms(mentorship).meeting_every_days == 14
        [change] = AgreementChange.objects.all()
        assert (change.actor, change.version, change.by) == (mentor, 2, mentor.get_full_name())
        fields = [(item["field"], item["from"], item["to"]) for item in change.changes]
        assert ("meeting_every_days", 30, 14) in fields
        assert ("goals", None, "Chair a meeting") in fields
        [message] = mail.outbox
        assert message.to == [mentorship.mentee.user.email]
        assert message.subject == f"{mentor.get_full_name()} has changed your mentoring terms"
        assert "How often you will meet changed from every month to every 2 weeks." in message.body
        assert "What the mentor expects changed." in message.body
        assert "Honest feedback" not in message.body  # their words stay on the page
        assert "Added a goal." in message.body

        services.confirm_terms(agreement=agreement, actor=mentorship.mentee.user, version=2)
        agreement.refresh_from_db()
        assert agreement.is_agreed and agreement.agreed_at == first_agreed


class TestRefusals:
    def test_only_the_two_people_may_change_or_confirm(self):
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        before = snapshot(agreement)
        coordinator = UserFactory(is_staff=True)

        for someone in (UserFactory(), coordinator):
            with pytest.raises(services.Refused, match="Only the mentee or the mentor"):
                services.confirm_terms(agreement=agreement, actor=someone, version=1)
            with pytest.raises(services.Refused, match="Only the mentee or the mentor"):
                services.change_terms(agreement=agreement, actor=someone, version=1, **terms())

        assert snapshot(agreement) == before

    def test_only_while_the_mentorship_is_active(self):
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        Mentorship.objects.filter(pk=mentorship.pk).update(status=Status.COMPLETED)
        before = snapshot(agreement)

        with pytest.raises(services.Refused, match="this mentorship is completed"):
            services.confirm_terms(agreement=agreement, actor=mentorship.mentee.user, version=1)
        with pytest.raises(services.Refused, match="this mentorship is completed"):
            services.change_terms(
                agreement=agreement, actor=mentorship.mentee.user, version=1, **terms()
            )

        assert snapshot(agreement) == before

    @pytest.mark.parametrize(
        ("answers", "field", "message"),
        [
            ({"meeting_every_days": 5}, "meeting_every_days", "Choose how often"),
            ({"formats": []}, "formats", "at least one way"),
            ({"formats": ["carrier-pigeon"]}, "formats", "from the list"),
            ({"duration_months": 0}, "duration_months", "from 1 to 24"),
            ({"duration_months": 25}, "duration_months", "from 1 to 24"),
            ({"confidentiality": "x" * 2001}, "confidentiality", "2,000 characters or fewer"),
            ({"mentor_expectations": "x" * 2001}, "mentor_expectations", "2,000 characters"),
            ({"new_goals": ["a", "b", "c", "d"]}, "goals", "up to 3 goals"),
            ({"new_goals": ["x" * 301]}, "goals", "300 characters or fewer"),
        ],
    )
    def test_bad_answers_are_refused_and_nothing_is_saved(self, answers, field, message):
        mentorship = active_pair()
        agreement = agreement_of(mentorship)
        before = snapshot(agreement)
        new_goals = answers.pop("new_goals", ())

        with pytest.raises(services.Refused, match=message) as refusal:
            services.change_terms(
                agreement=agreement,
                actor=mentorship.mentee.user,
                version=1,
                new_goals=new_goals,
                **terms(**answers),
            )

        assert refusal.value.field == field
        assert snapshot(agreement) == before


class TestTemplates:
    def test_a_new_default_takes_over_from_the_old_one(self):
        standard = AgreementTemplate.objects.get(is_default=True)

        services.save_template(
            template=AgreementTemplate(
                name="Short and frequent", is_default=True, duration_months=3
            )
        )

        standard.refresh_from_db()
        assert not standard.is_default
        assert list(AgreementTemplate.objects.filter(is_default=True).values_list("name")) == [
            ("Short and frequent",)
        ]
        mentorship = active_pair()
        assert agreement_of(mentorship).duration_months == 3
