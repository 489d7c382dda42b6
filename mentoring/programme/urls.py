"""The programme dashboard for coordinators."""

from django.urls import path

from mentoring.programme import views

urlpatterns = [
    path("programme/", views.programme, name="programme"),
    path("programme/<slug:figure>.csv", views.programme_csv, name="programme-csv"),
]
