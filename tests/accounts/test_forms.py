"""SignUpForm is the base of every role's sign-up page: its bad-input handling is tested here once."""

import pytest
from django import forms

from backend.accounts.forms import SignUpForm
from backend.accounts.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class ParentSignUpForm(SignUpForm):
    role = Role.PARENT


class TeacherSignUpForm(SignUpForm):
    """How another app extends it: an extra field and its own service call."""

    role = Role.TEACHER
    school = forms.CharField(label="Schule")

    def register(self, data):
        from backend.accounts.services import user_register

        user = user_register(**self.user_kwargs())
        user.first_name = f"{user.first_name} ({data['school']})"
        return user


def data(**kwargs):
    d = {
        "email": "eva@example.org",
        "password": "Lindenhorst-Zeche-2026",
        "password_repeat": "Lindenhorst-Zeche-2026",
        "first_name": "Eva",
        "last_name": "Muster",
    }
    d.update(kwargs)
    return d


def test_valid_form_registers_the_role():
    form = ParentSignUpForm(data(email="Eva@Example.org"))
    assert form.is_valid(), form.errors
    user = form.save()
    assert user.role == Role.PARENT and user.email == "eva@example.org"


def test_subclass_with_extra_field_and_own_service():
    form = TeacherSignUpForm(data(school="Gymnasium"))
    assert form.is_valid(), form.errors
    assert form.save().first_name == "Eva (Gymnasium)"
    assert not TeacherSignUpForm(data()).is_valid()  # school is required


def test_duplicate_email_error_lands_on_the_email_field():
    UserFactory(email="eva@example.org")
    form = ParentSignUpForm(data(email="EVA@example.org"))
    assert form.is_valid()
    assert form.save() is None
    assert form.errors["email"] == [
        "Diese E-Mail-Adresse ist schon registriert. Melde dich an oder setze dein Passwort zurück."
    ]


def test_weak_password_error_lands_on_the_password_field():
    form = ParentSignUpForm(data(password="1234567890123", password_repeat="1234567890123"))
    assert form.is_valid() and form.save() is None
    assert any("nur aus Zahlen" in m for m in form.errors["password"])


@pytest.mark.parametrize(
    "kwargs, field, fragment",
    [
        ({"password_repeat": "anders-als-vorher"}, "password_repeat", "stimmen nicht überein"),
        ({"first_name": "A" * 10_000}, "first_name", "höchstens 80 Zeichen"),
        ({"email": "a" * 300 + "@example.org"}, "email", "höchstens 254 Zeichen"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"email": ""}, "email", "Bitte fülle dieses Feld aus."),
        ({"password": ""}, "password", "Bitte fülle dieses Feld aus."),
    ],
)
def test_bad_input_is_explained_in_german(kwargs, field, fragment):
    form = ParentSignUpForm(data(**kwargs))
    assert not form.is_valid()
    assert any(fragment in m for m in form.errors[field]), form.errors
    assert not User.objects.exists()


def test_errors_are_tied_to_the_inputs_when_rendered():
    from django.template.loader import render_to_string

    form = ParentSignUpForm(data(email="keine-adresse"))
    form.is_valid()
    html = render_to_string("frontend/_form.html", {"form": form})
    assert 'id="id_email_error"' in html
    assert 'aria-describedby="id_email_error"' in html and 'aria-invalid="true"' in html
    assert '<a href="#id_email">' in html  # the error summary links to the field
    assert 'id="id_password_helptext"' in html
