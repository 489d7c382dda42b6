"""The mentee's goal confidence ratings and her six and twelve month questions."""

from django.urls import path

from mentoring.outcomes import views

urlpatterns = [
    path(
        "mentorships/<int:pk>/confidence/<str:stage>/",
        views.confidence,
        name="confidence",
    ),
    path("mentorships/<int:pk>/outcome/<int:months>/", views.outcome, name="outcome"),
]
