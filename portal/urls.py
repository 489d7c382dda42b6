"""The root URLconf: the portal's own pages, then each app's, then admin."""

from django.contrib import admin
from django.urls import include, path

from portal import sso, views

portal_patterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("account/", views.MyAccountView.as_view(), name="my-account"),
    path("account/details/", views.AccountDetailsView.as_view(), name="account-details"),
    path("account/email/", views.email_preferences, name="email-preferences"),
    path("email/unsubscribe/undo/", views.email_unsubscribe_undo, name="email-unsubscribe-undo"),
    path("email/unsubscribe/<str:token>/", views.email_unsubscribe, name="email-unsubscribe"),
    path("account/who-has-looked/", views.who_has_looked, name="who-has-looked"),
    path("account/my-data/", views.download_my_data, name="my-data"),
    path("account/delete/", views.delete_account, name="delete-account"),
    path("account/sign-up/", views.SignUpView.as_view(), name="sign-up"),
    path("account/sign-in/", views.SignInView.as_view(), name="sign-in"),
    # Break-glass: the password form for superusers when PASSWORD_SIGN_IN is off.
    path(
        "account/sign-in/password/",
        views.SignInView.as_view(break_glass=True),
        name="sign-in-password",
    ),
    path("account/sign-in/nhs/", sso.SingleSignOnStartView.as_view(), name="sso-start"),
    path(
        "account/sign-in/nhs/callback/",
        sso.SingleSignOnCallbackView.as_view(),
        name="sso-callback",
    ),
    path("account/sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "account/password/reset/sent/",
        views.PasswordResetSentView.as_view(),
        name="password-reset-sent",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("", include("stories.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "portal.views.page_not_found"
