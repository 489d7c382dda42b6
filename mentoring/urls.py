"""Mentoring's pages: each subject keeps its own URLs, all in the `mentoring` namespace."""

from django.urls import include, path

from mentoring.agreements.urls import urlpatterns as agreements
from mentoring.bookings.urls import urlpatterns as bookings
from mentoring.feedback.urls import urlpatterns as feedback
from mentoring.health.urls import urlpatterns as health
from mentoring.mentorships.urls import urlpatterns as mentorships
from mentoring.outcomes.urls import urlpatterns as outcomes
from mentoring.pairing.urls import urlpatterns as pairing
from mentoring.programme.urls import urlpatterns as programme
from mentoring.rounds.urls import urlpatterns as rounds

app_name = "mentoring"

urlpatterns = [
    *mentorships,
    *bookings,
    *rounds,
    *programme,
    *pairing,
    *feedback,
    *outcomes,
    *agreements,
    *health,
    path("my-plan/", include("mentoring.plans.urls")),
]
