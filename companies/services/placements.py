"""Placements: create, edit, publish, close, reopen, archive, copy; the rules a placement keeps."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from companies.errors import ErrorCode
from companies.signals import placement_changed

from ..models import (
    Company,
    Placement,
    PlacementKind,
    PlacementStatus,
)
from ..permissions import require_member
from ..selectors import placement_seats_taken
from .shared import _apply, _audit, _unique_slug, sanitize_html

CAREER_DAY_MAX_SEATS = 9  # KAoA: a company offers at most 9 seats per Berufsfelderkundung
MIN_AGE = 13
MAX_INTERNSHIP_DAYS = 42
PLACEMENT_EDITABLE_FIELDS = (  # what a company edits on a placement, in this order: the page's form and the API
    "kind",
    "title",
    "occupation",
    "berufsfelder",
    "description",
    "site",
    "start_date",
    "end_date",
    "seats",
    "min_grade",
    "min_age",
    "required_qualification",
    "application_deadline",
    "is_accessible",
    "accessibility_notes",
    "languages",
    "contact",
)
PLACEMENT_FIELDS = tuple(f for f in PLACEMENT_EDITABLE_FIELDS if f != "berufsfelder")  # columns; berufsfelder is M2M


def _placement_validate(p: Placement, *, berufsfelder, publishing: bool) -> None:
    """The rules that make a placement possible. Each refusal names the field and says what to do."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not (p.title or "").strip():
        errors["title"] = _("Bitte gib einen Titel an.")
    if p.kind not in PlacementKind.values:
        errors["kind"] = _("Bitte wähle die Art des Angebots.")
    if p.site_id is None:
        errors["site"] = _("Bitte wähle einen Standort. Noch keinen angelegt? Lege zuerst einen Standort an.")
    elif p.site.company_id != p.company_id:
        errors["site"] = _("Dieser Standort gehört zu einem anderen Unternehmen. Bitte wähle einen eigenen Standort.")
    if p.contact is not None and p.contact.company_id != p.company_id:
        errors["contact"] = _("Diese Ansprechperson gehört zu einem anderen Unternehmen.")
    if p.seats is None or p.seats < 1:
        errors["seats"] = _("Bitte biete mindestens einen Platz an.")
    if p.min_age is not None and p.min_age < MIN_AGE:
        errors["min_age"] = _("Das Mindestalter muss mindestens %(n)s Jahre sein (Jugendarbeitsschutz).") % {
            "n": MIN_AGE
        }
    elif p.min_age is not None and p.min_age > 30:
        errors["min_age"] = _("Bitte gib ein Mindestalter bis 30 Jahre an oder lass das Feld leer.")
    if p.min_grade is not None and not 5 <= p.min_grade <= 13:
        errors["min_grade"] = _("Bitte gib eine Klasse zwischen 5 und 13 an oder lass das Feld leer.")
    start, end = p.start_date, p.end_date
    if start is None:
        errors["start_date"] = _("Bitte gib das Datum des Beginns an.")
    else:
        if end is not None and end < start:
            errors["end_date"] = _("Das Ende liegt vor dem Beginn. Bitte prüfe die Daten.")
        if p.kind == PlacementKind.CAREER_DAY:
            if end is not None and end != start:
                errors["end_date"] = _("Eine Berufsfelderkundung dauert einen Tag: Beginn und Ende sind derselbe Tag.")
            if p.seats and p.seats > CAREER_DAY_MAX_SEATS:
                errors["seats"] = _(
                    "Für eine Berufsfelderkundung sind höchstens %(n)s Plätze möglich (KAoA). Biete "
                    "für mehr Schüler*innen einen weiteren Termin an."
                ) % {"n": CAREER_DAY_MAX_SEATS}
        if p.kind in (PlacementKind.SCHOOL_INTERNSHIP, PlacementKind.HOLIDAY_INTERNSHIP):
            if end is None:
                errors["end_date"] = _("Bitte gib an, bis wann das Praktikum dauert.")
            elif (end - start).days + 1 > MAX_INTERNSHIP_DAYS and "end_date" not in errors:
                errors["end_date"] = _("Ein Praktikum dauert hier höchstens 6 Wochen. Bitte prüfe das Ende.")
        if p.application_deadline is not None and p.application_deadline > start:
            errors["application_deadline"] = _(
                "Der Bewerbungsschluss liegt nach dem Beginn. Bitte wähle einen Tag bis zum Beginn."
            )
        if publishing and start < today:
            errors["start_date"] = _(
                "Der Beginn liegt in der Vergangenheit. Bitte wähle ein neues Datum, bevor du veröffentlichst."
            )
    if publishing and p.application_deadline is not None and p.application_deadline < today:
        errors.setdefault("application_deadline", _("Der Bewerbungsschluss ist vorbei. Bitte wähle ein neues Datum."))
    if p.kind in (PlacementKind.APPRENTICESHIP,) and p.occupation_id is None and publishing:
        errors["occupation"] = _("Bitte wähle den Ausbildungsberuf.")
    if publishing and not berufsfelder:
        errors["berufsfelder"] = _("Bitte wähle mindestens ein Berufsfeld.")
    langs = p.languages or []
    if not isinstance(langs, list) or not all(isinstance(x, str) and re.fullmatch(r"[a-z]{2}", x) for x in langs):
        errors["languages"] = _("Bitte gib Sprachen als Kürzel an, z. B. de, en, tr.")
    if errors:
        raise ValidationError(errors)


def _normalise_placement(p: Placement) -> None:
    if p.kind == PlacementKind.CAREER_DAY and p.start_date and p.end_date is None:
        p.end_date = p.start_date
    if p.kind in (PlacementKind.APPRENTICESHIP, PlacementKind.DUAL_STUDY):
        p.end_date = None  # only a start date; the duration is the occupation's
    p.title = (p.title or "").strip()
    p.description = sanitize_html(p.description)
    if isinstance(p.languages, str):
        p.languages = [x.strip().lower() for x in p.languages.split(",") if x.strip()]
    elif isinstance(p.languages, list):
        p.languages = [x.strip().lower() if isinstance(x, str) else x for x in p.languages]


def _berufsfelder_for(p: Placement, berufsfelder):
    if berufsfelder:
        return list(berufsfelder)
    if p.occupation is not None:
        return list(p.occupation.berufsfelder.all())
    return []


@transaction.atomic
def placement_create(*, company: Company, by: User, berufsfelder=None, **data) -> Placement:
    """A new placement starts as a draft (or is published at once with publish=True)."""
    require_member(by, company)
    publish = data.pop("publish", False)
    p = Placement(company=company)
    _apply(p, data, PLACEMENT_FIELDS)
    _normalise_placement(p)
    fields = _berufsfelder_for(p, berufsfelder)
    _placement_validate(p, berufsfelder=fields, publishing=False)
    p.slug = _unique_slug(Placement, p.title, max_length=180, company=company)
    p.save()
    p.berufsfelder.set(fields)
    _audit(company=company, actor=by, action="placement.create", target=p)
    placement_changed(p.pk)
    if publish:
        p = placement_publish(placement=p, by=by)
    return p


@transaction.atomic
def placement_update(*, placement: Placement, by: User, berufsfelder=None, publish: bool = False, **data) -> Placement:
    """Change a placement; with publish=True also publish it, all or nothing (a refused publish keeps no change)."""
    require_member(by, placement.company)
    p = Placement.objects.select_for_update().get(pk=placement.pk)
    if p.status == PlacementStatus.ARCHIVED:
        raise DomainError(
            _("Archivierte Angebote können nicht mehr geändert werden. Kopiere das Angebot, um es erneut anzubieten."),
            code=ErrorCode.ARCHIVED,
        )
    old_start, old_seats = p.start_date, p.seats
    changes = _apply(p, data, PLACEMENT_FIELDS)
    _normalise_placement(p)
    if p.seats != old_seats:
        accepted = placement_seats_taken(p)
        if p.seats < accepted:
            raise ValidationError(
                {
                    "seats": ngettext(
                        "1 Platz ist schon zugesagt. Bitte gib mindestens 1 Platz an.",
                        "%(n)d Plätze sind schon zugesagt. Bitte gib mindestens %(n)d Plätze an.",
                        accepted,
                    )
                    % {"n": accepted}
                }
            )
        if (
            p.seats > old_seats
            and p.closed_when_full
            and p.status == PlacementStatus.CLOSED
            and p.seats > accepted
            and p.start_date > timezone.localdate()
        ):
            # It closed itself because it was full; with a free seat again it takes applications again.
            p.status, p.closed_when_full = PlacementStatus.PUBLISHED, False
            changes["status"] = (PlacementStatus.CLOSED, PlacementStatus.PUBLISHED)
    fields = list(berufsfelder) if berufsfelder is not None else list(p.berufsfelder.all())
    _placement_validate(p, berufsfelder=fields, publishing=False)
    if p.status == PlacementStatus.PUBLISHED:
        # A published placement must stay possible: no moving it into the past, no emptying its fields.
        if p.start_date != old_start and p.start_date < timezone.localdate():
            raise ValidationError(
                {"start_date": _("Der Beginn liegt in der Vergangenheit. Bitte wähle ein neues Datum.")}
            )
        if not fields:
            raise ValidationError({"berufsfelder": _("Bitte wähle mindestens ein Berufsfeld.")})
    p.save()
    if berufsfelder is not None:
        old = set(p.berufsfelder.values_list("pk", flat=True))
        if old != {b.pk for b in fields}:
            p.berufsfelder.set(fields)
            changes["berufsfelder"] = (sorted(old), sorted(b.pk for b in fields))
    if changes:
        _audit(company=p.company, actor=by, action="placement.update", target=p, changes=changes)
    placement_changed(p.pk)
    if publish:
        p = placement_publish(placement=p, by=by)
    return p


def _transition(
    placement: Placement,
    by: User,
    *,
    allowed_from,
    to: str,
    action: str,
    message: str,
    validate_publish=False,
    reason: str = "",
    check=None,
) -> Placement:
    require_member(by, placement.company)
    p = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("company", "site", "contact")
        .get(pk=placement.pk)
    )
    if p.status not in allowed_from:
        raise DomainError(message, code=ErrorCode.INVALID_STATUS, field="status")
    if check is not None:
        check(p)  # under the row lock
    if validate_publish:
        if not by.is_email_verified:
            raise DomainError(
                _("Bitte bestätige zuerst deine E-Mail-Adresse; danach kannst du veröffentlichen."),
                code=ErrorCode.EMAIL_UNVERIFIED,
            )
        _placement_validate(p, berufsfelder=list(p.berufsfelder.all()), publishing=True)
    old = p.status
    p.status = to
    # Closing or reopening by hand ends "closed because full": only the acceptance flow sets it.
    p.closed_when_full = False
    update = ["status", "closed_when_full", "updated_at"]
    if to == PlacementStatus.PUBLISHED:
        p.published_at = timezone.now()
        update.append("published_at")
    p.save(update_fields=update)
    _audit(company=p.company, actor=by, action=action, target=p, changes={"status": (old, to)}, reason=reason)
    placement_changed(p.pk)
    return p


@transaction.atomic
def placement_publish(*, placement: Placement, by: User) -> Placement:
    """draft → published, after the full check (dates not in the past, a Berufsfeld, ...)."""
    return _transition(
        placement,
        by,
        allowed_from=[PlacementStatus.DRAFT],
        to=PlacementStatus.PUBLISHED,
        action="placement.publish",
        validate_publish=True,
        message=_("Nur Entwürfe können veröffentlicht werden. Ein geschlossenes Angebot kannst du wieder öffnen."),
    )


@transaction.atomic
def placement_close(*, placement: Placement, by: User) -> Placement:
    """published → closed: stays visible to applicants in their list, takes no new applications."""
    return _transition(
        placement,
        by,
        allowed_from=[PlacementStatus.PUBLISHED],
        to=PlacementStatus.CLOSED,
        action="placement.close",
        message=_("Nur veröffentlichte Angebote können geschlossen werden."),
    )


@transaction.atomic
def placement_reopen(*, placement: Placement, by: User) -> Placement:
    """closed → published again (checked like a first publication)."""
    return _transition(
        placement,
        by,
        allowed_from=[PlacementStatus.CLOSED],
        to=PlacementStatus.PUBLISHED,
        action="placement.reopen",
        validate_publish=True,
        check=_require_free_seat,
        message=_("Nur geschlossene Angebote können wieder geöffnet werden."),
    )


def _require_free_seat(p: Placement) -> None:
    accepted = placement_seats_taken(p)
    if p.seats - accepted <= 0:
        raise DomainError(
            _(
                "Alle %(seats)d Plätze sind schon zugesagt. Erhöhe zuerst die Zahl der Plätze, um das "
                "Angebot wieder zu öffnen."
            )
            % {"seats": p.seats},
            code=ErrorCode.FULL,
            field="seats",
        )


@transaction.atomic
def placement_archive(*, placement: Placement, by: User) -> Placement:
    """draft/published/closed → archived: final; copy it to offer it again."""
    return _transition(
        placement,
        by,
        allowed_from=[PlacementStatus.DRAFT, PlacementStatus.PUBLISHED, PlacementStatus.CLOSED],
        to=PlacementStatus.ARCHIVED,
        action="placement.archive",
        message=_("Dieses Angebot ist schon archiviert."),
    )


def _next_year(d):
    if d is None:
        return None
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


@transaction.atomic
def placement_copy(*, placement: Placement, by: User) -> Placement:
    """A new draft for next year: same content, every date one year later."""
    require_member(by, placement.company)
    src = Placement.objects.select_related("company").get(pk=placement.pk)
    fields = list(src.berufsfelder.all())
    p = Placement(company=src.company, **{f: getattr(src, f) for f in PLACEMENT_FIELDS})
    p.start_date, p.end_date = _next_year(src.start_date), _next_year(src.end_date)
    p.application_deadline = _next_year(src.application_deadline)
    p.status = PlacementStatus.DRAFT
    p.slug = _unique_slug(Placement, f"{src.title} {p.start_date.year}", max_length=180, company=src.company)
    p.save()
    p.berufsfelder.set(fields)
    _audit(company=p.company, actor=by, action="placement.copy", target=p, changes={"copied_from": (None, src.pk)})
    placement_changed(p.pk)
    return p


def placement_record_view(*, placement: Placement) -> None:
    """Counted on the public page; no audit, no index update (views are not searchable)."""
    Placement.objects.filter(pk=placement.pk).update(view_count=F("view_count") + 1)
