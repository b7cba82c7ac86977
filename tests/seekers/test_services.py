import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.api.exceptions import DomainError
from companies.models import PlacementKind, PlacementStatus
from seekers import services
from seekers.models import ApplicationStatus, ApprovalStatus
from seekers.selectors import application_inbox, class_overview
from tests.factories import (
    ApplicationFactory,
    CompanyMemberFactory,
    FavouriteFactory,
    PlacementFactory,
    StudentProfileFactory,
    UserFactory,
)

from .conftest import MINIMAL_PDF, years_ago

pytestmark = pytest.mark.django_db


def register(**kw):
    data = dict(
        email="neu@example.org",
        password="Ein-gutes-Passwort-42",
        first_name="Lena",
        last_name="Kraft",
        birth_date=years_ago(14),
        postal_code="44137",
        grade=8,
        expected_qualification=3,
    )
    data.update(kw)
    return services.student_register(**data)


class TestSignup:
    def test_student_registers_and_joins_class_by_code(self, world):
        student = register(join_code=world.school_class.join_code.lower())
        assert student.user.role == "student"
        assert list(student.classes.all()) == [world.school_class]
        assert student.school == world.school_class.school

    def test_minimum_age_is_13_in_berlin(self, db):
        with pytest.raises(ValidationError) as exc:
            register(birth_date=years_ago(13, days=-1))
        assert "birth_date" in exc.value.message_dict
        assert register(birth_date=years_ago(13)).pk

    def test_unknown_postal_code_is_refused(self, db):
        with pytest.raises(ValidationError) as exc:
            register(postal_code="00000")
        assert "Postleitzahl" in exc.value.message_dict["postal_code"][0]

    def test_duplicate_email_and_weak_password(self, db):
        register()
        with pytest.raises(ValidationError) as exc:
            register(email="NEU@example.org")
        assert "email" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            register(email="b@example.org", password="123")
        assert "password" in exc.value.message_dict

    def test_interests_replace_and_validate(self, db):
        student = StudentProfileFactory(interests={"ITC": 5})
        services.student_interests_set(student=student, weights={"1": 4, "2": 0, "3": 2})
        assert sorted(student.interests.values_list("berufsfeld_id", "weight")) == [(1, 4), (3, 2)]
        with pytest.raises(ValidationError):
            services.student_interests_set(student=student, weights={"1": 9})


class TestApplications:
    def test_adult_application_goes_straight_to_company(self, world):
        adult = StudentProfileFactory(birth_date=years_ago(19))
        app = services.application_submit(student=adult, placement=world.placement, message="Hallo!")
        assert app.status == ApplicationStatus.SUBMITTED
        assert list(application_inbox(user=world.member.user)) == [app]
        assert list(application_inbox(user=world.other_member.user)) == []
        assert [e.status for e in app.events.all()] == ["submitted"]

    def test_minor_waits_for_parent_consent(self, world, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            app = services.application_submit(student=world.student, placement=world.placement, message="Hallo!")
        assert app.status == ApplicationStatus.AWAITING_CONSENT
        assert list(application_inbox(user=world.member.user)) == []
        assert [m.to for m in mail.outbox] == [[world.parent.email]]
        with pytest.raises(DomainError):
            services.application_consent(application=app, parent=world.unlinked_parent, approve=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.application_consent(application=app, parent=world.parent, approve=True)
        app.refresh_from_db()
        assert app.status == ApplicationStatus.SUBMITTED and app.consent_by == world.parent
        assert list(application_inbox(user=world.member.user)) == [app]
        assert world.member.user.email in [m.to[0] for m in mail.outbox]

    def test_parent_refusal_withdraws_and_company_never_sees_it(self, world):
        app = services.application_submit(student=world.student, placement=world.placement, message="Hallo!")
        services.application_consent(application=app, parent=world.parent, approve=False)
        app.refresh_from_db()
        assert app.status == ApplicationStatus.WITHDRAWN and app.consent == ApprovalStatus.REJECTED
        assert app.events.last().note == "Eltern haben nicht zugestimmt"
        assert list(application_inbox(user=world.member.user)) == []
        # the student may try again
        assert services.application_submit(student=world.student, placement=world.placement, message="Nochmal")

    def test_linking_a_parent_later_sends_the_pending_request(self, db, django_capture_on_commit_callbacks):
        student = StudentProfileFactory()
        app = services.application_submit(student=student, placement=PlacementFactory(), message="Hallo!")
        code = services.parent_link_code_issue(student=student)
        parent = UserFactory(role="parent")
        with django_capture_on_commit_callbacks(execute=True):
            services.parent_link_create(parent=parent, code=code)
        assert mail.outbox[-1].to == [parent.email]
        with pytest.raises(ValidationError):  # single use
            services.parent_link_create(parent=UserFactory(role="parent"), code=code)
        services.application_consent(application=app, parent=parent, approve=True)

    def test_expired_parent_code_is_refused(self, db):
        student = StudentProfileFactory()
        code = services.parent_link_code_issue(student=student)
        student.parent_link_code_expires_at -= datetime.timedelta(days=8)
        student.save()
        with pytest.raises(ValidationError):
            services.parent_link_create(parent=UserFactory(role="parent"), code=code)

    def test_turning_18_releases_waiting_application(self, db):
        student = StudentProfileFactory(birth_date=years_ago(17))
        app = services.application_submit(student=student, placement=PlacementFactory(), message="Hallo!")
        assert services.applications_release_adults(student=student) == 0
        student.birth_date = years_ago(18)
        student.save()
        assert services.applications_release_adults(student=student) == 1
        app.refresh_from_db()
        assert app.status == ApplicationStatus.SUBMITTED and app.consent == ApprovalStatus.NOT_REQUIRED

    def test_one_active_application_per_placement(self, world):
        services.application_submit(student=world.student, placement=world.placement, message="a")
        with pytest.raises(DomainError):
            services.application_submit(student=world.student, placement=world.placement, message="b")

    @pytest.mark.parametrize(
        "change, code",
        [
            ({"status": PlacementStatus.DRAFT}, "not_open"),
            ({"company__is_verified": False}, "not_open"),
            ({"is_hidden": True}, "not_open"),
            ({"application_deadline": datetime.date(2020, 1, 1)}, "deadline"),
        ],
    )
    def test_closed_placements_refuse(self, db, change, code):
        placement = PlacementFactory(**change)
        with pytest.raises(DomainError) as exc:
            services.application_submit(student=StudentProfileFactory(), placement=placement, message="x")
        assert exc.value.code == code

    def test_cv_must_be_a_small_pdf(self, world):
        fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf" * 10, content_type="application/pdf")
        with pytest.raises(ValidationError) as exc:
            services.application_submit(student=world.student, placement=world.placement, message="x", cv=fake)
        assert "PDF" in exc.value.message_dict["cv"][0]
        big = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"%%EOF")
        with pytest.raises(ValidationError):
            services.application_submit(student=world.student, placement=world.placement, message="x", cv=big)
        good = SimpleUploadedFile("Mila Quastenberg Lebenslauf.pdf", MINIMAL_PDF)
        app = services.application_submit(student=world.student, placement=world.placement, message="x", cv=good)
        assert app.cv.name.startswith("cvs/") and "Quastenberg" not in app.cv.name

    def test_cv_is_stored_outside_the_public_media_folder(self, world, settings, client):
        settings.DEBUG = True  # `make run` serves MEDIA_ROOT; a CV must not be in it
        good = SimpleUploadedFile("cv.pdf", MINIMAL_PDF)
        app = services.application_submit(student=world.student, placement=world.placement, message="x", cv=good)
        path = Path(app.cv.path).resolve()
        assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        assert client.get(f"/media/{app.cv.name}").status_code == 404

    def test_accepting_last_seat_closes_placement_and_more_are_refused(self, db):
        member = CompanyMemberFactory()
        placement = PlacementFactory(company=member.company, seats=1)
        apps = [ApplicationFactory(placement=placement) for _ in range(2)]
        services.application_accept(application=apps[0], by=member.user)
        placement.refresh_from_db()
        assert placement.status == PlacementStatus.CLOSED
        with pytest.raises(DomainError) as exc:
            services.application_accept(application=apps[1], by=member.user)
        assert exc.value.code == "full"
        services.application_decline(application=apps[0], by=member.user, reason="dates")
        placement.refresh_from_db()
        assert placement.status == PlacementStatus.PUBLISHED

    def test_company_cannot_act_on_other_companies_or_unreleased(self, world):
        app = ApplicationFactory(placement=world.placement)
        with pytest.raises(DomainError):
            services.application_accept(application=app, by=world.other_member.user)
        waiting = ApplicationFactory(placement=world.placement, status="awaiting_consent", consent="pending")
        with pytest.raises(DomainError):
            services.application_invite(application=waiting, by=world.member.user)

    def test_decline_uses_reason_template_and_timeline(self, world):
        app = ApplicationFactory(placement=world.placement, student=world.student)
        services.application_invite(application=app, by=world.member.user, note="Kommen Sie Montag?")
        services.application_decline(application=app, by=world.member.user, reason="seats_taken")
        assert app.decline_reason == services.DECLINE_REASONS["seats_taken"]
        assert [e.status for e in app.events.all()] == ["invited", "declined"]
        with pytest.raises(DomainError):
            services.application_message_post(application=app, author=world.student.user, body="Schade")

    def test_school_internship_needs_class_teacher_approval(self, world):
        placement = PlacementFactory(kind=PlacementKind.SCHOOL_INTERNSHIP, company=world.company)
        world.student.birth_date = years_ago(18)
        world.student.save()
        # applying checks matching's rules: a school internship lies inside the class's internship period
        world.school_class.internship_start = placement.start_date
        world.school_class.internship_end = placement.end_date or placement.start_date
        world.school_class.save()
        app = services.application_submit(student=world.student, placement=placement, message="x")
        assert app.school_approval == ApprovalStatus.PENDING
        services.application_accept(application=app, by=world.member.user)  # an offer (issue 10) ...
        services.offer_accept(application=app, by=world.student.user)  # ... the student takes
        assert class_overview(school_class=world.school_class)[0]["state"] == "waiting"
        with pytest.raises(DomainError):
            services.application_school_decide(application=app, teacher=world.other_teacher, approve=True)
        services.application_school_decide(application=app, teacher=world.teacher, approve=True)
        assert class_overview(school_class=world.school_class)[0]["state"] == "placed"


class TestParentsAndTeachers:
    def test_parent_feedback_on_shortlist(self, world):
        fav = FavouriteFactory(student=world.student)
        services.favourite_parent_feedback(favourite=fav, parent=world.parent, liked=True, comment="Gute Wahl")
        fav.refresh_from_db()
        assert fav.liked_by_parent and fav.parent_comment == "Gute Wahl"
        with pytest.raises(DomainError):
            services.favourite_parent_feedback(favourite=fav, parent=world.unlinked_parent, liked=True)

    def test_teacher_creates_class_and_recommends(self, world):
        cls = services.school_class_create(teacher=world.teacher, name="9c", school_year="2026/27", grade=9)
        assert len(cls.join_code) == 8 and cls.school == world.teacher_profile.school
        rec = services.recommendation_create(
            teacher=world.teacher, placement=world.placement, school_class=world.school_class
        )
        assert rec.school_class == world.school_class
        with pytest.raises(DomainError):
            services.recommendation_create(
                teacher=world.other_teacher, placement=world.placement, school_class=world.school_class
            )
        with pytest.raises(ValidationError):
            services.recommendation_create(
                teacher=world.teacher,
                placement=world.placement,
                school_class=world.school_class,
                student=world.other_student,
            )


def test_export_contains_everything_about_the_student(world):
    FavouriteFactory(student=world.student, note="Meine Notiz")
    ApplicationFactory(student=world.student, placement=world.placement, message="Meine Bewerbung")
    data = services.student_export(student=world.student)
    assert data["konto"]["nachname"] == "Quastenberg"
    assert data["merkliste"][0]["notiz"] == "Meine Notiz"
    assert data["bewerbungen"][0]["nachricht"] == "Meine Bewerbung"
    assert data["eltern"] == [world.parent.email]


def test_release_command_frees_applications_of_new_adults(db):
    from io import StringIO

    from django.core.management import call_command

    student = StudentProfileFactory(birth_date=years_ago(18))
    ApplicationFactory(student=student, status="awaiting_consent", consent="pending")
    out = StringIO()
    call_command("release_adult_applications", stdout=out)
    assert "1 Bewerbung" in out.getvalue()
    assert student.applications.get().status == ApplicationStatus.SUBMITTED


def test_the_four_emails_reach_the_right_people_in_german(world, django_capture_on_commit_callbacks):
    placement = PlacementFactory(company=world.company, kind=PlacementKind.SCHOOL_INTERNSHIP, title="Praktikum Kfz")
    world.school_class.internship_start, world.school_class.internship_end = placement.start_date, placement.end_date
    world.school_class.save()  # a school internship inside the class's period (matching's rule)
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit(student=world.student, placement=placement, message="Hallo")
    sent = {m.to[0]: m for m in mail.outbox}
    assert "bittet um Ihre Zustimmung" in sent[world.parent.email].subject
    assert "Genehmigung" in sent[world.teacher.email].subject and "Mila" in sent[world.teacher.email].body
    assert world.member.user.email not in sent  # not before consent
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_consent(application=app, parent=world.parent, approve=True)
    sent = {m.to[0]: m for m in mail.outbox}
    assert sent[world.member.user.email].subject == "Neue Bewerbung für „Praktikum Kfz“"
    assert "eingereicht" in sent[world.student.user.email].body
    html, mime = sent[world.student.user.email].alternatives[0]
    assert mime == "text/html" and 'lang="de"' in html
    assert f"/bewerbungen/{app.pk}/" in sent[world.member.user.email].body


def test_unverified_email_cannot_apply_or_consent(world):
    world.student.user.email_verified_at = None
    world.student.user.save()
    with pytest.raises(DomainError) as exc:
        services.application_submit(student=world.student, placement=world.placement, message="x")
    assert exc.value.code == "email_unverified"
    app = ApplicationFactory(student=world.student, status="awaiting_consent", consent="pending")
    world.parent.email_verified_at = None
    world.parent.save()
    with pytest.raises(DomainError):
        services.application_consent(application=app, parent=world.parent, approve=True)


def test_deleting_a_placed_student_frees_the_seat(db):
    member = CompanyMemberFactory()
    placement = PlacementFactory(company=member.company, seats=1)
    app = ApplicationFactory(placement=placement)
    services.application_accept(application=app, by=member.user)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CLOSED
    services.student_delete(student=app.student)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PUBLISHED
