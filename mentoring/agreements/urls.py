"""A mentorship's agreement: its terms, agreeing or changing them, and confirming them."""

from django.urls import path

from mentoring.agreements import views

urlpatterns = [
    path("mentorships/<int:pk>/agreement/", views.terms, name="agreement"),
    path("mentorships/<int:pk>/agreement/change/", views.change, name="agreement-change"),
    path("mentorships/<int:pk>/agreement/check/", views.check, name="agreement-check"),
    path("mentorships/<int:pk>/agreement/confirm/", views.confirm, name="agreement-confirm"),
    path("mentorships/<int:pk>/agreement/done/", views.done, name="agreement-done"),
]
