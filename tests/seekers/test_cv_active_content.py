"""CV PDFs with active content (scripts, actions that run on opening, embedded files, media) are refused with
a German message that says what to do; companies open these files. Through the real API."""

import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seekers.models import Application

pytestmark = pytest.mark.django_db


def pdf(catalog_extra: bytes = b"", objects: bytes = b"") -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" + objects + b"xref\n0 3\n0000000000 65535 f \n"
        b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"
    )


def compressed_object_stream(content: bytes) -> bytes:
    data = zlib.compress(content)
    return (
        b"5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(data)).encode()
        + b" >>\nstream\n"
        + data
        + b"\nendstream\nendobj\n"
    )


ACTIVE = {
    "javascript on opening": pdf(b"/OpenAction 3 0 R ", b"3 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"),
    "web address called on opening": pdf(b"/OpenAction << /S /URI /URI (https://tracker.example/) >> "),
    "additional actions": pdf(b"/AA << /O 3 0 R >> ", b"3 0 obj\n<< /S /GoTo /D [0 /Fit] >>\nendobj\n"),
    "launch": pdf(b"", b"3 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n"),
    "embedded file": pdf(b"/Names << /EmbeddedFiles 3 0 R >> ", b"3 0 obj\n<< /Type /EmbeddedFile >>\nendobj\n"),
    "rich media": pdf(b"", b"3 0 obj\n<< /Subtype /RichMedia >>\nendobj\n"),
    "name written with #-escapes": pdf(b"/OpenAction 3 0 R ", b"3 0 obj\n<< /S /J#61vaScript /J#53 (x) >>\nendobj\n"),
    "inside a compressed object stream": pdf(b"", compressed_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")),
}


def apply(client, world, data):
    client.force_login(world.student.user)
    return client.post(
        "/api/v1/applications/",
        {
            "placement": world.placement.pk,
            "message": "Ich möchte gern zu Ihnen.",
            "cv": SimpleUploadedFile("cv.pdf", data),
        },
    )


@pytest.mark.parametrize("data", list(ACTIVE.values()), ids=list(ACTIVE))
def test_a_cv_with_active_content_is_refused_in_german(client, world, data):
    response = apply(client, world, data)
    assert response.status_code == 400, response.content
    message = response.json()["error"]["fields"]["cv"][0]
    assert "aktive Inhalte" in message and "PDF" in message
    assert not Application.objects.filter(student=world.student).exists()


def test_a_plain_cv_is_still_accepted(client, world):
    """Also with an opening view ("/OpenAction [page /Fit]", as LaTeX writes) and a normal link."""
    text = zlib.compress(b"BT /F1 12 Tf 72 712 Td (Lebenslauf Mila) Tj ET")
    plain = pdf(
        b"/OpenAction [2 0 R /Fit] ",
        b"3 0 obj\n<< /Type /Annot /Subtype /Link /A << /S /URI /URI (mailto:mila@example.org) >> >>\nendobj\n"
        b"4 0 obj\n<< /Length "
        + str(len(text)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + text
        + b"\nendstream\nendobj\n",
    )
    assert apply(client, world, plain).status_code == 201
