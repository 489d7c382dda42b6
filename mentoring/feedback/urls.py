"""Session ratings and the halfway pulse."""

from django.urls import path

from mentoring.feedback import views

urlpatterns = [
    path(
        "mentorships/<int:pk>/sessions/<int:session_pk>/rate/",
        views.rate_session,
        name="rate-session",
    ),
    path("mentorships/<int:pk>/pulse/", views.answer_pulse, name="pulse"),
]
