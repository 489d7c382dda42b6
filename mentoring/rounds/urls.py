"""Matching rounds and the proposed matches they publish."""

from django.urls import path

from mentoring.rounds import views

urlpatterns = [
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/change/", views.round_change, name="round-change"),
    path("rounds/<int:pk>/delete/", views.round_delete, name="round-delete"),
    path("rounds/<int:pk>/history/", views.round_history, name="round-history"),
    path(
        "rounds/<int:pk>/participants/",
        views.round_add_participants,
        name="round-add-participants",
    ),
    path("rounds/<int:pk>/propose/", views.round_propose, name="round-propose"),
    path("rounds/<int:pk>/progress.json", views.round_progress, name="round-progress"),
    path("rounds/<int:pk>/proposal/", views.round_proposal, name="round-proposal"),
    path("rounds/<int:pk>/proposal.csv", views.round_proposal_csv, name="round-proposal-csv"),
    path("rounds/<int:pk>/proposal/<int:row_pk>/lock/", views.round_lock, name="round-lock"),
    path(
        "rounds/<int:pk>/proposal/<int:row_pk>/exclude/",
        views.round_exclude,
        name="round-exclude",
    ),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round-publish"),
    path("rounds/<int:pk>/join/", views.round_join, name="round-join"),
    path("rounds/<int:pk>/leave/", views.round_leave, name="round-leave"),
    path("matches/<int:pk>/", views.match, name="match"),
    path("matches/<int:pk>/confirm/", views.match_confirm, name="match-confirm"),
    path("matches/<int:pk>/decline/", views.match_decline, name="match-decline"),
]
