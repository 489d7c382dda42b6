# Pages ----------------------------------------------------------------------------------------
# Reads for the mentoring pages, each with its joins decided once, so a page runs the same
# number of queries whatever the amount of data.


def mentor_directory(filters: dict) -> QuerySet[MentorProfile]:
    active = Count("mentorships", filter=Q(mentorships__status=Mentorship.Status.ACTIVE))
    mentors = (
        MentorProfile.objects.select_related("user", "leader")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .annotate(active_count=active)
        .order_by("user__last_name", "user__first_name", "id")
    )
    if filters.get("theme"):
        mentors = mentors.filter(themes__slug=filters["theme"])
    if filters.get("background"):
        mentors = mentors.filter(background=filters["background"])
    if filters.get("region"):
        mentors = mentors.filter(region=filters["region"])
    if filters.get("format"):
        # Formats are a JSON list of codes; no code is part of another, so a text match on the
        # quoted code is exact and works on SQLite and PostgreSQL alike.
        mentors = mentors.filter(formats__icontains=f'"{filters["format"]}"')
    if filters.get("accepting"):
        mentors = mentors.filter(
            accepting_requests=True, paused_at__isnull=True, capacity__gt=active
        )
    return mentors


def _mentorships() -> QuerySet[Mentorship]:
    return Mentorship.objects.select_related("mentee__user", "mentor__user").order_by(
        "-requested_at"
    )


def dashboard_for(user) -> dict:
    """What "My mentoring" shows: both sides of a person who may be mentee and mentor."""
    mentee = MenteeProfile.objects.filter(user=user).first()
    mentor = (
        MentorProfile.objects.filter(user=user)
        .annotate(active_count=Count("mentorships", filter=Q(mentorships__status="active")))
        .first()
    )
    as_mentee = list(_mentorships().filter(mentee__user=user)) if mentee else []
    as_mentor = list(_mentorships().filter(mentor__user=user)) if mentor else []
    Status = Mentorship.Status
    given = set(
        Feedback.objects.filter(
            Q(mentorship__mentee__user=user, role=Feedback.Role.MENTEE)
            | Q(mentorship__mentor__user=user, role=Feedback.Role.MENTOR)
        ).values_list("mentorship_id", flat=True)
    )
    finished = [Status.COMPLETED, Status.ENDED_EARLY]
    return {
        "mentee": mentee,
        "mentor": mentor,
        "mentee_requests": [m for m in as_mentee if m.status in Mentorship.OPEN_REQUEST],
        "mentee_active": [m for m in as_mentee if m.status == Status.ACTIVE],
        "mentee_past": [m for m in as_mentee if m.status not in Mentorship.OPEN],
        "mentor_requests": [m for m in as_mentor if m.status in Mentorship.OPEN_REQUEST],
        "mentor_active": [m for m in as_mentor if m.status == Status.ACTIVE],
        "mentor_past": [m for m in as_mentor if m.status not in Mentorship.OPEN],
        "needs_action": [
            *[
                (m, "Answer the mentor’s question")
                for m in as_mentee
                if m.status == Status.MORE_INFORMATION
            ],
            *[(m, "Answer this request") for m in as_mentor if m.status == Status.REQUESTED],
            *[
                (m, "Tell us how it went")
                for m in as_mentee + as_mentor
                if m.status in finished and m.pk not in given
            ],
        ],
    }


def mentorship_page(mentorship: Mentorship, user) -> dict:
    Status = Mentorship.Status
    is_mentor = mentorship.mentor_id is not None and mentorship.mentor.user_id == user.pk
    is_mentee = mentorship.mentee_id is not None and mentorship.mentee.user_id == user.pk
    role = Feedback.Role.MENTOR if is_mentor else Feedback.Role.MENTEE
    finished = mentorship.status in [Status.COMPLETED, Status.ENDED_EARLY]
    return {
        "mentorship": mentorship,
        "is_mentor": is_mentor,
        "is_mentee": is_mentee,
        "history": mentorship.changes.select_related("actor").order_by("at", "id"),
        "goals": mentorship.agreed_goals.order_by("created_at", "id"),
        "sessions": mentorship.sessions.select_related("logged_by").order_by("-held_on", "-id"),
        "can_give_feedback": finished and not mentorship.feedback.filter(role=role).exists(),
    }
