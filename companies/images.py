"""Company images (logo and photos): checked by content, cleaned and re-encoded with Pillow.

Why so strict: uploads are shown to minors and served from our domain. We accept only JPEG, PNG and
WebP, recognised by their bytes (never by name or content type), refuse SVG (it can carry scripts)
and everything else, refuse decompression bombs by a pixel limit, drop all metadata (EXIF with GPS,
XMP) after applying the EXIF orientation, and re-encode to WebP in three sizes. Memory is bounded before
decoding (pixel count from the header; JPEGs decoded at reduced scale) and in concurrency (DECODE_SLOTS). Every refusal is a
German sentence that says what to do, raised as ValidationError({field: message}).
"""

from __future__ import annotations

import io
import threading
import uuid
import warnings
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
# Pixels cost memory when decoded (3-4 bytes each), whatever the file size: a 12 KB PNG can say 40 megapixels.
# The header is read first and anything larger is refused before a pixel is decoded. 24 MP is a 6000 x 4000
# camera photo; phones save 12 MP.
MAX_PIXELS = 24_000_000
# At most this many images decode at once in one process (each up to ~100 MB); others wait briefly, then are
# asked to try again, so uploads cannot starve the other requests of memory and CPU.
MAX_CONCURRENT_DECODES = 2
DECODE_WAIT_SECONDS = 10.0
DECODE_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_DECODES)
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
# Longest side in pixels for each place an image is shown.
SIZES = {"list": 160, "card": 480, "page": 1200}
OUTPUT_FORMAT = "WEBP"
OUTPUT_EXT = "webp"
QUALITY = 82


@dataclass
class ProcessedImage:
    width: int
    height: int
    has_alpha: bool
    renditions: dict[str, bytes] = field(default_factory=dict)


def _refuse(field_name: str, message: str):
    raise ValidationError({field_name: message})


def _read(upload, field_name: str) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        _refuse(
            field_name,
            _(
                "Die Datei ist zu groß (%(mb)s MB). Erlaubt sind höchstens %(max)s MB – bitte "
                "verkleinere das Bild und lade es erneut hoch."
            )
            % {"mb": f"{size / 1024 / 1024:.0f}", "max": MAX_BYTES // 1024 // 1024},
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1) if hasattr(upload, "read") else bytes(upload)
    if len(data) > MAX_BYTES:
        _refuse(
            field_name,
            _(
                "Die Datei ist zu groß. Erlaubt sind höchstens %(max)s MB – bitte verkleinere das "
                "Bild und lade es erneut hoch."
            )
            % {"max": MAX_BYTES // 1024 // 1024},
        )
    if not data:
        _refuse(field_name, _("Die Datei ist leer. Bitte wähle ein Bild (JPEG, PNG oder WebP) aus."))
    return data


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and (b"<svg" in head or b"<?xml" in head or b"<!doctype svg" in head)


def _open_checked(data: bytes, field_name: str) -> Image.Image:
    """Check format and pixel count from the header, then decode (JPEG at a reduced scale where possible)."""
    not_allowed = _(
        "Diese Datei ist kein Bild im Format JPEG, PNG oder WebP. Bitte speichere das Bild in einem "
        "dieser Formate und lade es erneut hoch."
    )
    too_big = _(
        "Das Bild hat zu viele Pixel (höchstens %(mp)s Megapixel, z. B. 6000 × 4000). Bitte verkleinere es und "
        "lade es erneut hoch."
    ) % {"mp": MAX_PIXELS // 1_000_000}
    broken = _(
        "Das Bild ist beschädigt oder unvollständig. Bitte öffne es in einem Bildprogramm, speichere es neu "
        "und lade es erneut hoch."
    )
    if _looks_like_svg(data):
        _refuse(field_name, _("SVG-Grafiken sind nicht erlaubt. Bitte lade das Bild als JPEG, PNG oder WebP hoch."))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Image.open reads only the header: format and size are known before any pixel is decoded.
            probe = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            if probe.format not in ALLOWED_FORMATS:
                _refuse(field_name, not_allowed)
            if probe.width * probe.height > MAX_PIXELS:
                _refuse(field_name, too_big)
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            if image.format == "JPEG":
                # decode at 1/2, 1/4 or 1/8 scale when that still covers the largest rendition
                edge = max(SIZES.values())
                image.draft("RGB", (edge, edge))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(field_name, too_big)
        except UnidentifiedImageError:
            _refuse(field_name, not_allowed)
        except (OSError, SyntaxError, ValueError, EOFError):
            # Pillow reports truncated or corrupt data as OSError/SyntaxError.
            _refuse(field_name, broken)
    return image


def process_image(upload, *, field_name: str = "image") -> ProcessedImage:
    """Check an upload and return clean WebP renditions for every size in SIZES.

    Raises ValidationError({field_name: German message}) for anything we do not accept, and when
    MAX_CONCURRENT_DECODES images are already being decoded in this process for DECODE_WAIT_SECONDS."""
    data = _read(upload, field_name)
    if not DECODE_SLOTS.acquire(timeout=DECODE_WAIT_SECONDS):
        _refuse(
            field_name,
            _(
                "Gerade werden sehr viele Bilder verarbeitet. Bitte versuche es in einer Minute noch einmal – "
                "deine Eingaben bleiben erhalten."
            ),
        )
    try:
        return _process(data, field_name)
    finally:
        DECODE_SLOTS.release()


def _process(data: bytes, field_name: str) -> ProcessedImage:
    image = _open_checked(data, field_name)
    # Shrink first (in place), so the steps below work on at most the largest rendition, not the full image.
    edge = max(SIZES.values())
    image.thumbnail((edge, edge), Image.Resampling.LANCZOS, reducing_gap=3.0)
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a broken orientation tag must not stop an otherwise fine photo
        pass
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    clean = image.convert("RGBA" if has_alpha else "RGB")
    # A fresh image carries no metadata at all: EXIF (incl. GPS), XMP, comments are gone.
    stripped = Image.new(clean.mode, clean.size)
    stripped.paste(clean)
    renditions = {}
    for name, edge in SIZES.items():
        copy = stripped.copy()
        copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        copy.save(buf, OUTPUT_FORMAT, quality=QUALITY)
        renditions[name] = buf.getvalue()
    return ProcessedImage(width=stripped.width, height=stripped.height, has_alpha=has_alpha, renditions=renditions)


def store_renditions(processed: ProcessedImage, *, folder: str) -> dict[str, str]:
    """Save the renditions under a random name (no user file name ever reaches storage)."""
    stem = uuid.uuid4().hex
    return {
        name: default_storage.save(f"{folder}/{stem}-{name}.{OUTPUT_EXT}", ContentFile(content))
        for name, content in processed.renditions.items()
    }


def delete_renditions(names: dict[str, str] | None) -> None:
    for name in (names or {}).values():
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                pass
