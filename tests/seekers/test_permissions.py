"""Permission matrix: every page and endpoint of the seekers app, for every role.

Roles around one student (Mila Quastenberg): the student, her linked parent, her class teacher, a member of
the company she applied to; and the ones who must see nothing of her: another student, an unlinked parent,
a teacher of another school, a member of another company, city staff and anonymous visitors.
Allowed roles get the listed status; everyone else is refused (pages: login redirect for anonymous, 403 or
404 otherwise; API: 401/403/404), and no refused or unrelated role ever gets her last name in a response.
Runs on SQLite and, with DATABASE_URL=postgres://..., on PostgreSQL."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from companies.models import PlacementKind
from tests.factories import ApplicationFactory, FavouriteFactory, PlacementFactory
from tests.shared_data import shared_data

from .conftest import MINIMAL_PDF, World

pytestmark = pytest.mark.django_db

ROLES = [
    "anon",
    "student",
    "other_student",
    "parent",
    "unlinked_parent",
    "teacher",
    "other_teacher",
    "member",
    "other_member",
    "staff",
]
NEVER_SEE_HER = {"anon", "other_student", "unlinked_parent", "other_teacher", "other_member", "staff"}
LOGGED_IN = [r for r in ROLES if r != "anon"]
STUDENTS = ("student", "other_student")
PASSWORD = "Sicheres-Passwort-123"


@dataclass
class Row:
    name: str
    method: str
    url: Callable
    ok: dict
    api: bool = False
    data: Callable | dict | None = None
    fmt: str | None = None


def ok(status, *roles):
    return {r: status for r in roles}


def u(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


APP = lambda w: w.app.pk  # noqa: E731
WAITING = lambda w: w.waiting.pk  # noqa: E731
OFFER = lambda w: w.offer.pk  # noqa: E731
SCHOOL = lambda w: w.school_app.pk  # noqa: E731
FAV = lambda w: w.fav.pk  # noqa: E731
CLASS = lambda w: w.school_class.pk  # noqa: E731
STUDENT = lambda w: w.student.pk  # noqa: E731
PLACEMENT = lambda w: w.placement.pk  # noqa: E731

PAGES = [
    Row("signup_student", "get", u("seekers:signup_student"), {"anon": 200, **ok(302, *LOGGED_IN)}),
    Row("signup_teacher", "get", u("seekers:signup_teacher"), {"anon": 200, **ok(302, *LOGGED_IN)}),
    Row("signup_parent", "get", u("seekers:signup_parent"), {"anon": 200, **ok(302, *LOGGED_IN)}),
    Row("profile", "get", u("seekers:profile"), ok(200, *STUDENTS)),
    Row("interests", "get", u("seekers:interests"), ok(200, *STUDENTS)),
    # anonymous: the class QR code's landing page (sign up or log in, the code kept)
    Row("class_join", "get", u("seekers:class_join"), ok(200, *STUDENTS, "anon")),
    Row("parent_code", "get", u("seekers:parent_code"), ok(200, *STUDENTS)),
    Row("parent_code_issue", "post", u("seekers:parent_code"), ok(200, *STUDENTS)),
    Row("favourites", "get", u("seekers:favourites"), ok(200, *STUDENTS)),
    Row("favourite_add", "post", u("seekers:favourite_add", PLACEMENT), ok(302, *STUDENTS)),
    Row("favourite_edit", "post", u("seekers:favourite_edit", FAV), ok(302, "student"), data={"note": "x"}),
    Row("applications", "get", u("seekers:applications"), ok(200, *STUDENTS)),
    Row("apply", "get", u("seekers:apply", PLACEMENT), {"student": 302, "other_student": 200}),  # she applied already
    Row("my_data", "get", u("seekers:my_data"), ok(200, *STUDENTS)),
    Row("my_data_export", "get", u("seekers:my_data_export"), ok(200, *STUDENTS)),
    Row("my_data_delete", "post", u("seekers:my_data"), ok(302, *STUDENTS), data={"password": PASSWORD}),
    Row(
        "application_detail",
        "get",
        u("seekers:application_detail", APP),
        ok(200, "student", "parent", "teacher", "member"),
    ),
    Row("application_cv", "get", u("seekers:application_cv", APP), ok(200, "student", "parent", "teacher", "member")),
    Row("waiting_detail", "get", u("seekers:application_detail", WAITING), ok(200, "student", "parent", "teacher")),
    Row("withdraw", "post", u("seekers:application_action", APP, "withdraw"), ok(302, "student")),
    Row("invite", "post", u("seekers:application_action", APP, "invite"), ok(302, "member")),
    Row("accept", "post", u("seekers:application_action", APP, "accept"), ok(302, "member")),
    Row(
        "decline", "post", u("seekers:application_action", APP, "decline"), ok(302, "member"), data={"reason": "dates"}
    ),
    Row(
        "message",
        "post",
        u("seekers:application_action", APP, "message"),
        ok(302, "student", "member"),
        data={"body": "Hallo"},
    ),
    Row("consent", "post", u("seekers:application_action", WAITING, "consent"), ok(302, "parent")),
    Row("refuse", "post", u("seekers:application_action", WAITING, "refuse"), ok(302, "parent")),
    Row("approve", "post", u("seekers:application_action", SCHOOL, "approve"), ok(302, "teacher")),
    Row("reject", "post", u("seekers:application_action", SCHOOL, "reject"), ok(302, "teacher")),
    Row("company_inbox", "get", u("seekers:company_inbox"), ok(200, "member", "other_member")),
    Row("teacher_classes", "get", u("seekers:teacher_classes"), ok(200, "teacher", "other_teacher")),
    Row("teacher_class", "get", u("seekers:teacher_class", CLASS), ok(200, "teacher")),
    Row(
        "recommend",
        "post",
        u("seekers:teacher_class", CLASS),
        ok(302, "teacher"),
        data=lambda w: {"placement": w.placement.pk, "student": ""},
    ),
    Row("class_qr", "get", u("seekers:class_qr", CLASS), ok(200, "teacher")),
    Row("class_export", "get", u("seekers:class_export", CLASS), ok(200, "teacher")),
    Row("class_export_pdf", "get", u("seekers:class_export_pdf", CLASS), ok(200, "teacher")),
    Row("parent_home", "get", u("seekers:parent_home"), ok(200, "parent", "unlinked_parent")),
    Row("student_overview", "get", u("seekers:student_overview", STUDENT), ok(200, "parent", "teacher")),
    Row("parent_student_export", "get", u("seekers:parent_student_export", STUDENT), ok(200, "parent")),
    Row("parent_student_delete_page", "get", u("seekers:parent_student_delete", STUDENT), ok(200, "parent")),
    Row(
        "favourite_feedback",
        "post",
        u("seekers:favourite_feedback", FAV),
        ok(302, "parent"),
        data={"liked": "on", "comment": "gut"},
    ),
]

A = "seekers-api:"
APIS = [
    Row("api_signup_student", "post", u(A + "signup_student"), ok(400, *ROLES), api=True, data={}),
    Row("api_signup_teacher", "post", u(A + "signup_teacher"), ok(400, *ROLES), api=True, data={}),
    Row("api_signup_parent", "post", u(A + "signup_parent"), ok(400, *ROLES), api=True, data={}),
    Row("api_profile", "get", u(A + "profile"), ok(200, *STUDENTS), api=True),
    Row("api_profile_patch", "patch", u(A + "profile"), ok(200, *STUDENTS), api=True, data={"grade": 10}),
    Row("api_interests", "get", u(A + "interests"), ok(200, *STUDENTS), api=True),
    Row("api_interests_put", "put", u(A + "interests"), ok(200, *STUDENTS), api=True, data={"interests": {"6": 5}}),
    Row("api_questionnaire", "get", u(A + "questionnaire"), ok(200, *LOGGED_IN), api=True),
    Row(
        "api_class_join",
        "post",
        u(A + "class_join"),
        ok(201, *STUDENTS),
        api=True,
        data=lambda w: {"join_code": w.school_class.join_code},
    ),
    Row("api_parent_code", "post", u(A + "parent_code"), ok(201, *STUDENTS), api=True),
    Row("api_export", "get", u(A + "export"), ok(200, *STUDENTS), api=True),
    Row("api_delete", "delete", u(A + "account"), ok(204, *STUDENTS), api=True, data={"password": PASSWORD}),
    Row("api_favourites", "get", u(A + "favourites"), ok(200, *STUDENTS), api=True),
    Row(
        "api_favourite_add",
        "post",
        u(A + "favourites"),
        ok(201, *STUDENTS),
        api=True,
        data=lambda w: {"placement": w.placement.pk},
    ),
    Row("api_favourite_patch", "patch", u(A + "favourite", FAV), ok(200, "student"), api=True, data={"note": "x"}),
    Row("api_favourite_delete", "delete", u(A + "favourite", FAV), ok(204, "student"), api=True),
    Row(
        "api_favourite_feedback",
        "post",
        u(A + "favourite_feedback", FAV),
        ok(200, "parent"),
        api=True,
        data={"liked": True},
    ),
    Row("api_applications", "get", u(A + "applications"), ok(200, *STUDENTS), api=True),
    Row(
        "api_apply",
        "post",
        u(A + "applications"),
        ok(201, *STUDENTS),
        api=True,
        data=lambda w: {"placement": w.free_placement.pk, "message": "Hallo"},
    ),
    Row(
        "api_application", "get", u(A + "application", APP), ok(200, "student", "parent", "teacher", "member"), api=True
    ),
    Row("api_waiting", "get", u(A + "application", WAITING), ok(200, "student", "parent", "teacher"), api=True),
    Row("api_withdraw", "post", u(A + "application_action", APP, "withdraw"), ok(200, "student"), api=True),
    Row("api_invite", "post", u(A + "application_action", APP, "invite"), ok(200, "member"), api=True),
    Row("api_accept", "post", u(A + "application_action", APP, "accept"), ok(200, "member"), api=True),
    Row(
        "api_decline",
        "post",
        u(A + "application_action", APP, "decline"),
        ok(200, "member"),
        api=True,
        data={"reason": "profile"},
    ),
    Row(
        "api_message",
        "post",
        u(A + "application_action", APP, "messages"),
        ok(200, "student", "member"),
        api=True,
        data={"body": "Hallo"},
    ),
    Row(
        "api_consent",
        "post",
        u(A + "application_action", WAITING, "consent"),
        ok(200, "parent"),
        api=True,
        data={"approve": True},
    ),
    Row(
        "api_school_approval",
        "post",
        u(A + "application_action", SCHOOL, "school-approval"),
        ok(200, "teacher"),
        api=True,
        data={"approve": True},
    ),
    Row("api_company_inbox", "get", u(A + "company_inbox"), ok(200, "member", "other_member"), api=True),
    Row("api_classes", "get", u(A + "classes"), ok(200, "teacher", "other_teacher"), api=True),
    Row(
        "api_class_create",
        "post",
        u(A + "classes"),
        ok(201, "teacher", "other_teacher"),
        api=True,
        data={"name": "10x", "school_year": "2026/27", "grade": 10},
    ),
    Row("api_class", "get", u(A + "class", CLASS), ok(200, "teacher"), api=True),
    Row(
        "api_recommend",
        "post",
        u(A + "recommendations", CLASS),
        ok(201, "teacher"),
        api=True,
        data=lambda w: {"placement": w.placement.pk, "student": w.student.pk},
    ),
    Row("api_parent_students", "get", u(A + "parent_links"), ok(200, "parent", "unlinked_parent"), api=True),
    Row("api_student", "get", u(A + "student", STUDENT), ok(200, "parent", "teacher"), api=True),
    # clearing (issue 10): waitlist (company), the offer (student), the teacher's "noch ohne Platz" page and nudge
    Row("waitlist", "post", u("seekers:application_action", APP, "waitlist"), ok(302, "member")),
    Row("offer_accept", "post", u("seekers:application_action", OFFER, "offer_accept"), ok(302, "student")),
    Row("offer_decline", "post", u("seekers:application_action", OFFER, "offer_decline"), ok(302, "student")),
    Row("api_waitlist", "post", u(A + "application_action", APP, "waitlist"), ok(200, "member"), api=True),
    Row("api_offer_accept", "post", u(A + "application_action", OFFER, "offer-accept"), ok(200, "student"), api=True),
    Row("api_offer_decline", "post", u(A + "application_action", OFFER, "offer-decline"), ok(200, "student"), api=True),
    Row("class_clearing", "get", u("clearing:class_clearing", CLASS), ok(200, "teacher")),
    Row("nudge", "post", u("clearing:nudge", CLASS, STUDENT), ok(302, "teacher")),
    Row("api_class_clearing", "get", u("clearing-api:class_clearing", CLASS), ok(200, "teacher"), api=True),
    Row("api_nudge", "post", u("clearing-api:nudge", STUDENT), ok(200, "teacher"), api=True),
]


class MatrixWorld(World):
    def __init__(self):
        super().__init__()
        # a minor whose parent consented: the company sees the application
        self.app = ApplicationFactory(
            student=self.student,
            placement=self.placement,
            consent="approved",
            consent_by=self.parent,
            cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF),
        )
        self.waiting = ApplicationFactory(
            student=self.student,
            placement=PlacementFactory(company=self.company),
            status="awaiting_consent",
            consent="pending",
        )
        self.school_app = ApplicationFactory(
            student=self.student,
            school_approval="pending",
            placement=PlacementFactory(company=self.company, kind=PlacementKind.SCHOOL_INTERNSHIP),
        )
        self.offer = ApplicationFactory(  # the company said yes: an offer she answers (issue 10)
            student=self.student,
            placement=PlacementFactory(company=self.company),
            consent="approved",
            consent_by=self.parent,
            status="offered",
            offer_expires_at=timezone.now() + datetime.timedelta(days=3),
        )
        self.fav = FavouriteFactory(student=self.student, placement=self.placement)
        self.free_placement = PlacementFactory()

    def user(self, role):
        return {
            "student": self.student.user,
            "other_student": self.other_student.user,
            "parent": self.parent,
            "unlinked_parent": self.unlinked_parent,
            "teacher": self.teacher,
            "other_teacher": self.other_teacher,
            "member": self.member.user,
            "other_member": self.other_member.user,
            "staff": self.staff,
        }[role]


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """One world for the module's 850 cases (tests/shared_data.py): each case's writes are rolled back."""
    with shared_data(django_db_blocker):
        yield MatrixWorld()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES + APIS, ids=lambda r: r.name)
def test_permission_matrix(matrix_world, row, role):
    w = matrix_world
    client = APIClient() if row.api else __import__("django.test", fromlist=["Client"]).Client()
    if role != "anon":
        client.force_login(w.user(role))
    data = row.data(w) if callable(row.data) else (row.data or {})
    kwargs = {"format": "json"} if row.api and row.method != "get" else {}
    response = getattr(client, row.method)(row.url(w), data, **kwargs)

    if role in row.ok:
        assert response.status_code == row.ok[role], (row.name, role, response.content[:500])
    elif role == "anon" and not row.api:
        assert response.status_code == 302 and "next=" in response["Location"], (row.name, response)
    else:
        assert response.status_code in (401, 403, 404), (row.name, role, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if role in NEVER_SEE_HER:
        assert b"Quastenberg" not in body, (row.name, role)
