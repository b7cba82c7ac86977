"""What every company service shares: the audit trail, applying allowed fields, safe HTML, slugs, mail."""

from __future__ import annotations

import datetime
import hashlib
import html
import re

import nh3
from django.core.exceptions import ValidationError
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from backend.mail.services import email_send  # the accounts app owns mail: queued, sent after commit
from backend.textlimits import text_within
from companies.signals import placements_changed

from ..models import (
    AuditEntry,
    Company,
)

# Slugs that are page or API paths next to /unternehmen/<slug>/ and so cannot be company slugs.
RESERVED_SLUGS = {"registrieren", "neu", "verwaltung", "einladung", "suche", "new", "signup"}
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4"}


def sanitize_html(text: str) -> str:
    """Company-written formatted text: a small tag set, links get rel="noopener nofollow".
    Plain text (a textarea without any tags) becomes paragraphs, so forms work without an editor."""
    text = (text or "").strip()
    if not text:
        return ""
    if not re.search(r"</?[a-zA-Z][^>]*>", text):
        paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
        text = "".join("<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        link_rel="noopener nofollow",
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    ).strip()


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def _audit(*, company, actor, action: str, target, changes: dict | None = None, reason: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        company=company,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target.__class__.__name__.lower(),
        target_id=target.pk,
        target_repr=str(target)[:200],
        changes={k: [_jsonable(a), _jsonable(b)] for k, (a, b) in (changes or {}).items()},
        reason=reason[:255],
    )


def _field_label(obj, key: str) -> str:
    return _("„%(name)s“") % {"name": capfirst(obj._meta.get_field(key).verbose_name)}


def _apply(obj, data: dict, allowed) -> dict:
    """Set the given fields and return {field: (old, new)} for those that really changed."""
    changes = {}
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Dieses Feld kann hier nicht geändert werden.")})
    for key, value in data.items():
        if isinstance(value, str):  # too long is refused with the limit, never cut (nor stored whole by SQLite)
            limit = getattr(obj._meta.get_field(key), "max_length", None)
            if limit and len(value) > limit:
                text_within(value, field=key, limit=limit, label=_field_label(obj, key))
        old = getattr(obj, key, None)  # an unset foreign key raises a subclass of AttributeError
        if old != value:
            changes[key] = (old, value)
            setattr(obj, key, value)
    return changes


GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _unique_slug(model, base: str, *, max_length: int, **scope) -> str:
    # "Bäckerei Müller" -> "baeckerei-mueller", as Germans write it without umlauts (slugify would drop them)
    base = (slugify((base or "").translate(GERMAN_TRANSLITERATION)) or "eintrag")[: max_length - 6].strip(
        "-"
    ) or "eintrag"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug, **scope).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _placements_of_company_changed(company: Company) -> None:
    placements_changed(company.placements.values_list("pk", flat=True))


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_email(*, to, template: str, context: dict) -> None:
    email_send(to=to, template=template, context=context)
