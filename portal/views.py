from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView, UpdateView

from portal import email_preferences as email_preferences_service
from portal import forms, health, privacy, private_access, retention, sso
from portal.email_kinds import DELIVERY_LABELS, KINDS, Kind
from portal.privacy import export_personal_data


@method_decorator(login_not_required, name="dispatch")
class SignUpView(FormView):
    template_name = "registration/sign_up.html"
    form_class = forms.SignUpForm
    success_url = reverse_lazy("portal:my-account")

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect("portal:my-account")
        if not settings.PASSWORD_SIGN_IN:
            # Accounts come from the NHS account's first sign-in instead.
            return redirect("portal:sign-in")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: forms.SignUpForm) -> HttpResponse:
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, f"Welcome to Pathways, {user.first_name}.")
        return super().form_valid(form)


class SignInView(auth_views.LoginView):
    """The sign-in page: the single sign-on button when it is set up, and the password form
    unless PASSWORD_SIGN_IN is off. `break_glass`: the password form that superusers keep when
    it is off, for when the identity provider fails (docs/deployment.md)."""

    template_name = "registration/sign_in.html"
    form_class = forms.SignInForm
    redirect_authenticated_user = True
    break_glass = False

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "break_glass": self.break_glass}

    def get_context_data(self, **kwargs) -> dict:
        show_button = sso.provider() is not None and not self.break_glass
        return super().get_context_data(
            sso_button_label=settings.SSO_BUTTON_LABEL if show_button else "",
            password_form_shown=settings.PASSWORD_SIGN_IN or self.break_glass,
            break_glass=self.break_glass,
            **kwargs,
        )


class SignOutView(auth_views.LogoutView):
    template_name = "registration/signed_out.html"

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have signed out.")
        return response


class MyAccountView(TemplateView):
    template_name = "portal/my_account.html"

    def get_context_data(self, **kwargs) -> dict:
        user = self.request.user
        return super().get_context_data(
            signs_in_with_password=user.has_usable_password() and passwords_in_use(user),
            **kwargs,
        )


class AccountDetailsView(UpdateView):
    template_name = "portal/account_details.html"
    form_class = forms.AccountDetailsForm
    success_url = reverse_lazy("portal:my-account")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form: forms.AccountDetailsForm) -> HttpResponse:
        messages.success(self.request, "Your name has been updated.")
        return super().form_valid(form)


def passwords_in_use(user) -> bool:
    """Whether this person signs in with a password: always while PASSWORD_SIGN_IN is on;
    when it is off, superusers only (the break-glass way in)."""
    return settings.PASSWORD_SIGN_IN or user.is_superuser


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("portal:my-account")

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not passwords_in_use(request.user):
            raise Http404("Sign in with your NHS account: passwords are not used.")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: forms.PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset.html"
    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("portal:password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("portal:sign-in")
    post_reset_login = False

    def get_user(self, uidb64: str):
        # With PASSWORD_SIGN_IN off, a link sent before does not give anyone else a password.
        user = super().get_user(uidb64)
        return user if user is not None and passwords_in_use(user) else None

    def form_valid(self, form: forms.SetPasswordForm) -> HttpResponse:
        messages.success(self.request, "Your password has been reset. You can now sign in.")
        return super().form_valid(form)


ACCESSES_PER_PAGE = 50


def who_has_looked(request: HttpRequest) -> HttpResponse:
    """My account > Who has looked at your information: each time a member of staff opened
    something private about the person, who it was, what, when and why, newest first."""
    page = Paginator(private_access.accesses_to(request.user), ACCESSES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/who_has_looked.html",
        {"page": page, "retain_audit": retention.in_words(settings.RETAIN_AUDIT_DAYS)},
    )


def download_my_data(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        export_personal_data(request.user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="my-pathways-data.json"'
    return response


def delete_account(request: HttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        privacy.delete_account(user=request.user)
        logout(request)
        messages.success(request, "Your account and your data have been deleted.")
        return redirect("stories:home")
    return render(request, "portal/delete_account.html", {"form": form})


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database, the cache and the queue are all well, 503 when
    any is not, with what each check found as JSON (portal/health.py).

    HealthCheckMiddleware calls this before any middleware that uses the database."""
    checks = health.checks()
    healthy = all(check["status"] == "ok" for check in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
    add_never_cache_headers(response)
    return response


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


@method_decorator(login_not_required, name="dispatch")
class AccessibilityView(TemplateView):
    template_name = "portal/accessibility.html"


@method_decorator(login_not_required, name="dispatch")
class FeedbackView(TemplateView):
    template_name = "portal/feedback.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(feedback_email=settings.FEEDBACK_EMAIL, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PrivacyView(TemplateView):
    template_name = "portal/privacy.html"

    def get_context_data(self, **kwargs) -> dict:
        # The schedule is written from the settings the housekeeping applies, so it cannot drift.
        return super().get_context_data(
            idle_minutes=settings.SESSION_IDLE_MINUTES,
            schedule=retention.schedule(),
            access_minutes=settings.PRIVATE_ACCESS_MINUTES,
            **kwargs,
        )


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from an old page (or after the session ended) is refused kindly."""
    return render(request, "403_csrf.html", status=403)


def email_preferences(request: HttpRequest) -> HttpResponse:
    """My account > Email: when each kind of email reaches the person."""
    if request.method == "POST":
        form = forms.EmailPreferencesForm(request.POST)
        if form.is_valid():
            try:
                email_preferences_service.set_email_preferences(
                    user=request.user, choices={**form.cleaned_data, **form.unknown_kinds()}
                )
            except email_preferences_service.Refused as refusal:
                name = refusal.field if refusal.field in form.fields else None
                form.add_error(name, str(refusal))
            else:
                messages.success(request, "Your email choices have been saved.")
                return redirect("portal:my-account")
    else:
        form = forms.EmailPreferencesForm(
            initial=email_preferences_service.preferences_of(request.user)
        )
    return render(
        request,
        "portal/email_preferences.html",
        {"form": form, "digest_day": _digest_day()},
    )


@never_cache
@login_not_required
@csrf_exempt  # the signed token is the authority: there may be no session, so no CSRF cookie
def email_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an email (GET) asks the person to confirm with a button, and changes
    nothing: mail scanners follow links. The button, and the mail app's RFC 8058 one-click
    POST to the same address, make the change."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "GET":
            _user, kind = email_preferences_service.unsubscribe_link(token=token)
            return render(
                request,
                "portal/email_unsubscribe_confirm.html",
                {
                    "kind": KINDS[kind],
                    "is_digest": kind == Kind.DIGEST,
                    "digest_day": _digest_day(),
                },
            )
        done = email_preferences_service.unsubscribe(token=token)
    except email_preferences_service.Refused as refusal:
        return render(request, "portal/email_link_refused.html", {"problem": refusal}, status=400)
    if isinstance(done, email_preferences_service.DigestStopped):
        return render(request, "portal/email_digest_stopped.html", {"done": done})
    return render(
        request,
        "portal/email_unsubscribed.html",
        {"done": done, "kind": KINDS[done.kind], "digest_day": _digest_day()},
    )


@never_cache
@login_not_required
@csrf_exempt  # as above: only someone holding the signed undo token can post it
@require_POST
def email_unsubscribe_undo(request: HttpRequest) -> HttpResponse:
    try:
        kind, delivery = email_preferences_service.undo_unsubscribe(
            token=request.POST.get("token", "")
        )
    except email_preferences_service.Refused as refusal:
        return render(request, "portal/email_link_refused.html", {"problem": refusal}, status=400)
    return render(
        request,
        "portal/email_unsubscribe_undone.html",
        {
            "kind": KINDS[kind],
            "delivery": DELIVERY_LABELS[delivery],
            "was_the_digest": kind == Kind.DIGEST,
        },
    )


def _digest_day() -> str:
    return settings.WEEKDAYS[settings.EMAIL_DIGEST_WEEKDAY].capitalize()
