"""The data export (DSGVO art. 15): a linked parent gets the child's data but not what is between the student
and a company (the message thread) nor the student's private notes; the student's own export is complete
(teacher recommendations, the CV file). Through the real pages."""

import base64
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from seekers.models import ApplicationMessage, Recommendation
from tests.factories import ApplicationFactory, FavouriteFactory, PlacementFactory
from tests.seekers.conftest import MINIMAL_PDF

pytestmark = pytest.mark.django_db
PASSWORD = "Sicheres-Passwort-123"
NOTE = "Privat: Chef wirkte streng"
THREAD = "Können wir den Termin auf Dienstag legen?"
COMPANY_REPLY = "Gern, Dienstag um 9 Uhr."


@pytest.fixture
def story(world):
    FavouriteFactory(student=world.student, placement=world.placement, note=NOTE)
    app = ApplicationFactory(student=world.student, placement=world.placement, message="Meine Bewerbung")
    app.cv.save("cv.pdf", ContentFile(MINIMAL_PDF), save=True)
    ApplicationMessage.objects.create(application=app, author=world.student.user, body=THREAD)
    ApplicationMessage.objects.create(application=app, author=world.member.user, body=COMPANY_REPLY)
    Recommendation.objects.create(
        teacher=world.teacher,
        placement=PlacementFactory(title="Praktikum Tischlerei"),
        student=world.student,
        note="Passt zu deinem Werken-Projekt",
    )
    Recommendation.objects.create(
        teacher=world.teacher,
        placement=PlacementFactory(title="Praktikum Bäckerei"),
        school_class=world.school_class,
        note="Für die ganze Klasse",
    )
    return world


def export_as(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), json.loads(response.content)


def test_a_parent_does_not_get_the_message_thread_nor_the_private_notes(client, story):
    text, data = export_as(client, story.parent, reverse("seekers:parent_student_export", args=[story.student.pk]))
    assert THREAD not in text and COMPANY_REPLY not in text
    assert NOTE not in text
    # what the parent does see on the pages is still there
    assert data["bewerbungen"][0]["platz"] == story.placement.title
    assert data["bewerbungen"][0]["nachricht"] == "Meine Bewerbung"


def test_the_students_own_export_has_the_thread_notes_recommendations_and_the_cv(client, story):
    text, data = export_as(client, story.student.user, reverse("seekers:my_data_export"))
    assert THREAD in text and COMPANY_REPLY in text and NOTE in text
    recommended = {r["platz"]: r for r in data["empfehlungen"]}
    assert recommended["Praktikum Tischlerei"]["notiz"] == "Passt zu deinem Werken-Projekt"
    assert recommended["Praktikum Bäckerei"]["notiz"] == "Für die ganze Klasse"
    cv = data["bewerbungen"][0]["lebenslauf"]
    assert cv["dateiname"].endswith(".pdf")
    assert base64.b64decode(cv["inhalt_base64"]) == MINIMAL_PDF


def test_the_api_export_is_the_students_complete_one(client, story):
    client.force_login(story.student.user)
    data = client.get(reverse("seekers-api:export")).json()
    assert {r["platz"] for r in data["empfehlungen"]} == {"Praktikum Tischlerei", "Praktikum Bäckerei"}
    assert data["bewerbungen"][0]["nachrichten"][0]["text"] == THREAD
