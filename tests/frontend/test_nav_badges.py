"""What waits for a user's answer shows as a number next to the navigation link that leads to it (issue 10: nobody
has to open the inbox to learn that an application waits for an answer)."""

import re

import pytest
from django.urls import reverse

from backend.accounts.models import Role
from tests.factories import (
    ApplicationFactory,
    CompanyMemberFactory,
    ParentLinkFactory,
    PlacementFactory,
    StudentProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def badge(html: str, url: str) -> str | None:
    """The badge inside the navigation link to `url`: its number and spoken text, or None."""
    m = re.search(
        rf'<a href="{re.escape(url)}"[^>]*>[^<]*<span class="nav-count"><span class="visually-hidden">: </span>(\d+)<span class="visually-hidden">'
        r" ([^<]+)</span>",
        html,
    )
    return f"{m.group(1)} {m.group(2)}" if m else None


def test_a_company_sees_how_many_applications_wait_for_its_answer(client):
    member = CompanyMemberFactory()
    placement = PlacementFactory(company=member.company)
    ApplicationFactory(placement=placement, status="submitted")
    ApplicationFactory(placement=placement, status="invited")
    ApplicationFactory(placement=placement, status="accepted")  # answered
    ApplicationFactory(placement=placement, status="awaiting_consent", consent="pending")  # not released yet
    ApplicationFactory(status="submitted")  # another company's
    client.force_login(member.user)
    html = client.get(reverse("frontend:imprint")).content.decode()
    assert badge(html, reverse("seekers:company_inbox")) == "2 Bewerbungen warten auf Antwort"


def test_no_badge_when_nothing_waits(client):
    member = CompanyMemberFactory()
    ApplicationFactory(placement=PlacementFactory(company=member.company), status="declined")
    client.force_login(member.user)
    html = client.get(reverse("frontend:imprint")).content.decode()
    assert 'class="nav-count"' not in html


def test_a_student_sees_offers_to_decide_and_a_parent_consents_to_give(client):
    student = StudentProfileFactory()
    ApplicationFactory(student=student, status="offered")
    ApplicationFactory(student=student, status="submitted")
    ApplicationFactory(student=student, status="awaiting_consent", consent="pending")
    ApplicationFactory(status="offered")  # someone else's offer
    client.force_login(student.user)
    html = client.get(reverse("frontend:imprint")).content.decode()
    assert badge(html, reverse("seekers:applications")) == "1 Angebot wartet auf deine Entscheidung"

    link = ParentLinkFactory(student=student)
    ApplicationFactory(status="awaiting_consent", consent="pending")  # a child not theirs
    client.force_login(link.parent)
    html = client.get(reverse("frontend:imprint")).content.decode()
    assert badge(html, reverse("seekers:parent_home")) == "1 Bewerbung wartet auf deine Zustimmung"


def test_the_badge_is_in_the_reader_language(client):
    member = CompanyMemberFactory()
    ApplicationFactory(placement=PlacementFactory(company=member.company), status="submitted")
    client.force_login(member.user)
    html = client.get(reverse("frontend:imprint") + "?lang=en").content.decode()
    assert badge(html, reverse("seekers:company_inbox")) == "1 application is waiting for an answer"


@pytest.mark.parametrize("role", [Role.TEACHER, Role.STAFF])
def test_roles_without_a_queue_pay_no_query_for_it(client, role, django_assert_max_num_queries):
    client.force_login(UserFactory(role=role))
    with django_assert_max_num_queries(2):  # session + user
        client.get(reverse("frontend:imprint"))
