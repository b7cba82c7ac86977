"""DSGVO art. 17: after a student deletes the account, nothing personal is left in any table or file."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from seekers import services
from seekers.models import ApplicationEvent, ApplicationMessage, StudentProfile
from tests.factories import FavouriteFactory, ParentLinkFactory, PlacementFactory, StudentProfileFactory

from .conftest import MINIMAL_PDF, years_ago

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.EmailField)
SECRETS = [
    "zoraida.vennekamp@example.org",
    "Zoraida",
    "Vennekamp",
    "Mein Herz schlägt für Schreinereien",
    "Antwort an Zoraida",
    "Lieblingsplatz-Notiz",
]


def find_everywhere(needles: list[str]) -> list[str]:
    hits = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model._default_manager.values_list(*[f.attname for f in fields]) if fields else []:
            text = " ".join(str(v) for v in row).lower()
            hits += [f"{model._meta.label}: {n}" for n in needles if n.lower() in text]
    for path in [*Path(settings.MEDIA_ROOT).rglob("*"), *Path(settings.PRIVATE_MEDIA_ROOT).rglob("*")]:
        if path.is_file():
            data = path.read_bytes().lower()
            hits += [f"media {path}: {n}" for n in needles if n.lower().encode() in data]
    return hits


def test_deleting_a_student_leaves_nothing_behind(world, django_capture_on_commit_callbacks, monkeypatch):
    student = StudentProfileFactory(
        user__email=SECRETS[0],
        user__first_name="Zoraida",
        user__last_name="Vennekamp",
        birth_date=years_ago(19),
        accessibility_needs="Vennekamp braucht Rampe",
    )
    student.classes.add(world.school_class)
    ParentLinkFactory(student=student)
    FavouriteFactory(student=student, placement=world.placement, note="Lieblingsplatz-Notiz")
    placement = PlacementFactory(company=world.company)
    cv = SimpleUploadedFile("Zoraida Vennekamp.pdf", MINIMAL_PDF.replace(b"%%EOF", b"% Zoraida Vennekamp\n%%EOF"))
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit(
            student=student, placement=placement, message="Mein Herz schlägt für Schreinereien", cv=cv
        )
        services.application_message_post(application=app, author=world.member.user, body="Antwort an Zoraida")
        services.application_accept(application=app, by=world.member.user)
    cv_path = Path(app.cv.path)
    assert cv_path.exists()
    before = find_everywhere(SECRETS)  # the search finds the data while it exists, stored emails included
    assert any(hit.startswith("mail.OutgoingEmail") for hit in before), before

    changed = []
    monkeypatch.setattr(services.privacy, "placements_changed", lambda ids: changed.extend(ids))
    with django_capture_on_commit_callbacks(execute=True):
        services.student_delete(student=student)
    assert changed == [placement.pk]  # the index drops the application counts

    assert find_everywhere(SECRETS) == []
    assert not cv_path.exists()
    assert not StudentProfile.objects.filter(pk=student.pk).exists()
    assert not ApplicationEvent.objects.filter(application_id=app.pk).exists()
    assert not ApplicationMessage.objects.filter(application_id=app.pk).exists()
    # the others' data stays
    assert StudentProfile.objects.filter(pk=world.student.pk).exists()
