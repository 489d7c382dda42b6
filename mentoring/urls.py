"""Mentoring's pages: each subject keeps its own URLs, all in the `mentoring` namespace."""

from django.urls import include, path

from mentoring.bookings.urls import urlpatterns as bookings
from mentoring.health.urls import urlpatterns as health
from mentoring.mentorships.urls import urlpatterns as mentorships
from mentoring.programme.urls import urlpatterns as programme
from mentoring.rounds.urls import urlpatterns as rounds

app_name = "mentoring"

urlpatterns = [
    *mentorships,
    *bookings,
    *rounds,
    *programme,
    *health,
    path("my-plan/", include("mentoring.plans.urls")),
]
