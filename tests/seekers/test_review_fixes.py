"""Fixes from the review: each test fails without its fix."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backend.api.exceptions import DomainError
from backend.reference.models import PostalCode
from seekers import services
from seekers.models import Application, ApplicationStatus, ApprovalStatus
from tests.factories import PlacementFactory, StudentProfileFactory

from .conftest import years_ago

pytestmark = pytest.mark.django_db


# --- 1. the birth date is set once, at registration (it decides about parental consent) -------------------
def test_minor_cannot_turn_18_by_editing_the_birth_date(api_client, client, world):
    """The reviewer's bypass: apply as a minor, PATCH birth_date to 18 years ago, open the applications."""
    world.student.birth_date = years_ago(15)
    world.student.save()
    api_client.force_authenticate(world.student.user)
    response = api_client.post(
        reverse("seekers-api:applications"), {"placement": world.placement.pk, "message": "Hallo"}, format="json"
    )
    assert response.status_code == 201
    app = Application.objects.get(pk=response.json()["id"])
    assert app.status == ApplicationStatus.AWAITING_CONSENT

    response = api_client.patch(
        reverse("seekers-api:profile"), {"birth_date": years_ago(19).isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "kann nach der Registrierung nicht geändert werden" in response.json()["error"]["message"] + str(
        response.json()["error"]["fields"]
    )
    client.force_login(world.student.user)
    client.post(
        reverse("seekers:profile"),
        {
            "first_name": "Mila",
            "last_name": "Q",
            "birth_date": years_ago(19).isoformat(),
            "grade": "9",
            "expected_qualification": "1",
            "postal_code": world.student.postal_code_id,
            "travel_radius_km": "15",
        },
    )
    with pytest.raises(ValidationError):
        services.student_profile_update(student=world.student, birth_date=years_ago(19))

    assert api_client.get(reverse("seekers-api:applications")).status_code == 200
    assert client.get(reverse("seekers:applications")).status_code == 200
    world.student.refresh_from_db()
    app.refresh_from_db()
    assert world.student.birth_date == years_ago(15)
    assert app.status == ApplicationStatus.AWAITING_CONSENT and app.consent == ApprovalStatus.PENDING


def test_profile_page_has_no_birth_date_field_but_other_fields_still_save(client, world):
    client.force_login(world.student.user)
    page = client.get(reverse("seekers:profile")).content.decode()
    assert 'name="birth_date"' not in page
    response = client.post(
        reverse("seekers:profile"),
        {
            "first_name": "Mila",
            "last_name": "Q",
            "grade": "10",
            "expected_qualification": "1",
            "postal_code": world.student.postal_code_id,
            "travel_radius_km": "20",
        },
    )
    assert response.status_code == 302
    world.student.refresh_from_db()
    assert world.student.grade == 10


# --- 2. applying checks matching's hard rules (not the travel radius) ---------------------------------------
def test_too_young_student_cannot_apply_service_and_api(api_client, world):
    student = StudentProfileFactory(birth_date=years_ago(13))
    placement = PlacementFactory(min_age=16)
    with pytest.raises(DomainError) as exc:
        services.application_submit(student=student, placement=placement, message="Hallo")
    assert exc.value.code == "not_eligible" and "zu jung" in exc.value.message
    api_client.force_authenticate(student.user)
    response = api_client.post(
        reverse("seekers-api:applications"), {"placement": placement.pk, "message": "Hallo"}, format="json"
    )
    assert response.status_code == 409
    assert "zu jung" in response.json()["error"]["message"]
    assert not Application.objects.filter(student=student).exists()


def test_grade_and_qualification_are_checked_but_not_the_radius(world):
    student = StudentProfileFactory(birth_date=years_ago(16), grade=8, expected_qualification=1, travel_radius_km=1)
    placement = PlacementFactory(min_grade=10, required_qualification=4)
    with pytest.raises(DomainError) as exc:
        services.application_submit(student=student, placement=placement, message="Hallo")
    assert "höheren Klasse" in exc.value.message and "höheren Abschluss" in exc.value.message
    far = PlacementFactory(site__postal_code=PostalCode.objects.get(code="44289"))  # ~10 km away
    from matching import scoring
    from matching.selectors import student_facts

    assert (
        scoring.distance_km(
            student_facts(student),
            scoring.PlacementFacts(
                id=1,
                kind="x",
                latitude=far.site.latitude,
                longitude=far.site.longitude,
                berufsfeld_ids=(),
                start_date=far.start_date,
            ),
        )
        > 1
    )  # the radius only narrows the search
    assert services.application_submit(student=student, placement=far, message="Hallo").pk


# --- 3. a JSON body that is not an object answers 400, never 500 --------------------------------------------
NOT_OBJECTS = ["[]", '"x"', "123", "null", "[1, 2]", "true"]
JSON_ENDPOINTS = [
    ("student", "post", "seekers-api:applications"),
    ("student", "patch", "seekers-api:profile"),
    ("student", "put", "seekers-api:interests"),
    ("student", "post", "seekers-api:class_join"),
    ("student", "delete", "seekers-api:account"),
    ("student", "post", "seekers-api:favourites"),
    ("student", "post", "seekers-api:questionnaire"),
    ("parent", "post", "seekers-api:parent_links"),
    ("teacher", "post", "seekers-api:classes"),
    ("anon", "post", "seekers-api:signup_student"),
    ("anon", "post", "seekers-api:signup_teacher"),
    ("anon", "post", "seekers-api:signup_parent"),
]


@pytest.mark.parametrize("body", NOT_OBJECTS)
@pytest.mark.parametrize("who, method, name", JSON_ENDPOINTS)
def test_json_body_that_is_not_an_object_is_a_400(api_client, world, who, method, name, body):
    if who != "anon":
        api_client.force_authenticate(
            {"student": world.student.user, "parent": world.parent, "teacher": world.teacher}[who]
        )
    response = getattr(api_client, method)(reverse(name), data=body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["error"]["message"]


# --- 4. ids outside 1..2**31-1 answer 400, not an OverflowError --------------------------------------------
@pytest.mark.parametrize("key", ["1000000000000000000000000000000", str(2**31), "0", "-5", "1.5"])
def test_interest_ids_out_of_range_are_a_400(api_client, world, key):
    api_client.force_authenticate(world.student.user)
    response = api_client.put(reverse("seekers-api:interests"), {"interests": {key: 1}}, format="json")
    assert response.status_code == 400
    assert "Berufsfeld" in str(response.json()["error"])
    with pytest.raises(ValidationError):
        services.student_interests_set(student=world.student, weights={key: 1})


@pytest.mark.parametrize("value", [10**30, 2**31, "99999999999999999999999", 0, True])
def test_other_ids_out_of_range_are_a_400(api_client, world, value):
    api_client.force_authenticate(world.student.user)
    response = api_client.post(reverse("seekers-api:favourites"), {"placement": value}, format="json")
    assert response.status_code == 400
    api_client.force_authenticate(world.teacher)
    response = api_client.post(
        reverse("seekers-api:recommendations", args=[world.school_class.pk]),
        {"placement": world.placement.pk, "student": value},
        format="json",
    )
    assert response.status_code == 400
    assert services.parse_id(value) is None


# --- 5. ?next= goes through backend.redirects (a view name or another host is ignored) ----------------------
@pytest.mark.parametrize("nxt", ["abc", "seekers:profile", "https://evil.example/", "//evil.example/x", ""])
def test_bad_next_falls_back_to_the_default_page(client, world, nxt):
    client.force_login(world.student.user)
    response = client.post(reverse("seekers:favourite_add", args=[world.placement.pk]), {"next": nxt})
    assert response.status_code == 302 and response["Location"] == reverse("seekers:favourites")
    app = Application.objects.create(
        student=world.student,
        placement=world.placement,
        message="x",
        status=ApplicationStatus.AWAITING_CONSENT,
        consent=ApprovalStatus.PENDING,
    )
    response = client.post(reverse("seekers:application_action", args=[app.pk, "withdraw"]), {"next": nxt})
    assert response.status_code == 302
    assert response["Location"] == reverse("seekers:application_detail", args=[app.pk])


def test_local_next_is_followed(client, world):
    client.force_login(world.student.user)
    response = client.post(reverse("seekers:favourite_add", args=[world.placement.pk]), {"next": "/merkliste/?a=1"})
    assert response["Location"] == "/merkliste/?a=1"


# --- 6. a student removes a linked parent or leaves a class -------------------------------------------------
def test_student_removes_parent_on_the_page_and_the_parent_loses_access(client, world):
    from seekers.access import can_view_student

    link = world.student.parent_links.get(parent=world.parent)
    client.force_login(world.parent)
    assert client.get(reverse("seekers:student_overview", args=[world.student.pk])).status_code == 200
    client.force_login(world.student.user)
    page = client.get(reverse("seekers:parent_code")).content.decode()
    assert reverse("seekers:parent_link_remove", args=[link.pk]) in page
    other = StudentProfileFactory()
    from tests.factories import ParentLinkFactory

    foreign = ParentLinkFactory(student=other)
    assert client.post(reverse("seekers:parent_link_remove", args=[foreign.pk])).status_code == 404
    response = client.post(reverse("seekers:parent_link_remove", args=[link.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("seekers:parent_code")
    assert not can_view_student(world.parent, world.student)
    client.force_login(world.parent)
    assert client.get(reverse("seekers:student_overview", args=[world.student.pk])).status_code == 404
    with pytest.raises(DomainError):
        services.parent_link_remove(student=world.student, link=foreign)


def test_student_leaves_class_on_the_page_and_the_teacher_loses_access(client, world):
    from seekers.access import can_view_student

    client.force_login(world.teacher)
    assert client.get(reverse("seekers:student_overview", args=[world.student.pk])).status_code == 200
    client.force_login(world.student.user)
    page = client.get(reverse("seekers:class_join")).content.decode()
    assert reverse("seekers:class_leave", args=[world.school_class.pk]) in page
    response = client.post(reverse("seekers:class_leave", args=[world.school_class.pk]))
    assert response.status_code == 302
    assert not world.student.classes.exists() and not can_view_student(world.teacher, world.student)
    client.force_login(world.teacher)
    assert client.get(reverse("seekers:student_overview", args=[world.student.pk])).status_code == 404
    client.force_login(world.student.user)
    assert client.post(reverse("seekers:class_leave", args=[world.school_class.pk])).status_code == 404
    with pytest.raises(DomainError):
        services.class_leave(student=world.student, school_class=world.school_class)


def test_student_removes_parent_and_leaves_class_through_the_api(api_client, world):
    api_client.force_authenticate(world.student.user)
    parents = api_client.get(reverse("seekers-api:my_parents")).json()["results"]
    assert [p["name"] for p in parents] == [world.parent.display_name]
    assert api_client.delete(reverse("seekers-api:my_parent_remove", args=[parents[0]["id"]])).status_code == 204
    assert api_client.delete(reverse("seekers-api:my_parent_remove", args=[parents[0]["id"]])).status_code == 404
    assert api_client.delete(reverse("seekers-api:class_leave", args=[world.school_class.pk])).status_code == 204
    assert api_client.delete(reverse("seekers-api:class_leave", args=[world.school_class.pk])).status_code == 404
    api_client.force_authenticate(world.parent)
    assert api_client.get(reverse("seekers-api:student", args=[world.student.pk])).status_code == 404
    api_client.force_authenticate(world.teacher)
    assert api_client.get(reverse("seekers-api:student", args=[world.student.pk])).status_code == 404


# --- 7. only a placement that closed itself because it was full reopens -------------------------------------
def _accepted(seats=1, **kw):
    from tests.factories import ApplicationFactory, CompanyMemberFactory

    member = CompanyMemberFactory()
    placement = PlacementFactory(company=member.company, seats=seats, **kw)
    app = ApplicationFactory(placement=placement)
    services.application_accept(application=app, by=member.user)
    placement.refresh_from_db()
    return member, placement, app


def test_full_placement_is_marked_and_reopens_with_the_flag_reset(db):
    member, placement, app = _accepted()
    assert placement.status == "closed" and placement.closed_when_full
    services.application_decline(application=app, by=member.user, reason="dates")
    placement.refresh_from_db()
    assert placement.status == "published" and not placement.closed_when_full


def test_placement_closed_by_hand_stays_closed_when_a_seat_frees(db):
    member, placement, app = _accepted(seats=2)
    assert placement.status == "published" and not placement.closed_when_full
    placement.status = "closed"  # the company closes it by hand (companies sets closed_when_full=False)
    placement.save(update_fields=["status"])
    services.application_withdraw(application=app, by=app.student.user)
    placement.refresh_from_db()
    assert placement.status == "closed"


def test_full_placement_that_has_started_stays_closed(db):
    import datetime

    member, placement, app = _accepted()
    placement.start_date = services.today_berlin() - datetime.timedelta(days=1)
    placement.save(update_fields=["start_date"])
    services.student_delete(student=app.student)
    placement.refresh_from_db()
    assert placement.status == "closed"


# --- 8. school approval only for active applications and verified teachers; consent only for open places ---
def _school_app(world, **kw):
    from tests.factories import ApplicationFactory

    return ApplicationFactory(
        student=world.student, placement=world.placement, school_approval=ApprovalStatus.PENDING, **kw
    )


@pytest.mark.parametrize("status", [ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED])
def test_school_cannot_decide_on_a_closed_application(world, status):
    app = _school_app(world, status=status)
    with pytest.raises(DomainError) as exc:
        services.application_school_decide(application=app, teacher=world.teacher, approve=True)
    assert exc.value.code == "closed"
    app.refresh_from_db()
    assert app.school_approval == ApprovalStatus.PENDING


def test_unverified_teacher_cannot_decide(world):
    app = _school_app(world, status=ApplicationStatus.SUBMITTED)
    world.teacher.email_verified_at = None
    world.teacher.save()
    with pytest.raises(DomainError) as exc:
        services.application_school_decide(application=app, teacher=world.teacher, approve=True)
    assert exc.value.code == "email_unverified"
    world.teacher.email_verified_at = world.student.user.email_verified_at
    world.teacher.save()
    services.application_school_decide(application=app, teacher=world.teacher, approve=True)


@pytest.mark.parametrize("change", ["closed", "hidden", "deadline", "company_hidden"])
def test_parent_cannot_consent_when_the_placement_no_longer_takes_applications(world, change):
    import datetime

    from tests.factories import ApplicationFactory

    app = ApplicationFactory(
        student=world.student,
        placement=world.placement,
        status=ApplicationStatus.AWAITING_CONSENT,
        consent=ApprovalStatus.PENDING,
    )
    p = world.placement
    if change == "closed":
        p.status = "closed"
    elif change == "hidden":
        p.is_hidden = True
    elif change == "deadline":
        p.application_deadline = services.today_berlin() - datetime.timedelta(days=1)
    else:
        p.company.is_hidden = True
        p.company.save()
    p.save()
    with pytest.raises(DomainError) as exc:
        services.application_consent(application=app, parent=world.parent, approve=True)
    assert exc.value.code == "not_open" and "keine Bewerbungen mehr" in exc.value.message
    app.refresh_from_db()
    assert app.status == ApplicationStatus.AWAITING_CONSENT
    services.application_consent(application=app, parent=world.parent, approve=False)  # refusing still works
    app.refresh_from_db()
    assert app.status == ApplicationStatus.WITHDRAWN


# --- 9. a class teacher sees a student only with a verified email address -----------------------------------
def test_unverified_teacher_does_not_see_the_student(client, api_client, world):
    from seekers.access import can_view_student

    assert can_view_student(world.teacher, world.student)
    world.teacher.email_verified_at = None
    world.teacher.save()
    assert not can_view_student(world.teacher, world.student)
    client.force_login(world.teacher)
    assert client.get(reverse("seekers:student_overview", args=[world.student.pk])).status_code == 404
    api_client.force_authenticate(world.teacher)
    assert api_client.get(reverse("seekers-api:student", args=[world.student.pk])).status_code == 404


# --- 10. one rule for "released to the company" -------------------------------------------------------------
def test_released_to_company_is_one_rule_for_rows_and_querysets(world):
    import itertools

    from seekers import selectors
    from tests.factories import ApplicationFactory

    apps = []
    for status, consent in itertools.product(ApplicationStatus.values, ApprovalStatus.values):
        apps.append(
            ApplicationFactory(placement=PlacementFactory(company=world.company), status=status, consent=consent)
        )
    released = set(
        Application.objects.filter(pk__in=[a.pk for a in apps]).released_to_company().values_list("pk", flat=True)
    )
    assert released == {a.pk for a in apps if services.application_is_released(a)}
    assert released and len(released) < len(apps)
    inbox = set(selectors.application_inbox(user=world.member.user).values_list("pk", flat=True))
    assert inbox == released


# --- 11. sign-up, account deletion and class codes share the accounts API's "auth" throttle ------------------
@pytest.mark.parametrize(
    "who, method, name",
    [
        ("anon", "post", "seekers-api:signup_student"),
        ("anon", "post", "seekers-api:signup_teacher"),
        ("anon", "post", "seekers-api:signup_parent"),
        ("student", "delete", "seekers-api:account"),
        ("student", "post", "seekers-api:class_join"),
    ],
)
def test_seekers_auth_endpoints_are_throttled(api_client, world, who, method, name):
    from django.conf import settings as dj_settings
    from django.core.cache import cache
    from django.test import override_settings

    rest = {
        **dj_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {
            **dj_settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}),
            "auth": "3/minute",
            "anon": "1000/minute",
            "user": "1000/minute",
        },
    }
    if who == "student":
        api_client.force_authenticate(world.student.user)
    cache.clear()
    try:
        with override_settings(REST_FRAMEWORK=rest):
            for _ in range(3):
                assert (
                    getattr(api_client, method)(
                        reverse(name), {"password": "falsch", "join_code": "NOPE"}, format="json"
                    ).status_code
                    == 400
                )
            response = getattr(api_client, method)(reverse(name), {}, format="json")
    finally:
        cache.clear()
    assert response.status_code == 429
    assert response.json()["error"]["message"].startswith("Zu viele Versuche")


def test_matches_link_on_the_student_overview(client, world):
    client.force_login(world.teacher)
    page = client.get(reverse("seekers:student_overview", args=[world.student.pk])).content.decode()
    assert reverse("matching:student_matches", args=[world.student.pk]) in page
