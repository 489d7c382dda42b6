"""The pairing check's pages."""

from django.urls import path

from mentoring.pairing import views

urlpatterns = [
    path("mentorships/<int:pk>/pairing-check/", views.answer, name="pairing-check"),
    path("programme/pairing-checks/", views.coordinator_summary, name="pairing-checks"),
    path(
        "programme/pairing-checks/<int:pk>/note/",
        views.coordinator_note,
        name="pairing-check-note",
    ),
]
