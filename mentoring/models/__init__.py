"""Every model of the mentoring app, from the subject that owns it.

Django finds an app's models here; code may import them from this package or from the
subject's own `models` module.
"""

from mentoring.agreements.models import Agreement, AgreementChange, AgreementTemplate
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
    "Agreement",
    "AgreementChange",
    "AgreementTemplate",
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
