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
from mentoring.feedback.models import Pulse, PulseAsk, SessionRating
from mentoring.health.models import Nudge
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
from mentoring.outcomes.models import GoalConfidence, OutcomeAnswer, OutcomeAsk
from mentoring.pairing.models import PairExclusion, PairingCheck, PairingCheckAsk
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
    "GoalConfidence",
    "LivedExperience",
    "MatchingRound",
    "MenteeProfile",
    "MentorFactsStamp",
    "MentorProfile",
    "MentorSkill",
    "Mentorship",
    "Nudge",
    "OutcomeAnswer",
    "OutcomeAsk",
    "PairExclusion",
    "PairingCheck",
    "PairingCheckAsk",
    "PlanComment",
    "PlanGoal",
    "PlanShare",
    "PlanViewing",
    "Pulse",
    "PulseAsk",
    "RoundEvent",
    "RoundExclusion",
    "RoundMentee",
    "RoundMentor",
    "RoundProposal",
    "RoundRun",
    "SessionLog",
    "SessionRating",
    "SkillConfirmation",
    "SkillRating",
    "Slot",
    "StatusChange",
]
