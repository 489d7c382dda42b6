from functools import partial

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_login_failed
from django.db import transaction

from portal.email_kinds import CHOOSABLE, DELIVERY_LABELS, KINDS, Delivery
from portal.models import User
from portal.tasks import send_password_reset

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@nhs.net",
}
NAME_ERRORS = {
    "first_name": {"required": "Enter your first name"},
    "last_name": {"required": "Enter your last name"},
}


def domain_allowed(email: str, allowed: list[str]) -> bool:
    """Whether the address is at one of the allowed domains or an organisation within one
    (name@mft.nhs.uk within nhs.uk), but not at a look-alike (evilnhs.uk, nhs.uk.evil.com)."""
    domain = email.rpartition("@")[2].lower()
    return any(
        domain == allowed_domain or domain.endswith(f".{allowed_domain}")
        for allowed_domain in allowed
    )


def submit_helper(label: str, **attrs) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, **attrs))
    return helper


class SignUpForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        }
        help_texts = {"email": "You will use this to sign in."}
        error_messages = {**NAME_ERRORS, "email": EMAIL_ERRORS}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if settings.SIGNUP_EMAIL_DOMAINS:
            self.fields["email"].help_text = (
                "Use your work address ending in "
                + " or ".join(f"@{domain}" for domain in settings.SIGNUP_EMAIL_DOMAINS)
                + f". Addresses of organisations within them, like name@trust."
                f"{settings.SIGNUP_EMAIL_DOMAINS[-1]}, are fine too."
            )
        self.fields["password1"].label = "Create a password"
        self.fields[
            "password1"
        ].help_text = "At least 8 characters. Avoid common words and your name."
        self.fields["password1"].error_messages["required"] = "Create a password"
        self.fields["password2"].label = "Confirm your password"
        self.fields["password2"].help_text = ""
        self.fields["password2"].error_messages["required"] = "Enter your password again"
        self.helper = submit_helper("Create account")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        allowed = settings.SIGNUP_EMAIL_DOMAINS
        if allowed and not domain_allowed(email, allowed):
            raise forms.ValidationError(
                "Enter an email address ending in "
                + " or ".join(f"@{d}" for d in allowed)
                + ": this service is for NHS staff"
            )
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email address already exists. Sign in, or reset your "
                "password if you have forgotten it"
            )
        return email


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account is not active",
        "password_off": "Sign in with your NHS account: signing in with a password is switched off",
    }

    def __init__(self, *args, break_glass: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.break_glass = break_glass
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = submit_helper("Sign in")

    def clean(self) -> dict:
        if not settings.PASSWORD_SIGN_IN and not self.break_glass:
            # Refused before any password is checked: the form is not offered here.
            raise forms.ValidationError(self.error_messages["password_off"], code="password_off")
        return super().clean()

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        refuse_password_sign_in_unless_break_glass(
            user, self.error_messages["invalid_login"], request=self.request
        )


def refuse_password_sign_in_unless_break_glass(user: User, message: str, *, request=None) -> None:
    """With PASSWORD_SIGN_IN off, only superusers sign in with a password (the break-glass way in
    when the identity provider fails); anyone else is told the email or password is wrong, so
    the form says nothing about who is a superuser. Their right password counts as a failed
    sign-in, as a wrong one does, so the lockout does not tell a guesser it was right."""
    if not settings.PASSWORD_SIGN_IN and not user.is_superuser:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        raise forms.ValidationError(message, code="invalid_login")


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
        help_text="We will send a link to reset your password if an account uses this address.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Send reset link")

    def save(self, **kwargs) -> None:
        """Hand the address to the background worker once the request commits, whether an
        account uses it or not: the page does the same work either way, so how long it takes
        does not tell anyone who has an account."""
        transaction.on_commit(
            partial(send_password_reset.enqueue, email=self.cleaned_data["email"])
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].help_text = ""
        self.helper = submit_helper("Save new password")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password2"].help_text = ""
        self.helper = submit_helper("Change password")


class AccountDetailsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }
        error_messages = NAME_ERRORS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save changes")


class DeleteAccountForm(forms.Form):
    """Confirm with the password, or, for an account that signs in with its NHS account and has
    no password, by typing the account's email address."""

    password = forms.CharField(
        label="Enter your password to confirm",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm"},
    )
    email = forms.CharField(
        label="Enter your email address to confirm",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address to confirm"},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
        else:
            del self.fields["password"]
            self.fields["email"].help_text = f"This is {user.email}"
        self.helper = submit_helper("Delete my account", css_class="nhsuk-button--warning")

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right")
        return password

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(
                "Enter the email address of your account, as shown, to confirm"
            )
        return email


class EmailPreferencesForm(forms.Form):
    """One set of radios per kind of email. Every delivery is accepted here; the rules (what
    may be switched off) are the service's, `portal.email_preferences.check_choice`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in CHOOSABLE:
            info = KINDS[kind]
            self.fields[kind] = forms.ChoiceField(
                label=info.label,
                help_text=f"{info.hint} {info.must_have}".strip(),
                choices=[(d.value, DELIVERY_LABELS[d]) for d in info.choices],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select when you want {info.label.lower()} emails",
                    "invalid_choice": f"Select when you want {info.label.lower()} emails",
                },
            )
            # Off is refused by the service, with its reason, rather than as "not a choice".
            self.fields[kind].valid_value = lambda value: value in set(Delivery)
        self.helper = submit_helper("Save choices")

    def unknown_kinds(self) -> dict[str, str]:
        """Posted choices for kinds this form does not know (left for the service to refuse)."""
        known = {*self.fields, "csrfmiddlewaretoken", "submit"}
        return {key: value for key, value in self.data.items() if key not in known}
