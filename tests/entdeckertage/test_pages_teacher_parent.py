"""Teacher and parent pages through Django's client: the teacher gives the class its block and records why a pupil
does not take part (the SVWS export uses it); the parent gets the certificate link once a company confirmed a day.
Another class's teacher, pupils and companies cannot do either."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import Role
from entdeckertage import services
from entdeckertage.models import ClassBlock, Participation
from entdeckertage.selectors import svws_rows
from seekers.models import ParentLink
from tests.factories import SchoolClassFactory, TeacherProfileFactory, UserFactory

from .conftest import BLOCKS, ON, Phase


@pytest.fixture
def freeze(monkeypatch):
    def at(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return at


def test_teacher_gives_the_class_its_block(client, freeze, season, teacher):
    c = SchoolClassFactory(grade=8, school_year="2025/26", name="8c")
    c.teachers.add(teacher)
    freeze(ON[Phase.OFFER])
    client.force_login(teacher)
    page = client.get(reverse("entdeckertage:teacher_classes")).content.decode()
    url = reverse("entdeckertage:teacher_class_block", args=[season.pk, c.pk])
    assert url in page and "Noch kein Block" in page
    block2 = season.blocks.order_by("position")[1]
    r = client.post(url, {f"c{c.pk}-block": "abc"})
    assert r.status_code == 400 and f'href="#id_c{c.pk}-block"' in r.content.decode()
    assert client.post(url, {f"c{c.pk}-block": block2.pk}).status_code == 302
    assert ClassBlock.objects.get(school_class=c).block == block2


def test_block_after_wish_phase_is_refused_with_a_message(client, freeze, season, teacher, klass):
    freeze(ON[Phase.ALLOCATE])
    client.force_login(teacher)
    url = reverse("entdeckertage:teacher_class_block", args=[season.pk, klass.pk])
    r = client.post(url, {f"c{klass.pk}-block": season.blocks.order_by("position")[1].pk})
    assert r.status_code == 400 and "bis zum Ende der Wunschphase" in r.content.decode()
    assert ClassBlock.objects.get(school_class=klass).block == season.blocks.order_by("position")[0]


def test_teacher_records_a_no_participation_reason_for_the_svws_export(
    client, freeze, season, teacher, klass, make_pupil
):
    pupil = make_pupil()
    freeze(ON[Phase.BOOKING])
    client.force_login(teacher)
    url = reverse("entdeckertage:teacher_reason", args=[season.pk, klass.pk])
    r = client.post(url, {f"r{klass.pk}-student": "", f"r{klass.pk}-reason": "langfristig erkrankt"})
    assert r.status_code == 400 and 'value="langfristig erkrankt"' in r.content.decode()
    r = client.post(url, {f"r{klass.pk}-student": pupil.pk, f"r{klass.pk}-reason": "langfristig erkrankt"})
    assert r.status_code == 302
    assert Participation.objects.get(student=pupil).no_participation_reason == "langfristig erkrankt"
    assert "langfristig erkrankt" in client.get(reverse("entdeckertage:teacher_classes")).content.decode()
    row = [x for x in svws_rows(season, klass) if x["student_id"] == pupil.pk]
    assert row[0]["code"] == "SBO 5.1.8" and row[0]["reason"] == "langfristig erkrankt"


def test_other_teachers_and_roles_cannot_set_block_or_reason(client, freeze, season, klass, make_pupil, company_member):
    pupil = make_pupil()
    freeze(ON[Phase.OFFER])
    block_url = reverse("entdeckertage:teacher_class_block", args=[season.pk, klass.pk])
    reason_url = reverse("entdeckertage:teacher_reason", args=[season.pk, klass.pk])
    other_teacher = TeacherProfileFactory().user
    client.force_login(other_teacher)
    assert client.post(block_url, {f"c{klass.pk}-block": season.blocks.all()[1].pk}).status_code == 404
    assert client.post(reason_url, {f"r{klass.pk}-student": pupil.pk, f"r{klass.pk}-reason": "x"}).status_code == 404
    for user in (pupil.user, company_member.user):
        client.force_login(user)
        assert client.post(block_url, {f"c{klass.pk}-block": season.blocks.all()[1].pk}).status_code == 403
        assert (
            client.post(reason_url, {f"r{klass.pk}-student": pupil.pk, f"r{klass.pk}-reason": "x"}).status_code == 403
        )
    assert ClassBlock.objects.get(school_class=klass).block == season.blocks.order_by("position")[0]
    assert not Participation.objects.exists()


def test_parent_sees_the_certificate_link_once_a_day_is_confirmed(
    client, freeze, season, make_offer, make_pupil, company_member
):
    offer = make_offer(date=BLOCKS[0][0])
    pupil = make_pupil()
    parent = UserFactory(role=Role.PARENT)
    ParentLink.objects.create(parent=parent, student=pupil)
    freeze(ON[Phase.BOOKING])
    a = services.booking_create(actor=pupil.user, student=pupil, offer=offer)
    client.force_login(parent)
    cert = reverse("entdeckertage:certificate", args=[season.pk, pupil.pk])
    assert cert not in client.get(reverse("entdeckertage:parent_days")).content.decode()
    freeze(ON[Phase.DAYS])
    services.attendance_confirm(actor=company_member.user, assignment=a, came=True)
    assert cert in client.get(reverse("entdeckertage:parent_days")).content.decode()
    r = client.get(cert)
    assert r.status_code == 200 and r.content[:4] == b"%PDF"
