import pytest
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import User
from seekers.models import Application
from tests.factories import ApplicationFactory

from .conftest import years_ago

pytestmark = pytest.mark.django_db


def test_student_signup_and_apply_via_api(api_client, world):
    response = api_client.post(
        reverse("seekers-api:signup_student"),
        {
            "email": "api@example.org",
            "password": "Ein-gutes-Passwort-42",
            "first_name": "Ali",
            "last_name": "Yilmaz",
            "birth_date": years_ago(16).isoformat(),
            "postal_code": "44135",
            "grade": 10,
            "join_code": world.school_class.join_code,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["classes"][0]["id"] == world.school_class.pk
    unverified = api_client.post(
        reverse("seekers-api:applications"), {"placement": world.placement.pk, "message": "Hallo"}, format="json"
    )
    assert unverified.status_code == 409 and unverified.json()["error"]["code"] == "email_unverified"
    User.objects.filter(email="api@example.org").update(email_verified_at=timezone.now())
    response = api_client.post(
        reverse("seekers-api:applications"), {"placement": world.placement.pk, "message": "Hallo"}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "awaiting_consent"
    again = api_client.post(
        reverse("seekers-api:applications"), {"placement": world.placement.pk, "message": "Hallo"}, format="json"
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"birth_date": "kein Datum"}, "birth_date"),
        ({"postal_code": "99999"}, "postal_code"),
        ({"grade": "x" * 5000}, "grade"),
        ({"email": "a" * 300 + "@x.de"}, "email"),
        ({"birth_date": "2020-01-01"}, "birth_date"),
        ({"join_code": "GIBTSNICHT"}, "join_code"),
        ({"languages": "de"}, "languages"),
    ],
)
def test_bad_signup_input_gives_field_errors_not_500(api_client, db, payload, field):
    data = {
        "email": "x@example.org",
        "password": "Ein-gutes-Passwort-42",
        "first_name": "A",
        "last_name": "B",
        "birth_date": years_ago(15).isoformat(),
        "postal_code": "44135",
        "grade": 9,
        **payload,
    }
    response = api_client.post(reverse("seekers-api:signup_student"), data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_company_sees_only_shared_fields(api_client, world):
    app = ApplicationFactory(student=world.student, placement=world.placement)
    api_client.force_authenticate(world.member.user)
    data = api_client.get(reverse("seekers-api:application", args=[app.pk])).json()
    assert data["applicant"]["last_name"] == "Quastenberg"
    body = str(data)
    assert world.student.birth_date.isoformat() not in body and "44137" not in body and "consent" not in data


def test_bad_ids_and_actions(api_client, world):
    app = ApplicationFactory(student=world.student, placement=world.placement)
    api_client.force_authenticate(world.member.user)
    assert api_client.post(reverse("seekers-api:application_action", args=[app.pk, "explode"])).status_code == 404
    assert api_client.get(reverse("seekers-api:application", args=[999999])).status_code == 404
    r = api_client.post(
        reverse("seekers-api:application_action", args=[app.pk, "decline"]), {"reason": "???"}, format="json"
    )
    assert r.status_code == 400 and "reason" in r.json()["error"]["fields"]
    r = api_client.get(reverse("seekers-api:company_inbox") + "?status=bogus")
    assert r.status_code == 400
    api_client.force_authenticate(world.student.user)
    r = api_client.post(reverse("seekers-api:applications"), {"placement": "abc", "message": "x"}, format="json")
    assert r.status_code == 400 and "placement" in r.json()["error"]["fields"]
    r = api_client.put(reverse("seekers-api:interests"), {"interests": {"1": "viel"}}, format="json")
    assert r.status_code == 400
    assert Application.objects.count() == 1


def test_questionnaire_suggests_weights(api_client, world):
    api_client.force_authenticate(world.student.user)
    items = api_client.get(reverse("seekers-api:questionnaire")).json()["items"]
    assert len(items) == 8
    answers = {i["key"]: 1 for i in items} | {"q_computer": 5}
    suggestion = api_client.post(reverse("seekers-api:questionnaire"), answers, format="json").json()
    assert suggestion["suggested_interests"]["6"] == 5  # IT, Computer
    assert suggestion["suggested_interests"]["13"] == 0  # Soziales: not asked for
