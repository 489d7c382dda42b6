"""Every model of the mentoring app, from the subject that owns it.

Django finds an app's models here; code may import them from this package or from the
subject's own `models` module.
"""

from mentoring.bookings.models import (
    Booking,
    BookingChange,
    BookingsByMentorship,
    CalendarFeed,
    Slot,
)
from mentoring.mentorships.models import (
    Feedback,
    Format,
    Goal,
    LivedExperience,
    MenteeProfile,
    MentorFactsStamp,
    MentorProfile,
    Mentorship,
    SessionLog,
    StatusChange,
)
from mentoring.plans.models import (
    Assessment,
    CareerPlan,
    MentorSkill,
    PlanComment,
    PlanGoal,
    PlanShare,
    PlanViewing,
    SkillConfirmation,
    SkillRating,
)
from mentoring.rounds.models import (
    MatchingRound,
    RoundEvent,
    RoundExclusion,
    RoundMentee,
    RoundMentor,
    RoundProposal,
    RoundRun,
)

__all__ = [
    "Assessment",
    "Booking",
    "BookingChange",
    "BookingsByMentorship",
    "CalendarFeed",
    "CareerPlan",
    "Feedback",
    "Format",
    "Goal",
    "LivedExperience",
    "MatchingRound",
    "MenteeProfile",
    "MentorFactsStamp",
    "MentorProfile",
    "MentorSkill",
    "Mentorship",
    "PlanComment",
    "PlanGoal",
    "PlanShare",
    "PlanViewing",
    "RoundEvent",
    "RoundExclusion",
    "RoundMentee",
    "RoundMentor",
    "RoundProposal",
    "RoundRun",
    "SessionLog",
    "SkillConfirmation",
    "SkillRating",
    "Slot",
    "StatusChange",
]
