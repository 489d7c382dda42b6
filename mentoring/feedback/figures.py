"""Session ratings and pulses for the programme dashboard: totals only, never a name.

Coordinators see counts, averages and the Net Promoter Score. Single answers (scores without
names or notes) are shown only for a group of at least `SMALLEST_GROUP` people, so that no one
can be picked out; a smaller group is hidden with a message saying why. Notes are written to
the other person of the pair and are never shown to coordinators.

Each figure is one query whatever the number of answers. `filters` is the dashboard's
(`region` of the mentee, `date_from` and `date_to` of the answer).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count

from mentoring.feedback.models import (
    RECOMMEND_HIGHEST,
    RECOMMEND_LOWEST,
    HowItIsGoing,
    Pulse,
    Role,
    SessionRating,
    Usefulness,
)
from stories.models import Band, Region

# The fewest people whose single answers may be shown together: the one place this is set.
SMALLEST_GROUP = 5
HIDDEN = f"Fewer than {SMALLEST_GROUP} answers: hidden so no one can be identified"

PROMOTERS_FROM = 9  # 9 and 10
DETRACTORS_UP_TO = 6  # 0 to 6


def net_promoter_score(scores: list[int]) -> float | None:
    """% promoters (9 or 10) less % detractors (0 to 6), from -100 to 100; None without answers."""
    if not scores:
        return None
    promoters = sum(score >= PROMOTERS_FROM for score in scores)
    detractors = sum(score <= DETRACTORS_UP_TO for score in scores)
    return 100 * (promoters - detractors) / len(scores)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _in_period(answers, filters):
    answers = answers.filter(
        given_at__date__gte=filters.date_from, given_at__date__lte=filters.date_to
    ).order_by()
    return answers


@dataclass(frozen=True)
class SessionRatings:
    # rating -> count, for each role
    mentee: dict[int, int]
    mentor: dict[int, int]

    @staticmethod
    def _mean(counts: dict[int, int]) -> float | None:
        total = sum(counts.values())
        return sum(r * c for r, c in counts.items()) / total if total else None

    @property
    def mentee_mean(self) -> float | None:
        return self._mean(self.mentee)

    @property
    def mentor_mean(self) -> float | None:
        return self._mean(self.mentor)

    @property
    def given(self) -> int:
        return sum(self.mentee.values()) + sum(self.mentor.values())


def session_ratings(filters) -> SessionRatings:
    given = _in_period(SessionRating.objects.all(), filters)
    if filters.region:
        given = given.filter(session__mentorship__mentee__region=filters.region)
    counts = {role: dict.fromkeys(Usefulness.values, 0) for role in Role.values}
    for role, rating, count in (
        given.values("role", "rating")
        .annotate(count=Count("pk"))
        .values_list("role", "rating", "count")
    ):
        counts[role][rating] = count
    return SessionRatings(mentee=counts[Role.MENTEE], mentor=counts[Role.MENTOR])


@dataclass(frozen=True)
class PulseAnswer:
    role: str
    how_it_is_going: int
    recommend: int
    person: int | None  # the answering account's id, to count people; never shown
    band: str
    region: str


def pulse_answers(filters) -> list[PulseAnswer]:
    """Every pulse answer in the period (one query), with what groups it: the mentee's band and
    region."""
    pulses = _in_period(Pulse.objects.all(), filters)
    if filters.region:
        pulses = pulses.filter(mentorship__mentee__region=filters.region)
    return [
        PulseAnswer(
            role=role,
            how_it_is_going=going,
            recommend=recommend,
            person=mentee_user if role == Role.MENTEE else mentor_user,
            band=band or "",
            region=region or "",
        )
        for role, going, recommend, mentee_user, mentor_user, band, region in pulses.values_list(
            "role",
            "how_it_is_going",
            "recommend",
            "mentorship__mentee__user_id",
            "mentorship__mentor__user_id",
            "mentorship__mentee__band",
            "mentorship__mentee__region",
        )
    ]


@dataclass(frozen=True)
class PulseSummary:
    """The pulse's totals for some answers."""

    answers: int
    mean_going: float | None
    promoters: int
    passives: int
    detractors: int
    nps: float | None

    @classmethod
    def of(cls, answers: list[PulseAnswer]) -> "PulseSummary":
        scores = [answer.recommend for answer in answers]
        promoters = sum(score >= PROMOTERS_FROM for score in scores)
        detractors = sum(score <= DETRACTORS_UP_TO for score in scores)
        return cls(
            answers=len(answers),
            mean_going=_mean([answer.how_it_is_going for answer in answers]),
            promoters=promoters,
            passives=len(scores) - promoters - detractors,
            detractors=detractors,
            nps=net_promoter_score(scores),
        )


@dataclass(frozen=True)
class Group:
    """The answers of one group (a band, a region): totals and single answers when the group
    has at least SMALLEST_GROUP people, nothing but the message otherwise."""

    name: str
    people: int
    summary: PulseSummary | None  # None when hidden
    single_answers: list[tuple[str, int]]  # (how it is going, recommend), no names, sorted

    @property
    def hidden(self) -> bool:
        return self.summary is None


def group_of(name: str, answers: list[PulseAnswer]) -> Group:
    """THE small-group rule: a group's answers are shown only when at least SMALLEST_GROUP
    different people gave them."""
    people = len({answer.person for answer in answers if answer.person is not None})
    if people < SMALLEST_GROUP:
        return Group(name, people, None, [])
    going = dict(HowItIsGoing.choices)
    return Group(
        name,
        people,
        PulseSummary.of(answers),
        sorted(
            ((going[a.how_it_is_going], a.recommend) for a in answers),
            key=lambda single: (-single[1], single[0]),
        ),
    )


def groups_by(
    answers: list[PulseAnswer], *, key: Callable[[PulseAnswer], str], names: dict[str, str]
) -> list[Group]:
    """The answers grouped by `key`, in the order of `names`, groups without answers left out."""
    grouped: dict[str, list[PulseAnswer]] = {}
    for answer in answers:
        grouped.setdefault(key(answer), []).append(answer)
    return [group_of(label, grouped[value]) for value, label in names.items() if value in grouped]


def by_band(answers: list[PulseAnswer]) -> list[Group]:
    return groups_by(answers, key=lambda a: a.band, names=dict(Band.choices))


def by_region(answers: list[PulseAnswer]) -> list[Group]:
    return groups_by(answers, key=lambda a: a.region, names=dict(Region.choices))


RECOMMEND_SCALE = range(RECOMMEND_LOWEST, RECOMMEND_HIGHEST + 1)
