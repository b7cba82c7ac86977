"""No 500 on any user input: wrong types, huge numbers, oversized text, unknown ids."""

import pytest
from django.urls import reverse

from tests.factories import FavouriteFactory

pytestmark = pytest.mark.django_db

HUGE = 10**30
BAD_VALUES: list[object] = [None, [], {}, "x" * 10_000, HUGE, -1, "2026-13-45", True, 3.5]


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
@pytest.mark.parametrize(
    "who, method, name, field",
    [
        ("student", "post", "applications", "placement"),
        ("student", "post", "applications", "message"),
        ("student", "post", "favourites", "placement"),
        ("student", "post", "favourites", "note"),
        ("student", "patch", "profile", "birth_date"),
        ("student", "patch", "profile", "postal_code"),
        ("student", "patch", "profile", "school"),
        ("student", "patch", "profile", "languages"),
        ("student", "put", "interests", "interests"),
        ("student", "post", "class_join", "join_code"),
        ("student", "delete", "account", "password"),
        ("student", "post", "questionnaire", "q_build"),
        ("parent", "post", "parent_links", "code"),
        ("teacher", "post", "classes", "internship_start"),
        ("teacher", "post", "classes", "grade"),
        ("anon", "post", "signup_student", "birth_date"),
        ("anon", "post", "signup_teacher", "school"),
    ],
)
def test_api_never_answers_500(api_client, world, who, method, name, field, value):
    if who != "anon":
        api_client.force_authenticate(
            {"student": world.student.user, "parent": world.parent, "teacher": world.teacher}[who]
        )
    response = getattr(api_client, method)(reverse(f"seekers-api:{name}"), {field: value}, format="json")
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.json()["error"]["message"]


@pytest.mark.parametrize(
    "action, payload",
    [
        ("decline", {"reason": ["x"]}),
        ("decline", {"text": "x" * 5000}),
        ("messages", {"body": {"a": 1}}),
        ("invite", {"note": None}),
        ("consent", {"approve": "ja"}),
        ("school-approval", {"approve": 7}),
    ],
)
def test_actions_never_answer_500(api_client, world, action, payload):
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(student=world.student, placement=world.placement)
    for user in (world.member.user, world.student.user, world.parent, world.teacher):
        api_client.force_authenticate(user)
        response = api_client.post(
            reverse("seekers-api:application_action", args=[app.pk, action]), payload, format="json"
        )
        assert response.status_code < 500, (user.role, response.content)


def test_huge_ids_in_urls_are_404(client, api_client, world):
    FavouriteFactory(student=world.student)
    client.force_login(world.member.user)
    assert client.get(f"/bewerbungen/{HUGE}/").status_code == 404
    client.force_login(world.teacher)
    assert client.get(f"/klassen/{HUGE}/").status_code == 404
    api_client.force_authenticate(world.student.user)
    assert api_client.patch(f"/api/v1/favourites/{HUGE}/", {"note": "x"}, format="json").status_code == 404
    client.force_login(world.student.user)
    assert client.get(f"/bewerben/{HUGE}/").status_code == 404
    assert client.post(f"/merkliste/neu/{HUGE}/").status_code == 404


def test_pages_never_answer_500_on_bad_forms(client, world):
    client.force_login(world.student.user)
    for url, data in [
        (reverse("seekers:profile"), {"birth_date": "gestern", "grade": "x" * 500, "school": str(HUGE)}),
        (reverse("seekers:interests"), {"bf_1": "99", "bf_99999": "5"}),
        (reverse("seekers:apply", args=[world.placement.pk]), {"message": "x" * 5000}),
        (reverse("seekers:class_join"), {"join_code": "x" * 500}),
    ]:
        assert client.post(url, data).status_code in (200, 302, 400), url
    client.force_login(world.teacher)
    response = client.post(
        reverse("seekers:teacher_class", args=[world.school_class.pk]), {"placement": str(HUGE), "student": str(HUGE)}
    )
    assert response.status_code == 400
