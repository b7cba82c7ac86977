"""Uploads are bounded before any pixel is decoded, and in how many decode at once (companies/images.py).
Through the real API as a company owner would upload a logo."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from companies import images

URL = "/api/v1/companies/{slug}/logo/"


def png_bomb(width=7300, height=5440) -> bytes:
    """A valid 1-bit PNG of width x height (39.7 megapixels) that is only a few kilobytes: all zeros."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def small_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def upload(api_client, company, data, name="logo.png"):
    return api_client.post(
        URL.format(slug=company.slug), {"image": SimpleUploadedFile(name, data, "image/png")}, format="multipart"
    )


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any pixel data is decoded."""

    def refuse(*args, **kwargs):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", refuse)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", refuse)


def test_the_12_kb_39_megapixel_png_is_refused_from_its_header(api_client, company, owner, no_decoding):
    data = png_bomb()
    assert len(data) < 16 * 1024
    api_client.force_authenticate(owner)
    response = upload(api_client, company, data)
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["logo"][0]
    assert "Megapixel" in message and "verkleinere" in message


def test_when_all_decode_slots_are_busy_the_upload_is_asked_to_try_again(api_client, company, owner, monkeypatch):
    monkeypatch.setattr(images, "DECODE_WAIT_SECONDS", 0.05)
    api_client.force_authenticate(owner)
    held = [images.DECODE_SLOTS.acquire(blocking=False) for _ in range(images.MAX_CONCURRENT_DECODES)]
    try:
        assert all(held)
        response = upload(api_client, company, small_png())
    finally:
        for _ in held:
            images.DECODE_SLOTS.release()
    assert response.status_code == 400
    assert "noch einmal" in response.json()["error"]["fields"]["logo"][0]
    # and with a free slot the same upload goes through
    assert upload(api_client, company, small_png()).status_code == 201


def test_a_big_photo_within_the_limit_is_decoded_small(monkeypatch):
    """JPEGs are decoded at a reduced scale (draft): a 4000x3000 photo never exists at full size in memory."""
    buf = io.BytesIO()
    Image.new("RGB", (4000, 3000), (200, 30, 30)).save(buf, "JPEG", quality=85)
    sizes = []
    original_load = Image.Image.load

    def spy(self, *args, **kwargs):
        sizes.append(self.size)
        return original_load(self, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "load", spy)
    result = images.process_image(SimpleUploadedFile("foto.jpg", buf.getvalue(), "image/jpeg"))
    assert max(Image.open(io.BytesIO(result.renditions["page"])).size) == images.SIZES["page"]
    assert sizes and max(w * h for w, h in sizes) < 4000 * 3000
