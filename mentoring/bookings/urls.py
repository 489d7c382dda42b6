"""Slots, bookings and calendars."""

from django.urls import path

from mentoring.bookings import views

urlpatterns = [
    path("slots/", views.my_slots, name="slots"),
    path("slots/add/", views.add_slots, name="add-slots"),
    path("slots/<int:pk>/cancel/", views.cancel_slot, name="cancel-slot"),
    path("slots/<int:pk>/book/", views.book, name="book"),
    path("mentorships/<int:pk>/slots/", views.bookable_slots, name="bookable-slots"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel-booking"),
    path("bookings/<int:pk>/outcome/", views.record_outcome, name="booking-outcome"),
    path("bookings/<int:pk>/calendar.ics", views.booking_ics, name="booking-ics"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
