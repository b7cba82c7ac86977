"""Pages and API of the clearing, as users reach them: figures on the Steckbrief, placement page and API; the
teacher's list of students without a placement with nudge and recommend; the offer through the API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.mail.models import OutgoingEmail
from clearing import services as clearing
from seekers import services
from seekers.models import ApplicationStatus, Recommendation
from tests.factories import PlacementFactory, StudentProfileFactory


def test_figures_on_steckbrief_placement_page_and_api(client, market, clock):
    app = market.apply()
    clock.advance(days=2)
    services.application_waitlist(application=app, by=market.member.user)
    clearing.deadlines_run()
    company, p = market.company, market.placement
    company.is_verified = True
    company.save()
    for url in (company.get_absolute_url(), p.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "So antwortet das Unternehmen" in page and "100 %" in page and "2 Tagen" in page
    data = client.get(reverse("clearing-api:response_figures", args=[company.slug])).json()
    assert data["median_days_to_answer"] == 2.0 and data["share_answered_in_time"] == 1.0
    assert data["applications"] == 1 and data["months"] == 12


def test_student_answers_the_offer_through_the_api(api_client, market):
    app = market.apply()
    services.application_accept(application=app, by=market.member.user)
    url = reverse("seekers-api:application_action", args=[app.pk, "offer-accept"])
    api_client.force_authenticate(market.member.user)
    assert api_client.post(url, {}, format="json").status_code == 403
    api_client.force_authenticate(market.student.user)
    response = api_client.post(url, {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == ApplicationStatus.ACCEPTED
    again = api_client.post(url, {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "closed"


def test_cap_message_through_the_api(api_client, market, settings):
    settings.CLEARING = {**settings.CLEARING, "OPEN_CAP": 1}
    market.apply()
    api_client.force_authenticate(market.student.user)
    other = PlacementFactory(kind="holiday_internship")
    response = api_client.post(
        reverse("seekers-api:applications"), {"placement": other.pk, "message": "Hallo"}, format="json"
    )
    assert response.status_code in (400, 409)
    assert response.json()["error"]["code"] == "cap" and "1 offene Bewerbungen" in response.json()["error"]["message"]


@pytest.fixture
def teacher_world(db):
    from tests.factories import SchoolClassFactory, TeacherProfileFactory

    teacher_profile = TeacherProfileFactory()
    teacher = teacher_profile.user
    start = timezone.localdate() + datetime.timedelta(days=20)  # inside the 4 weeks
    school_class = SchoolClassFactory(
        school=teacher_profile.school, internship_start=start, internship_end=start + datetime.timedelta(days=13)
    )
    school_class.teachers.add(teacher)
    student = StudentProfileFactory(interests={"ITC": 5}, user__first_name="Ronja", user__last_name="Unterholz")
    student.classes.add(school_class)
    free = PlacementFactory(kind="school_internship", start_date=start, end_date=start + datetime.timedelta(days=9))
    free.company.is_verified = True
    free.company.save()
    return teacher, school_class, student, free


def test_teacher_sees_who_has_no_placement_and_nudges_or_recommends(client, teacher_world):
    teacher, school_class, student, free = teacher_world
    client.force_login(teacher)
    page = client.get(reverse("clearing:class_clearing", args=[school_class.pk])).content.decode()
    assert "Ronja Unterholz" in page and free.title in page
    client.post(reverse("clearing:nudge", args=[school_class.pk, student.pk]))
    mail = OutgoingEmail.objects.get(template="emails/seekers/teacher_nudge")
    assert mail.to == [student.user.email] and free.title in mail.body_text
    client.post(reverse("clearing:recommend", args=[school_class.pk, student.pk, free.pk]))
    assert Recommendation.objects.filter(student=student, placement=free, teacher=teacher).exists()
    data = client.get(reverse("clearing-api:class_clearing", args=[school_class.pk])).json()
    assert data["is_due"] and data["unplaced"][0]["best_free_matches"][0]["id"] == free.pk


def test_before_the_four_weeks_the_list_waits_and_others_see_nothing(client, teacher_world):
    teacher, school_class, student, free = teacher_world
    school_class.internship_start = timezone.localdate() + datetime.timedelta(days=40)
    school_class.internship_end = school_class.internship_start + datetime.timedelta(days=13)
    school_class.save()
    client.force_login(teacher)
    page = client.get(reverse("clearing:class_clearing", args=[school_class.pk])).content.decode()
    assert "Ronja" not in page and "vier Wochen vor dem Praktikumszeitraum" in page
    client.force_login(student.user)
    assert client.get(reverse("clearing:class_clearing", args=[school_class.pk])).status_code in (403, 404)
    assert client.post(reverse("clearing:nudge", args=[school_class.pk, student.pk])).status_code in (403, 404)
    from tests.factories import TeacherProfileFactory

    client.force_login(TeacherProfileFactory().user)
    assert client.get(reverse("clearing:class_clearing", args=[school_class.pk])).status_code == 404
    assert client.post(reverse("clearing-api:nudge", args=[student.pk])).status_code in (403, 404)
