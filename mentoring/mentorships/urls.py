"""Profiles, the mentor directory, suggestions, requests and mentorships."""

from django.urls import path

from mentoring.mentorships import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/mentee/", views.mentee_profile, name="mentee-profile"),
    path("profile/mentor/", views.mentor_profile, name="mentor-profile"),
    path("profile/mentor/skills/", views.mentor_skills, name="mentor-skills"),
    path(
        "profile/mentor/skills/<int:pk>/remove/",
        views.remove_mentor_skill,
        name="remove-mentor-skill",
    ),
    path("mentors/", views.mentor_directory, name="mentors"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor"),
    path("mentors/<int:pk>/request/", views.request_mentor, name="request"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("mentorships/<int:pk>/", views.mentorship_detail, name="mentorship"),
    path("mentorships/<int:pk>/accept/", views.accept, name="accept"),
    path(
        "mentorships/<int:pk>/decline/",
        views.change_mentorship,
        {"change": "decline"},
        name="decline",
    ),
    path("mentorships/<int:pk>/ask/", views.change_mentorship, {"change": "ask"}, name="ask"),
    path(
        "mentorships/<int:pk>/answer/", views.change_mentorship, {"change": "answer"}, name="answer"
    ),
    path(
        "mentorships/<int:pk>/withdraw/",
        views.change_mentorship,
        {"change": "withdraw"},
        name="withdraw",
    ),
    path(
        "mentorships/<int:pk>/end/",
        views.change_mentorship,
        {"change": "end-early"},
        name="end-early",
    ),
    path(
        "mentorships/<int:pk>/complete/",
        views.change_mentorship,
        {"change": "complete"},
        name="complete",
    ),
    path(
        "mentorships/<int:pk>/goals/",
        views.change_mentorship,
        {"change": "add-goal"},
        name="add-goal",
    ),
    path("mentorships/<int:pk>/goals/<int:goal_pk>/", views.mark_goal, name="mark-goal"),
    path(
        "mentorships/<int:pk>/sessions/",
        views.change_mentorship,
        {"change": "log-session"},
        name="log-session",
    ),
    path(
        "mentorships/<int:pk>/feedback/",
        views.change_mentorship,
        {"change": "feedback"},
        name="feedback",
    ),
]
