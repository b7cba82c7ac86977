"""The demo data behind `make run`: complete, live, reproducible, and every printed login works."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.demo import builder
from backend.demo.calendar import holidays, reference_date
from backend.demo.population import last_year_placements, population_users
from backend.reference.models import Berufsfeld, District, Qualification
from companies.models import Company, Placement, PlacementKind, PlacementStatus, Site
from seekers.access import can_view_student
from seekers.models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationStatus,
    ApprovalStatus,
    ParentLink,
    SchoolClass,
    StudentProfile,
)
from tests.factories import CompanyFactory, UserFactory

# One worker builds the demo once for the whole module (see `demo` below), instead of once per test on each worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_data")]


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`load_demo_data` once for this module: its output. The build runs in a transaction of its own that is
    rolled back after the module's last test; each test runs inside it in its own savepoint (pytest-django's
    django_db), so what a test changes (logins, --reset, a rebuild) is rolled back before the next test reads the
    data. One build instead of seven (a build is ~15 s on our 2 cores); every test still sees the demo exactly as
    `load_demo_data` leaves it. No test here may be transactional (a flush would end the shared transaction)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


def snapshot():
    return {
        "companies": sorted(builder.demo_companies().values_list("name", flat=True)),
        "placements": sorted(
            Placement.objects.filter(company__in=builder.demo_companies()).values_list(
                "company__name", "title", "kind", "status", "start_date", "seats"
            )
        ),
        "students": sorted(StudentProfile.objects.values_list("user__email", "grade", "birth_date", "postal_code_id")),
        "applications": sorted(
            Application.objects.values_list(
                "student__user__email", "placement__title", "status", "consent", "school_approval"
            )
        ),
    }


def test_second_run_changes_nothing_and_prints_the_logins(demo):
    first = demo
    counts = (Company.objects.count(), Placement.objects.count(), User.objects.count(), Application.objects.count())
    second = load()

    assert (
        Company.objects.count(),
        Placement.objects.count(),
        User.objects.count(),
        Application.objects.count(),
    ) == counts
    assert "schon vorhanden" in second
    for output in (first, second):
        assert builder.DEMO_PASSWORD in output
        for login in builder.LOGINS.values():
            assert login.email in output
        assert "http://127.0.0.1:8000/" in output


def test_data_set_meets_the_minimums_and_covers_every_category(demo):
    companies = builder.demo_companies()
    placements = Placement.objects.filter(company__in=companies).exclude(pk__in=last_year_placements())

    assert companies.count() >= 60
    assert placements.count() >= 300
    assert set(placements.values_list("kind", flat=True)) == set(PlacementKind.values)
    assert set(placements.values_list("status", flat=True)) == set(PlacementStatus.values)
    assert placements.filter(status=PlacementStatus.PUBLISHED).count() > placements.count() * 0.7
    assert set(Berufsfeld.objects.filter(placements__in=placements).values_list("code", flat=True)) == set(
        Berufsfeld.objects.values_list("code", flat=True)
    )
    assert Berufsfeld.objects.count() == 16
    districts_with_companies = District.objects.filter(sites__company__in=companies).distinct().count()
    assert districts_with_companies == District.objects.count() == 12

    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    # clearing (issue 10): open ones have a deadline still ahead, offers an expiry, companies response figures
    from clearing.models import ResponseFigures

    waiting = Application.objects.filter(status__in=["submitted", "invited"])
    assert waiting.exists() and not waiting.filter(respond_by__lte=timezone.now()).exists()
    assert not Application.objects.filter(status="offered", offer_expires_at__isnull=True).exists()
    assert ResponseFigures.objects.filter(applications__gt=0, median_days__isnull=False).exists()
    assert set(Application.objects.values_list("consent", flat=True)) == set(ApprovalStatus.values)
    assert set(Application.objects.values_list("school_approval", flat=True)) == set(ApprovalStatus.values)
    assert ApplicationMessage.objects.exists()
    # every application has a timeline that ends in its current status
    for application in Application.objects.prefetch_related("events"):
        events = list(application.events.all())
        assert events and events[-1].status == application.status
    assert set(User.objects.filter(email__endswith=".example").values_list("role", flat=True)) == set(Role.values)

    # the story's students; the background population for the statistics has no logins (backend/demo/population.py)
    students = StudentProfile.objects.exclude(user__in=population_users())
    assert 35 <= students.count() <= 45
    assert {s.grade for s in students} >= {8, 9, 10, 11, 12}
    ages = {_age(s.birth_date) for s in students}
    assert min(ages) >= 13 and max(ages) <= 19
    assert min(ages) <= 14 and max(ages) >= 18  # minors (who need consent) and adults (who do not)
    assert students.filter(interests__isnull=False).distinct().count() == students.count()
    assert ParentLink.objects.exists()
    assert SchoolClass.objects.values("school").distinct().count() >= 4


def test_steckbrief_sites_and_contacts_are_complete(demo):
    for company in builder.demo_companies().prefetch_related("sites", "contacts", "berufsfelder", "memberships"):
        assert company.industry and company.size_band
        assert company.description.startswith("<p>")
        assert company.website == f"https://{company.slug}.example"
        assert 1 <= len(company.sites.all()) <= 2
        assert company.contacts.all() and company.berufsfelder.all() and company.memberships.all()
    for site in Site.objects.filter(company__in=builder.demo_companies()).select_related("postal_code"):
        assert not site.has_exact_point
        assert site.district_id == site.postal_code.district_id is not None
        assert abs(site.latitude - site.postal_code.latitude) < 0.01
        assert abs(site.longitude - site.postal_code.longitude) < 0.01


def test_placement_dates_and_rules_are_realistic_and_live(demo):
    today = timezone.localdate()
    anchor = reference_date()
    periods = set(SchoolClass.objects.exclude(internship_start=None).values_list("internship_start", "internship_end"))
    holiday_ranges = [(start, end) for _, start, end in holidays(anchor)]
    placements = Placement.objects.filter(company__in=builder.demo_companies())
    for p in placements.exclude(status=PlacementStatus.ARCHIVED):
        assert p.start_date > today, p
        assert p.end_date is None or p.end_date >= p.start_date
        if p.status == PlacementStatus.PUBLISHED:
            assert p.published_at is not None and p.application_deadline >= today
            assert p.company.is_verified
        if p.kind == PlacementKind.CAREER_DAY:
            assert p.end_date == p.start_date and 1 <= p.seats <= 9 and p.min_grade == 8
        elif p.kind == PlacementKind.SCHOOL_INTERNSHIP:
            assert p.min_grade == 9 and 12 <= (p.end_date - p.start_date).days + 1 <= 19
            assert any(start <= p.start_date and p.end_date <= end for start, end in periods), p
        elif p.kind == PlacementKind.HOLIDAY_INTERNSHIP:
            assert p.min_age in (14, 15)
            assert any(start <= p.start_date and p.end_date <= end for start, end in holiday_ranges), p
        elif p.kind == PlacementKind.APPRENTICESHIP:
            assert p.occupation_id and p.start_date.day == 1 and p.start_date.month in (8, 9)
            assert p.required_qualification in (Qualification.ESA, Qualification.EESA, Qualification.MSA)
        else:
            assert p.required_qualification >= Qualification.FHR
    archived = placements.filter(status=PlacementStatus.ARCHIVED)
    assert archived.exists() and all(p.start_date < today for p in archived)
    # slugs are unique per company (also enforced by a constraint) and titles say what the offer is
    assert (
        placements.filter(kind=PlacementKind.APPRENTICESHIP, title__startswith="Ausbildung ").count()
        == placements.filter(kind=PlacementKind.APPRENTICESHIP).count()
    )


def test_every_demo_login_logs_in_and_has_a_story(demo, client):
    for role, login in builder.LOGINS.items():
        user = User.objects.get(email=login.email)
        assert user.role == role and user.email_verified_at is not None
        validate_password(builder.DEMO_PASSWORD, user)  # the printed password meets the house's validators
        assert client.login(email=login.email, password=builder.DEMO_PASSWORD), login.email
        client.logout()

    staff = User.objects.get(email=builder.LOGINS[Role.STAFF].email)
    assert staff.is_staff and not staff.is_superuser  # least privilege: the moderation group, no superuser
    assert staff.groups.filter(name="Stadt Dortmund: Moderation und Monitoring").exists()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/mail/outgoingemail/").status_code == 403
    assert builder.LOGINS[Role.STUDENT].email not in client.get("/admin/accounts/user/").content.decode()
    client.logout()

    student_user = User.objects.get(email=builder.LOGINS[Role.STUDENT].email)
    student = student_user.student_profile
    assert _age(student.birth_date) < 18
    assert student.interests.exists() and student.favourites.exists()
    assert student.applications.count() >= 3

    parent = User.objects.get(email=builder.LOGINS[Role.PARENT].email)
    assert can_view_student(parent, student)

    teacher = User.objects.get(email=builder.LOGINS[Role.TEACHER].email)
    assert can_view_student(teacher, student)
    assert Application.objects.filter(student__classes__teachers=teacher).exists()

    company_user = User.objects.get(email=builder.LOGINS[Role.COMPANY].email)
    membership = company_user.company_memberships.get()
    assert membership.role == "owner"
    released = (
        Application.objects.filter(placement__company=membership.company)
        .exclude(status=ApplicationStatus.AWAITING_CONSENT)
        .filter(consent__in=[ApprovalStatus.NOT_REQUIRED, ApprovalStatus.APPROVED])
    )
    assert released.count() >= 3  # what the company's inbox shows (minors' only after consent)


def test_reset_rebuilds_the_same_data_and_leaves_other_data_alone(demo):
    other_company = CompanyFactory(name="Echte Firma GmbH", slug="echte-firma")
    other_user = UserFactory(email="jemand@example.org")
    before = snapshot()
    events_before = ApplicationEvent.objects.count()

    output = load("--reset")

    assert "angelegt" in output
    assert snapshot() == before
    assert ApplicationEvent.objects.count() == events_before
    assert Company.objects.filter(pk=other_company.pk).exists()
    assert User.objects.filter(pk=other_user.pk).exists()


def test_same_data_on_any_day_of_the_month(demo):
    anchor = reference_date()  # the shared build's anchor (load_demo_data builds for today's month)
    early = snapshot()
    builder.delete_demo_data()
    builder.build_demo_data(today=anchor + datetime.timedelta(days=27))
    assert snapshot() == early


def _age(birth_date) -> int:
    today = timezone.localdate()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
