from django.urls import path

from mentoring.views import bookings
from mentoring.views import mentorships as views

app_name = "mentoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/mentee/", views.mentee_profile, name="mentee-profile"),
    path("profile/mentor/", views.mentor_profile, name="mentor-profile"),
    path("mentors/", views.mentor_directory, name="mentors"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor"),
    path("mentors/<int:pk>/request/", views.request_mentor, name="request"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("mentorships/<int:pk>/", views.mentorship_detail, name="mentorship"),
    path("mentorships/<int:pk>/accept/", views.accept, name="accept"),
    path("mentorships/<int:pk>/decline/", views.decline, name="decline"),
    path("mentorships/<int:pk>/ask/", views.ask, name="ask"),
    path("mentorships/<int:pk>/answer/", views.answer, name="answer"),
    path("mentorships/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("mentorships/<int:pk>/end/", views.end_early, name="end-early"),
    path("mentorships/<int:pk>/complete/", views.complete, name="complete"),
    path("mentorships/<int:pk>/goals/", views.add_goal, name="add-goal"),
    path("mentorships/<int:pk>/goals/<int:goal_pk>/", views.mark_goal, name="mark-goal"),
    path("mentorships/<int:pk>/sessions/", views.log_session, name="log-session"),
    path("mentorships/<int:pk>/feedback/", views.give_feedback, name="feedback"),
]

# Slots, bookings and calendars (mentoring/views/bookings.py).
urlpatterns += [
    path("slots/", bookings.my_slots, name="slots"),
    path("slots/add/", bookings.add_slots, name="add-slots"),
    path("slots/<int:pk>/cancel/", bookings.cancel_slot, name="cancel-slot"),
    path("slots/<int:pk>/book/", bookings.book, name="book"),
    path("mentorships/<int:pk>/slots/", bookings.bookable_slots, name="bookable-slots"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking"),
    path("bookings/<int:pk>/cancel/", bookings.cancel_booking, name="cancel-booking"),
    path("bookings/<int:pk>/outcome/", bookings.record_outcome, name="booking-outcome"),
    path("bookings/<int:pk>/calendar.ics", bookings.booking_ics, name="booking-ics"),
    path("calendar/", bookings.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", bookings.calendar_feed, name="calendar-feed"),
]

# Matching rounds and the proposed matches they publish (mentoring/views/rounds.py).
from mentoring.views import rounds  # noqa: E402

urlpatterns += [
    path("rounds/", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/change/", rounds.round_change, name="round-change"),
    path("rounds/<int:pk>/history/", rounds.round_history, name="round-history"),
    path(
        "rounds/<int:pk>/participants/",
        rounds.round_add_participants,
        name="round-add-participants",
    ),
    path("rounds/<int:pk>/propose/", rounds.round_propose, name="round-propose"),
    path("rounds/<int:pk>/progress.json", rounds.round_progress, name="round-progress"),
    path("rounds/<int:pk>/proposal/", rounds.round_proposal, name="round-proposal"),
    path("rounds/<int:pk>/proposal.csv", rounds.round_proposal_csv, name="round-proposal-csv"),
    path("rounds/<int:pk>/proposal/<int:row_pk>/lock/", rounds.round_lock, name="round-lock"),
    path(
        "rounds/<int:pk>/proposal/<int:row_pk>/exclude/",
        rounds.round_exclude,
        name="round-exclude",
    ),
    path("rounds/<int:pk>/publish/", rounds.round_publish, name="round-publish"),
    path("rounds/<int:pk>/join/", rounds.round_join, name="round-join"),
    path("rounds/<int:pk>/leave/", rounds.round_leave, name="round-leave"),
    path("matches/<int:pk>/", rounds.match, name="match"),
    path("matches/<int:pk>/confirm/", rounds.match_confirm, name="match-confirm"),
    path("matches/<int:pk>/decline/", rounds.match_decline, name="match-decline"),
]

# The programme dashboard for coordinators (mentoring/views/programme.py).
from mentoring.views import programme  # noqa: E402

urlpatterns += [
    path("programme/", programme.programme, name="programme"),
    path("programme/<slug:figure>.csv", programme.programme_csv, name="programme-csv"),
]
