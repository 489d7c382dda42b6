"""The coordinators' list of pairs at risk."""

from django.urls import path

from mentoring.health import views

urlpatterns = [
    path("programme/pairs-at-risk/", views.pairs_at_risk, name="pairs-at-risk"),
    path("programme/pairs-at-risk/download.csv", views.pairs_at_risk_csv, name="pairs-at-risk-csv"),
]
