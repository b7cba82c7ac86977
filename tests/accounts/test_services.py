import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from backend.accounts.models import EmailVerification, Role, User
from backend.accounts.services import email_verification_send, email_verify, password_reset_request, user_register
from tests.accounts.conftest import code_from_outbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def register(**kwargs):
    data = {
        "email": "Ada.Lovelace@Example.ORG",
        "password": "Lindenhorst-Zeche-2026",
        "role": Role.STUDENT,
        "first_name": "Ada",
        "last_name": "Lovelace",
    }
    data.update(kwargs)
    return user_register(**data)


def messages_of(exc_info, field):
    return exc_info.value.message_dict[field]


def test_register_normalises_email_and_mails_a_six_digit_code():
    user = register()
    assert user.email == "ada.lovelace@example.org"
    assert not user.is_email_verified
    assert user.check_password("Lindenhorst-Zeche-2026")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada.lovelace@example.org"]
    code = code_from_outbox()
    assert code in mail.outbox[0].subject
    # only the hash is stored
    assert not EmailVerification.objects.filter(code_hash=code).exists()


def test_duplicate_email_is_rejected_case_insensitively():
    register()
    with pytest.raises(ValidationError) as exc:
        register(email="  ADA.lovelace@example.org ")
    assert messages_of(exc, "email") == [
        "Diese E-Mail-Adresse ist schon registriert. Melde dich an oder setze dein Passwort zurück."
    ]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("kurz", "zu kurz"),
        ("12345678901234", "nur aus Zahlen"),
        ("password1234", "zu geläufig"),
        ("ada.lovelace1", "ähnlich"),
        ("", "Passwort ein"),
        ("x" * 500, "höchstens 128"),
    ],
)
def test_weak_passwords_get_german_messages(password, fragment):
    with pytest.raises(ValidationError) as exc:
        register(password=password)
    assert any(fragment in m for m in messages_of(exc, "password")), messages_of(exc, "password")
    assert not User.objects.exists() and mail.outbox == []


def test_oversized_and_invalid_fields_are_rejected_per_field():
    with pytest.raises(ValidationError) as exc:
        register(email="a" * 300 + "@example.org", first_name="A" * 10_000, last_name="B" * 81)
    errors = exc.value.message_dict
    assert "höchstens 254" in errors["email"][0]
    assert "höchstens 80" in errors["first_name"][0]
    assert "höchstens 80" in errors["last_name"][0]
    with pytest.raises(ValidationError) as exc:
        register(email="keine-adresse")
    assert "gültige E-Mail-Adresse" in messages_of(exc, "email")[0]


def test_staff_and_unknown_roles_cannot_self_register():
    for role in (Role.STAFF, "admin", ""):
        with pytest.raises(ValidationError) as exc:
            register(role=role)
        assert "role" in exc.value.message_dict


def test_verify_with_the_right_code():
    user = register()
    email_verify(user=user, code=code_from_outbox())
    user.refresh_from_db()
    assert user.is_email_verified


def test_wrong_code_counts_attempts_and_locks_after_five():
    user = register()
    code = code_from_outbox()
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError) as exc:
            email_verify(user=user, code=wrong)
        assert f"noch {left} Versuche" in messages_of(exc, "code")[0]
    with pytest.raises(ValidationError) as exc:
        email_verify(user=user, code=wrong)
    assert "keine Versuche mehr" in messages_of(exc, "code")[0]
    # even the right code no longer works: a new one is needed
    with pytest.raises(ValidationError) as exc:
        email_verify(user=user, code=code)
    assert "Fordere einen neuen Code an" in messages_of(exc, "code")[0]
    email_verification_send(user=user)
    email_verify(user=user, code=code_from_outbox())
    user.refresh_from_db()
    assert user.is_email_verified


def test_expired_code_and_replaced_code_are_refused():
    user = register()
    first = code_from_outbox()
    EmailVerification.objects.filter(user=user).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        email_verify(user=user, code=first)
    assert "abgelaufen" in messages_of(exc, "code")[0]

    email_verification_send(user=user)
    second = code_from_outbox()
    email_verification_send(user=user)  # a newer code replaces the second
    if second != code_from_outbox():
        with pytest.raises(ValidationError):
            email_verify(user=user, code=second)


def test_malformed_code_is_explained_and_not_counted():
    user = register()
    with pytest.raises(ValidationError) as exc:
        email_verify(user=user, code="12ab")
    assert "6-stelligen Code" in messages_of(exc, "code")[0]
    assert EmailVerification.objects.get(user=user).attempts == 0


def test_password_reset_mails_a_link_only_for_existing_accounts():
    UserFactory(email="max@example.org")
    password_reset_request(email="MAX@example.org")
    assert len(mail.outbox) == 1
    assert "/konto/passwort-neu/" in mail.outbox[0].body
    password_reset_request(email="niemand@example.org")
    password_reset_request(email="x" * 400)
    assert len(mail.outbox) == 1


def test_codes_and_reset_links_cannot_flood_an_inbox():
    user = register()  # sends code 1
    for _ in range(4):
        email_verification_send(user=user)
    with pytest.raises(ValidationError) as exc:
        email_verification_send(user=user)
    assert "in einer Stunde noch einmal" in messages_of(exc, "code")[0]
    assert len(mail.outbox) == 5

    mail.outbox.clear()
    for _ in range(5):
        password_reset_request(email=user.email)  # never raises, never tells
    assert len(mail.outbox) == 3


def test_codes_and_reset_links_do_not_stay_readable_in_the_outbox_table():
    from django.core.management import call_command

    from backend.mail.models import OutgoingEmail

    user = register()
    password_reset_request(email=user.email)
    code = code_from_outbox(0)
    call_command("send_queued_email")
    for row in OutgoingEmail.objects.all():
        assert row.sent_at and code not in row.body_text and "/passwort-neu/" not in row.body_text
