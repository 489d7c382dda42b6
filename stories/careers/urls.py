from django.urls import path

from stories.careers import views

app_name = "careers"

urlpatterns = [
    path("", views.family_list, name="families"),
    path("compare/", views.compare, name="compare"),
    path("skills/", views.skill_list, name="skills"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill"),
    path("families/<slug:slug>/", views.family_detail, name="family"),
    path("roles/<slug:slug>/", views.role_detail, name="role"),
    path("levels/<slug:slug>/", views.role_level_detail, name="role_level"),
]
