"""companies/images.py: what a company sees when it uploads a logo or photo."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from companies import images


def _jpeg(size=(800, 600), exif=None, color=(200, 30, 30)):
    buf = io.BytesIO()
    img = Image.new("RGB", size, color)
    # some structure so the JPEG is not trivially tiny
    for x in range(0, size[0], 7):
        img.putpixel((x, x % size[1]), (0, 0, 255))
    img.save(buf, "JPEG", quality=90, **({"exif": exif} if exif is not None else {}))
    return buf.getvalue()


def _upload(data, name="bild.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _message(exc_info, field="image"):
    return " ".join(exc_info.value.message_dict[field])


def _open(data):
    return Image.open(io.BytesIO(data))


def test_accepts_jpeg_and_makes_three_webp_sizes():
    result = images.process_image(_upload(_jpeg((2000, 1500))))
    assert set(result.renditions) == {"list", "card", "page"}
    for name, edge in images.SIZES.items():
        out = _open(result.renditions[name])
        assert out.format == "WEBP"
        assert max(out.size) == edge


def test_small_image_is_not_upscaled():
    result = images.process_image(_upload(_jpeg((300, 200))))
    assert _open(result.renditions["page"]).size == (300, 200)
    assert _open(result.renditions["list"]).size == (160, 107)


def test_decompression_bomb_is_refused():
    buf = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buf, "PNG")  # 144 megapixels in a few kilobytes
    data = buf.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        images.process_image(_upload(data, "bomb.png", "image/png"))
    assert "Megapixel" in _message(exc)


def test_renamed_svg_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError) as exc:
        images.process_image(_upload(svg, "logo.jpg", "image/jpeg"))
    assert "SVG" in _message(exc)


def test_other_file_types_are_refused_by_content():
    buf = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buf, "GIF")
    for data in (buf.getvalue(), b"%PDF-1.4 not an image", b"MZ\x90\x00 an exe"):
        with pytest.raises(ValidationError) as exc:
            images.process_image(_upload(data, "foto.png", "image/png"))
        assert "JPEG, PNG oder WebP" in _message(exc)


def test_truncated_jpeg_is_refused():
    data = _jpeg((1200, 900))
    with pytest.raises(ValidationError) as exc:
        images.process_image(_upload(data[: len(data) // 2]))
    assert "beschädigt oder unvollständig" in _message(exc)


def test_30_mb_file_is_refused_by_size():
    data = _jpeg((100, 100)) + b"\0" * (30 * 1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        images.process_image(_upload(data, "riesig.jpg"), field_name="logo")
    assert "zu groß" in _message(exc, "logo")
    assert "8 MB" in _message(exc, "logo")


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        images.process_image(_upload(b""))
    assert "leer" in _message(exc)


def test_gps_exif_is_gone_and_orientation_applied():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise on display
    exif[ExifTags.Base.Make] = "Handy"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 50.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (7.0, 28.0, 0.0),
    }
    data = _jpeg((400, 200), exif=exif.tobytes())
    assert _open(data).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input really has GPS

    result = images.process_image(_upload(data))
    for content in result.renditions.values():
        out = _open(content)
        assert len(out.getexif()) == 0
        assert not out.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in out.info and "xmp" not in out.info
        assert b"Handy" not in content
    assert _open(result.renditions["page"]).size == (200, 400)  # portrait, as the phone showed it


def test_png_with_alpha_keeps_transparency():
    img = Image.new("RGBA", (300, 300), (0, 128, 0, 255))
    img.putpixel((0, 0), (0, 0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    result = images.process_image(_upload(buf.getvalue(), "logo.png", "image/png"))
    assert result.has_alpha
    out = _open(result.renditions["page"]).convert("RGBA")
    assert out.getpixel((0, 0))[3] == 0
    assert out.getpixel((150, 150))[3] == 255


def test_webp_is_accepted():
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (1, 2, 3)).save(buf, "WEBP")
    result = images.process_image(_upload(buf.getvalue(), "x.bin", "application/octet-stream"))
    assert _open(result.renditions["card"]).size == (480, 360)
