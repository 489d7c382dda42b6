"""My plan, under /mentoring/my-plan/: the owner's pages, then the mentor's view of a plan
shared with them."""

from django.urls import path

from mentoring.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/", views.roles, name="roles"),
    path("assessment/", views.assessment, name="assessment"),
    path("progress/", views.progress, name="progress"),
    path("goals/add/<int:skill_pk>/", views.add_goal, name="add-goal"),
    path("goals/<int:pk>/", views.edit_goal, name="goal"),
    path("goals/<int:pk>/mentorship-goal/", views.make_mentorship_goal, name="mentorship-goal"),
    path("share/", views.share, name="share"),
    path("share/stop/", views.stop_sharing, name="stop-sharing"),
    path("appraisal/", views.appraisal_page, name="appraisal"),
    path("appraisal/my-development-plan.docx", views.appraisal_docx, name="appraisal-docx"),
    path("shared/<int:pk>/", views.shared_plan, name="shared"),
    path("shared/<int:pk>/comment/", views.comment, name="comment"),
    path("shared/<int:pk>/confirm/", views.confirm, name="confirm"),
]
