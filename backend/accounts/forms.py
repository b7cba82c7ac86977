"""Account forms. `SignUpForm` is the generic part of every role's sign-up page; other apps subclass it:

    class StudentSignUpForm(SignUpForm):
        role = Role.STUDENT
        birth_date = forms.DateField(label=_("Geburtsdatum"))

        def register(self, data):            # optional: call your own service instead of user_register
            return student_register(**self.user_kwargs(), birth_date=data["birth_date"])

and in the view:  `if form.is_valid() and (user := form.save()): ...`  (save() returns None and puts the
service's ValidationError onto the form's fields when the service rejects the input).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.forms import add_service_errors

from .errors import ErrorCode
from .models import User
from .services import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, login_authenticate, user_register

REQUIRED = _("Bitte fülle dieses Feld aus.")


class SignUpForm(forms.Form):
    role: str = ""  # set by subclasses (Role.STUDENT, ...)

    first_name = forms.CharField(
        label=_("Vorname"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), max_length=EMAIL_MAX_LENGTH, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Passwort"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        help_text=_("Mindestens 10 Zeichen, nicht nur Ziffern und nicht zu ähnlich zu deiner E-Mail-Adresse."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_repeat = forms.CharField(
        label=_("Passwort wiederholen"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED
        self.fields["email"].error_messages["invalid"] = _(
            "Bitte gib eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de."
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("password")
            and data.get("password_repeat") is not None
            and data["password"] != data["password_repeat"]
        ):
            self.add_error(
                "password_repeat", _("Die Passwörter stimmen nicht überein. Bitte gib es zweimal gleich ein.")
            )
        return data

    def user_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "password": data["password"],
            "role": self.role,
            "first_name": data.get("first_name", ""),
            "last_name": data.get("last_name", ""),
        }

    def register(self, data: dict) -> User:
        """Create the account. Subclasses override this to call their role's service."""
        return user_register(**self.user_kwargs())

    def save(self) -> User | None:
        try:
            return self.register(self.cleaned_data)
        except ValidationError as exc:
            add_service_errors(self, exc)
            return None


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={"required": REQUIRED, "invalid": _("Bitte gib eine gültige E-Mail-Adresse ein.")},
    )
    password = forms.CharField(
        label=_("Passwort"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": REQUIRED},
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.user = login_authenticate(request=self.request, email=data["email"], password=data["password"])
        if self.user is None:
            raise ValidationError(
                _("E-Mail-Adresse oder Passwort stimmen nicht. Prüfe deine Eingabe oder setze dein Passwort zurück."),
                code=ErrorCode.INVALID_LOGIN,
            )
        return data


class VerifyEmailForm(forms.Form):
    code = forms.CharField(
        label=_("Bestätigungscode"),
        max_length=20,
        help_text=_("Die 6 Ziffern aus der E-Mail, die wir dir geschickt haben."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("Bitte gib den 6-stelligen Code aus unserer E-Mail ein.")},
    )
