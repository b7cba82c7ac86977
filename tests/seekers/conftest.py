import copy
import datetime

import pytest
from django.utils import timezone

from backend.accounts.models import Role
from tests.factories import (
    CompanyMemberFactory,
    ParentLinkFactory,
    PlacementFactory,
    SchoolClassFactory,
    StudentProfileFactory,
    TeacherProfileFactory,
    UserFactory,
)
from tests.shared_data import shared_data

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"
)


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - datetime.timedelta(days=days)


class World:
    """Every role the permission rules know, around one student who applied to one placement."""

    def __init__(self):
        self.member = CompanyMemberFactory()
        self.company = self.member.company
        self.placement = PlacementFactory(company=self.company, seats=3)
        self.other_member = CompanyMemberFactory()
        self.teacher_profile = TeacherProfileFactory()
        self.teacher = self.teacher_profile.user
        self.school_class = SchoolClassFactory(school=self.teacher_profile.school)
        self.school_class.teachers.add(self.teacher)
        self.student = StudentProfileFactory(
            user__first_name="Mila", user__last_name="Quastenberg", school=self.teacher_profile.school
        )
        self.student.classes.add(self.school_class)
        self.parent = ParentLinkFactory(student=self.student).parent
        self.other_student = StudentProfileFactory()
        from backend.reference.models import School

        other_school = School.objects.exclude(pk=self.teacher_profile.school_id).order_by("number").first()
        self.other_teacher = TeacherProfileFactory(school=other_school).user
        other_class = SchoolClassFactory(school=other_school)
        other_class.teachers.add(self.other_teacher)
        self.unlinked_parent = UserFactory(role=Role.PARENT)
        self.staff = UserFactory(role=Role.STAFF)


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield World()


@pytest.fixture
def world(_shared_world, db):
    """The World, built once per module (tests/shared_data.py); each test gets its own copy of the objects, and
    what it writes is rolled back, as with Django's setUpTestData."""
    return copy.deepcopy(_shared_world)
