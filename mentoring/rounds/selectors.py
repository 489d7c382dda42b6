"""Reads for matching rounds: the facts a run needs, loaded in a fixed number of queries however
large the cohort, and what the round pages show."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Coalesce

from mentoring.matching import MenteeFacts, MentorFacts, normalise_organisation
from mentoring.models import (
    MatchingRound,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    PairExclusion,
    RoundEvent,
    RoundExclusion,
    RoundMentee,
    RoundMentor,
    RoundProposal,
    RoundRun,
)
from mentoring.plans.selectors import skill_gaps_by_person, skills_offered
from stories.models import Pathway, Region, Status

REGION_NAMES = dict(Region.choices)


@dataclass
class RoundFacts:
    """Everything mentoring/rounds/assignment.py needs to assign a round, as plain data."""

    mentees: list[MenteeFacts] = field(default_factory=list)
    mentors: list[MentorFacts] = field(default_factory=list)
    places: dict[int, int] = field(default_factory=dict)
    locked: list[tuple[int, int]] = field(default_factory=list)
    excluded: list[tuple[int, int]] = field(default_factory=list)
    past_pairs: list[tuple[int, int]] = field(default_factory=list)
    unavailable: dict[int, str] = field(default_factory=dict)


def round_facts(matching_round: MatchingRound) -> RoundFacts:
    """The round's people and rules as plain facts, in thirteen queries whatever its size
    (twelve when nobody in it has a skill gap)."""
    facts = RoundFacts()
    decoded: dict[str, frozenset] = {}

    def tags(text: str | None) -> frozenset:
        if text not in decoded:
            decoded[text] = frozenset(json.loads(text) if text else ())
        return decoded[text]

    in_round = Q(round_places__round=matching_round)
    gaps = skill_gaps_by_person(MenteeProfile.objects.filter(in_round).order_by().values("user_id"))
    mentee_themes: dict[int, dict[int, str]] = {}
    for mentee_id, theme_id, name in (
        MenteeProfile.themes.through.objects.filter(
            menteeprofile__round_places__round=matching_round
        )
        .order_by()
        .values_list("menteeprofile_id", "theme_id", "theme__name")
    ):
        mentee_themes.setdefault(mentee_id, {})[theme_id] = name
    for (
        pk,
        user_id,
        user_active,
        background,
        region,
        formats,
        pathway_id,
        pathway_title,
        organisation,
        preferred,
        outside,
    ) in (
        MenteeProfile.objects.filter(in_round)
        .order_by("pk")
        .values_list(
            "pk",
            "user_id",
            "user__is_active",
            "background",
            "region",
            Cast("formats", TextField()),
            "target_pathway_id",
            "target_pathway__title",
            "organisation",
            Cast("preferred_experience", TextField()),
            "mentor_outside_organisation",
        )
    ):
        facts.mentees.append(
            MenteeFacts(
                id=pk,
                user_id=user_id,
                themes=mentee_themes.get(pk, {}),
                background=background,
                region=region,
                formats=tags(formats),
                target_pathway_id=pathway_id,
                target_pathway_title=pathway_title or "",
                organisation=normalise_organisation(organisation),
                preferred_experience=tags(preferred),
                mentor_outside_organisation=outside,
                gaps=gaps.get(user_id, {}),
            )
        )
        if not user_active:
            facts.unavailable[pk] = "your account is closed"

    for mentee_id, status in (
        Mentorship.objects.filter(
            status__in=Mentorship.HOLDS_PLACE, mentee__round_places__round=matching_round
        )
        .order_by()
        .values_list("mentee_id", "status")
    ):
        facts.unavailable.setdefault(
            mentee_id,
            "you already have a mentor"
            if status == Mentorship.Status.ACTIVE
            else "you have a proposed mentor waiting for confirmation",
        )

    mentor_themes: dict[int, set[int]] = {}
    for mentor_id, theme_id in (
        MentorProfile.themes.through.objects.filter(
            mentorprofile__round_places__round=matching_round
        )
        .order_by()
        .values_list("mentorprofile_id", "theme_id")
    ):
        mentor_themes.setdefault(mentor_id, set()).add(theme_id)
    held = dict(
        MentorProfile.objects.with_free_places()
        .filter(round_places__round=matching_round)
        .order_by()
        .values_list("pk", "places_held")
    )
    pathways: dict[int, dict[int, str]] = {}
    for mentor_id, pathway_id, title in (
        Pathway.example_leaders.through.objects.filter(
            pathway__status=Status.PUBLISHED,
            leader__status=Status.PUBLISHED,
            leader__mentor_profile__round_places__round=matching_round,
        )
        .order_by()
        .values_list("leader__mentor_profile", "pathway_id", "pathway__title")
    ):
        pathways.setdefault(mentor_id, {})[pathway_id] = title
    skills = skills_offered(
        RoundMentor.objects.filter(round=matching_round).order_by().values("mentor_id"),
        skill_ids={skill_id for person in gaps.values() for skill_id in person},
    )
    for (
        mentor_id,
        places,
        user_id,
        user_active,
        first_name,
        last_name,
        background,
        region,
        organisation,
        capacity,
        formats,
        lived_experience,
        paused_at,
    ) in (
        RoundMentor.objects.filter(round=matching_round)
        .order_by("mentor_id")
        .values_list(
            "mentor_id",
            "places",
            "mentor__user_id",
            "mentor__user__is_active",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__background",
            "mentor__region",
            "mentor__organisation",
            "mentor__capacity",
            Cast("mentor__formats", TextField()),
            Cast("mentor__lived_experience", TextField()),
            "mentor__paused_at",
        )
    ):
        holding = held.get(mentor_id, 0)
        mentor_pathways = pathways.get(mentor_id, {})
        facts.mentors.append(
            MentorFacts(
                id=mentor_id,
                user_id=user_id,
                name=f"{first_name} {last_name}".strip(),
                theme_ids=frozenset(mentor_themes.get(mentor_id, ())),
                background=background,
                region=region,
                formats=tags(formats),
                pathway_ids=frozenset(mentor_pathways),
                pathway_titles=tuple(sorted(mentor_pathways.values())),
                organisation=normalise_organisation(organisation),
                lived_experience=tags(lived_experience),
                capacity=capacity,
                active_mentees=holding,
                # Taking part in a round is the mentor's say-so for it, whether or not they
                # take requests one at a time; a paused mentor or a closed account takes none.
                accepting_requests=True,
                paused=paused_at is not None or not user_active,
                skills=skills.get(mentor_id, {}),
            )
        )
        facts.places[mentor_id] = max(0, min(places, capacity - holding))

    facts.past_pairs = list(
        Mentorship.objects.filter(
            mentee__round_places__round=matching_round,
            mentor__round_places__round=matching_round,
        )
        .order_by()
        .values_list("mentee_id", "mentor_id")
        .distinct()
    )
    facts.locked = list(
        RoundProposal.objects.filter(round=matching_round, locked=True).values_list(
            "mentee_id", "mentor_id"
        )
    )
    facts.excluded = list(
        RoundExclusion.objects.filter(round=matching_round).values_list("mentee_id", "mentor_id")
    )
    # Pairs a pairing check kept apart (mentoring/pairing/), in every round.
    facts.excluded += list(
        PairExclusion.objects.filter(
            mentee__round_places__round=matching_round,
            mentor__round_places__round=matching_round,
        ).values_list("mentee_id", "mentor_id")
    )
    return facts


# Pages ----------------------------------------------------------------------------------------


def _count_of(model, **filters) -> Subquery:
    return Coalesce(
        Subquery(
            model.objects.filter(round=OuterRef("pk"), **filters)
            .order_by()
            .values("round")
            .annotate(count=Count("pk"))
            .values("count"),
            output_field=IntegerField(),
        ),
        0,
    )


def rounds_list() -> QuerySet[MatchingRound]:
    return MatchingRound.objects.select_related("created_by").annotate(
        mentee_count=_count_of(RoundMentee),
        mentor_count=_count_of(RoundMentor),
        pair_count=_count_of(RoundProposal, mentor__isnull=False),
    )


def round_page(matching_round: MatchingRound) -> dict[str, Any]:
    """What the round's page shows: its people, its latest run and its history."""
    places = RoundMentor.objects.filter(round=matching_round).aggregate(
        mentors=Count("pk"), places=Coalesce(Sum("places"), 0)
    )
    runs = list(RoundRun.objects.filter(round=matching_round).select_related("requested_by")[:2])
    latest = runs[0] if runs else None
    finished = (
        latest
        if latest and latest.status == RoundRun.Status.FINISHED
        else RoundRun.objects.filter(round=matching_round, status=RoundRun.Status.FINISHED)
        .select_related("requested_by")
        .first()
    )
    proposal = RoundProposal.objects.filter(round=matching_round).aggregate(
        rows=Count("pk"), pairs=Count("pk", filter=Q(mentor__isnull=False))
    )
    return {
        "round": matching_round,
        "mentee_count": RoundMentee.objects.filter(round=matching_round).count(),
        "mentor_count": places["mentors"],
        "place_count": places["places"],
        "latest_run": latest,
        "finished_run": finished,
        "proposal_rows": proposal["rows"],
        "pair_count": proposal["pairs"],
        "events": RoundEvent.objects.filter(round=matching_round)
        .select_related("actor", "mentee_user", "mentor_user")
        .order_by("-at", "-id")[:10],
    }


def proposal_summary(matching_round: MatchingRound) -> dict[str, Any]:
    """Matched share, mean and lowest score, overall and by the mentees' regions, from the
    proposal as it stands (after any locks and exclusions)."""
    rows = RoundProposal.objects.filter(round=matching_round)
    pair = Q(mentor__isnull=False)
    overall = rows.aggregate(
        mentees=Count("pk"),
        matched=Count("pk", filter=pair),
        locked=Count("pk", filter=Q(locked=True)),
        mean=Avg("score", filter=pair),
        lowest=Min("score", filter=pair),
    )
    by_region = [
        {
            **row,
            "name": REGION_NAMES.get(row["region"], row["region"] or "Not given"),
            "percent": 100 * row["matched"] / row["mentees"] if row["mentees"] else 0,
        }
        for row in rows.order_by()
        .values(region=F("mentee__region"))
        .annotate(
            mentees=Count("pk"),
            matched=Count("pk", filter=pair),
            mean=Avg("score", filter=pair),
            lowest=Min("score", filter=pair),
        )
        .order_by("region")
    ]
    overall["unmatched"] = overall["mentees"] - overall["matched"]
    overall["percent"] = 100 * overall["matched"] / overall["mentees"] if overall["mentees"] else 0
    return {"overall": overall, "by_region": by_region}


def proposal_rows(matching_round: MatchingRound, *, show: str, region: str) -> QuerySet:
    rows = RoundProposal.objects.filter(round=matching_round).select_related(
        "mentee__user", "mentor__user"
    )
    if show == "pairs":
        rows = rows.filter(mentor__isnull=False)
    elif show == "unmatched":
        rows = rows.filter(mentor__isnull=True)
    elif show == "locked":
        rows = rows.filter(locked=True)
    if region:
        rows = rows.filter(mentee__region=region)
    return rows.order_by("mentee__user__last_name", "mentee__user__first_name", "mentee_id")


def proposal_for_party(mentorship: Mentorship) -> RoundProposal | None:
    return RoundProposal.objects.select_related("round").filter(mentorship=mentorship).first()


def awaits_confirmation(mentorship: Mentorship, user) -> bool:
    """Whether a match a round proposed still waits for this person to confirm it."""
    proposal = getattr(mentorship, "round_proposal", None)
    if proposal is None or mentorship.status != Mentorship.Status.PROPOSED:
        return False
    role = mentorship.role_of(user)
    if role == "mentee":
        return proposal.mentee_confirmed_at is None
    if role == "mentor":
        return proposal.mentor_confirmed_at is None
    return False
