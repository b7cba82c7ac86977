"""Every write to a company, its people, sites, images and placements.

Services check who acts (companies/permissions.py), validate with German messages
(ValidationError({field: msg}) for bad input, DomainError for broken rules), write an AuditEntry and
tell the search index (matching.indexing) about every placement that changed. Pages and the JSON API
call these same functions.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import math
import re
import secrets
from datetime import timedelta

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.accounts.models import Role, User
from backend.accounts.services import user_register
from backend.api.exceptions import DomainError
from backend.mail.services import email_send  # the accounts app owns mail: queued, sent after commit
from backend.reference.geo import haversine_km
from backend.reference.models import PostalCode
from backend.reference.selectors import UNKNOWN_POSTAL_CODE, postal_code_find
from backend.textlimits import text_within
from companies.errors import ErrorCode
from matching import indexing
from seekers.selectors import placement_seats_taken

from . import images
from .models import (
    AuditEntry,
    Company,
    CompanyPhoto,
    ContactPerson,
    Invitation,
    MemberRole,
    Membership,
    Placement,
    PlacementKind,
    PlacementStatus,
    Site,
)
from .permissions import forget_memberships, require_city_staff, require_member, require_owner

MAX_PHOTOS = 6
INVITATION_DAYS = 14
CAREER_DAY_MAX_SEATS = 9  # KAoA: a company offers at most 9 seats per Berufsfelderkundung
MIN_AGE = 13
MAX_INTERNSHIP_DAYS = 42
# Slugs that are page or API paths next to /unternehmen/<slug>/ and so cannot be company slugs.
RESERVED_SLUGS = {"registrieren", "neu", "verwaltung", "einladung", "suche", "new", "signup"}

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4"}
COMPANY_FIELDS = (
    "name",
    "legal_name",
    "industry",
    "size_band",
    "description",
    "website",
    "offers_career_days",
    "offers_internships",
    "offers_apprenticeships",
    "requires_infection_briefing",
    "requires_police_certificate",
)
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


# --- helpers ------------------------------------------------------------------------------------------
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
    indexing.placements_changed(company.placements.values_list("pk", flat=True))


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_email(*, to, template: str, context: dict) -> None:
    email_send(to=to, template=template, context=context)


# --- company ------------------------------------------------------------------------------------------
@transaction.atomic
def company_register(*, user: User, name: str, **profile) -> Company:
    """A company member creates a company and becomes its first owner (one transaction)."""
    if user.role != Role.COMPANY:
        exc = DomainError(
            _("Nur Unternehmenskonten können ein Unternehmen anlegen. Bitte registriere dich als Unternehmen."),
            code=ErrorCode.PERMISSION_DENIED,
            field="name",
        )
        raise exc
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte gib den Namen des Unternehmens an.")})
    company = Company(name=name, slug=_unique_slug(Company, name, max_length=140))
    _apply(company, {k: v for k, v in profile.items() if k != "berufsfelder"}, COMPANY_FIELDS)
    company.description = sanitize_html(company.description)
    company.full_clean(exclude=["logo"])
    company.save()
    if profile.get("berufsfelder"):
        company.berufsfelder.set(profile["berufsfelder"])
    membership = Membership.objects.create(company=company, user=user, role=MemberRole.OWNER)
    forget_memberships(user)
    _audit(company=company, actor=user, action="company.register", target=company)
    _audit(
        company=company,
        actor=user,
        action="membership.create",
        target=membership,
        changes={"role": (None, MemberRole.OWNER)},
    )
    return company


@transaction.atomic
def company_signup(
    *, email: str, password: str, company_name: str, first_name: str = "", last_name: str = ""
) -> Company:
    """Sign-up of a new company: the account (accounts' user_register mails the verification code)
    and the company with its owner membership, all or nothing."""
    if not (company_name or "").strip():
        raise ValidationError({"company_name": _("Bitte gib den Namen des Unternehmens an.")})
    user = user_register(email=email, password=password, role=Role.COMPANY, first_name=first_name, last_name=last_name)
    return company_register(user=user, name=company_name)


@transaction.atomic
def company_update(*, company: Company, by: User, **data) -> Company:
    require_member(by, company)
    berufsfelder = data.pop("berufsfelder", None)
    if "description" in data:
        data["description"] = sanitize_html(data["description"])
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise ValidationError({"name": _("Bitte gib den Namen des Unternehmens an.")})
    changes = _apply(company, data, COMPANY_FIELDS)
    company.full_clean(exclude=["logo", "slug"])
    company.save()
    if berufsfelder is not None:
        old = set(company.berufsfelder.values_list("pk", flat=True))
        new = {b.pk for b in berufsfelder}
        if old != new:
            company.berufsfelder.set(berufsfelder)
            changes["berufsfelder"] = (sorted(old), sorted(new))
    if changes:
        _audit(company=company, actor=by, action="company.update", target=company, changes=changes)
        _placements_of_company_changed(company)
    return company


@transaction.atomic
def company_logo_replace(*, company: Company, by: User, upload) -> Company:
    require_member(by, company)
    processed = images.process_image(upload, field_name="logo")
    old = dict(company.logo_sizes or {})
    company.logo_sizes = images.store_renditions(processed, folder="logos")
    company.logo.name = company.logo_sizes["page"]
    company.save(update_fields=["logo", "logo_sizes", "updated_at"])
    transaction.on_commit(lambda: images.delete_renditions(old))
    _audit(company=company, actor=by, action="company.logo", target=company)
    _placements_of_company_changed(company)
    return company


@transaction.atomic
def company_logo_remove(*, company: Company, by: User) -> Company:
    require_member(by, company)
    old = dict(company.logo_sizes or {})
    company.logo_sizes = {}
    company.logo.name = ""
    company.save(update_fields=["logo", "logo_sizes", "updated_at"])
    transaction.on_commit(lambda: images.delete_renditions(old))
    _audit(company=company, actor=by, action="company.logo_remove", target=company)
    _placements_of_company_changed(company)
    return company


@transaction.atomic
def company_photo_add(*, company: Company, by: User, upload, caption: str = "") -> CompanyPhoto:
    require_member(by, company)
    Company.objects.select_for_update().filter(pk=company.pk).first()  # serialise the count below
    if company.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            {"image": _("Es sind höchstens %(n)s Fotos möglich. Bitte lösche zuerst ein Foto.") % {"n": MAX_PHOTOS}}
        )
    caption = text_within(caption, field="caption", limit=200, label=_("Die Bildunterschrift"))
    processed = images.process_image(upload, field_name="image")
    sizes = images.store_renditions(processed, folder="photos")
    position = (company.photos.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    photo = CompanyPhoto(company=company, sizes=sizes, caption=caption, position=position)
    photo.image.name = sizes["page"]
    photo.save()
    _audit(company=company, actor=by, action="photo.add", target=photo)
    return photo


@transaction.atomic
def company_photo_remove(*, photo: CompanyPhoto, by: User) -> None:
    require_member(by, photo.company)
    sizes = dict(photo.sizes or {})
    _audit(company=photo.company, actor=by, action="photo.remove", target=photo)
    photo.delete()
    transaction.on_commit(lambda: images.delete_renditions(sizes))


def company_completeness(company: Company) -> dict:
    """How complete the Steckbrief is (0–100 %) and the next step that improves it most.

    The steps are ordered by what students and schools look at first."""
    steps = [
        (
            "site",
            15,
            company.sites.exists(),
            _("Lege einen Standort an, damit Schüler*innen den Weg einschätzen können."),
        ),
        (
            "description",
            20,
            len(re.sub(r"<[^>]+>", "", company.description or "")) >= 200,
            _("Beschreibe dein Unternehmen in mindestens 200 Zeichen: Was erleben Schüler*innen bei euch?"),
        ),
        ("logo", 15, bool(company.logo_sizes), _("Lade euer Logo hoch.")),
        ("contact", 10, company.contacts.exists(), _("Nenne eine Ansprechperson.")),
        ("berufsfelder", 10, company.berufsfelder.exists(), _("Wähle die Berufsfelder, in denen ihr ausbildet.")),
        (
            "host_flags",
            5,
            company.offers_career_days or company.offers_internships or company.offers_apprenticeships,
            _("Gib an, was ihr anbietet: Berufsfelderkundung, Praktikum oder Ausbildung."),
        ),
        ("basics", 10, bool(company.industry and company.size_band), _("Gib Branche und Größe an.")),
        ("photos", 10, company.photos.exists(), _("Zeige mit Fotos, wie es bei euch aussieht.")),
        ("website", 5, bool(company.website), _("Verlinke eure Website.")),
    ]
    percent = sum(weight for _key, weight, done, _text in steps if done)
    missing = [(key, text) for key, _w, done, text in steps if not done]
    return {
        "percent": percent,
        "next_step": missing[0][1] if missing else "",
        "next_step_key": missing[0][0] if missing else "",
        "missing": [k for k, _t in missing],
    }


# --- contact persons ------------------------------------------------------------------------------------
CONTACT_FIELDS = ("name", "position", "email", "phone")


@transaction.atomic
def contact_person_create(*, company: Company, by: User, **data) -> ContactPerson:
    require_member(by, company)
    contact = ContactPerson(company=company)
    _apply(contact, data, CONTACT_FIELDS)
    contact.full_clean()
    contact.save()
    _audit(company=company, actor=by, action="contact.create", target=contact)
    return contact


@transaction.atomic
def contact_person_update(*, contact: ContactPerson, by: User, **data) -> ContactPerson:
    require_member(by, contact.company)
    changes = _apply(contact, data, CONTACT_FIELDS)
    contact.full_clean()
    contact.save()
    if changes:
        _audit(company=contact.company, actor=by, action="contact.update", target=contact, changes=changes)
        indexing.placements_changed(contact.placements.values_list("pk", flat=True))
    return contact


@transaction.atomic
def contact_person_delete(*, contact: ContactPerson, by: User) -> None:
    require_member(by, contact.company)
    ids = list(contact.placements.values_list("pk", flat=True))
    _audit(company=contact.company, actor=by, action="contact.delete", target=contact)
    contact.delete()
    indexing.placements_changed(ids)


# --- sites ----------------------------------------------------------------------------------------------
MAX_POINT_DISTANCE_KM = 15.0  # an exact point must lie near its postal code's centre


def _site_place(site: Site, postal_code, latitude, longitude) -> None:
    pc = postal_code_find(postal_code.pk if isinstance(postal_code, PostalCode) else postal_code)
    if pc is None:
        raise ValidationError({"postal_code": UNKNOWN_POSTAL_CODE})
    site.postal_code = pc
    site.district = pc.district
    if not site.city:
        site.city = pc.place
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("Bitte gib Breiten- und Längengrad zusammen an oder lass beide leer.")})
    if latitude is None:
        site.latitude, site.longitude, site.has_exact_point = pc.latitude, pc.longitude, False
        return
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            {"latitude": _("Bitte gib die Koordinaten als Zahlen an, z. B. 51.5136 und 7.4653.")}
        ) from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise ValidationError({"latitude": _("Diese Koordinaten gibt es nicht. Bitte prüfe Breiten- und Längengrad.")})
    if haversine_km(lat, lon, pc.latitude, pc.longitude) > MAX_POINT_DISTANCE_KM:
        raise ValidationError(
            {
                "latitude": _(
                    "Der Punkt liegt mehr als %(km)s km von der Postleitzahl %(code)s "
                    "entfernt. Bitte prüfe die Koordinaten oder die Postleitzahl."
                )
                % {"km": int(MAX_POINT_DISTANCE_KM), "code": pc.pk}
            }
        )
    site.latitude, site.longitude, site.has_exact_point = lat, lon, True


@transaction.atomic
def site_create(
    *, company: Company, by: User, name: str, street: str, postal_code, city: str = "", latitude=None, longitude=None
) -> Site:
    require_member(by, company)
    site = Site(company=company, name=(name or "").strip(), street=(street or "").strip(), city=(city or "").strip())
    _site_place(site, postal_code, latitude, longitude)
    site.full_clean()
    site.save()
    _audit(company=company, actor=by, action="site.create", target=site)
    return site


@transaction.atomic
def site_update(*, site: Site, by: User, **data) -> Site:
    require_member(by, site.company)
    before = {f: getattr(site, f) for f in ("name", "street", "city", "postal_code_id", "latitude", "longitude")}
    for f in ("name", "street", "city"):
        if f in data:
            setattr(site, f, (data.pop(f) or "").strip())
    if {"postal_code", "latitude", "longitude"} & set(data):
        _site_place(
            site, data.pop("postal_code", site.postal_code_id), data.pop("latitude", None), data.pop("longitude", None)
        )
    if data:
        raise ValidationError({sorted(data)[0]: _("Dieses Feld kann hier nicht geändert werden.")})
    site.full_clean()
    site.save()
    changes = {f: (v, getattr(site, f)) for f, v in before.items() if getattr(site, f) != v}
    if changes:
        _audit(company=site.company, actor=by, action="site.update", target=site, changes=changes)
        indexing.placements_changed(site.placements.values_list("pk", flat=True))
    return site


@transaction.atomic
def site_delete(*, site: Site, by: User) -> None:
    require_member(by, site.company)
    if site.placements.exclude(status=PlacementStatus.ARCHIVED).exists():
        raise DomainError(
            _("An diesem Standort gibt es noch Angebote. Bitte verlege oder archiviere sie zuerst."), field="site"
        )
    if site.placements.exists():
        raise DomainError(
            _("Archivierte Angebote verweisen noch auf diesen Standort; er bleibt deshalb erhalten."), field="site"
        )
    _audit(company=site.company, actor=by, action="site.delete", target=site)
    site.delete()


# --- colleagues -----------------------------------------------------------------------------------------
@transaction.atomic
def invitation_create(*, company: Company, by: User, email: str, role: str = MemberRole.EDITOR) -> Invitation:
    """Invite a colleague by email. The raw token is only in the email (and on `invitation.raw_token`)."""
    require_owner(by, company)
    email = (email or "").strip().lower()
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Bitte wähle die Rolle Inhaber*in oder Redakteur*in.")})
    inv = Invitation(company=company, email=email, role=role, invited_by=by)
    token = secrets.token_urlsafe(32)
    inv.token = _hash_token(token)
    inv.full_clean(exclude=["token"])
    if company.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("Diese Person gehört schon zum Unternehmen.")})
    inv.save()
    inv.raw_token = token
    url = settings.SITE_URL.rstrip("/") + reverse("companies:invitation_accept", kwargs={"token": token})
    _send_email(
        to=email,
        template="emails/companies/invitation",
        context={
            "company_name": company.name,
            "inviter": by.display_name,
            "url": url,
            "role": inv.get_role_display(),
            "days": INVITATION_DAYS,
        },
    )
    _audit(company=company, actor=by, action="invitation.create", target=inv, changes={"email": (None, email)})
    return inv


def invitation_get(*, token: str) -> Invitation:
    inv = (
        Invitation.objects.select_related("company")
        .filter(token=_hash_token(token or ""), accepted_at__isnull=True)
        .first()
    )
    if inv is None or inv.created_at < timezone.now() - timedelta(days=INVITATION_DAYS):
        raise DomainError(
            _("Diese Einladung ist ungültig, schon benutzt oder abgelaufen. Bitte lass dich erneut einladen."),
            code=ErrorCode.INVALID_INVITATION,
            field="token",
        )
    return inv


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    inv = invitation_get(token=token)
    Invitation.objects.select_for_update().filter(pk=inv.pk).first()
    refusal = None
    if user.email.lower() != inv.email.lower():
        refusal = DomainError(
            _("Diese Einladung gilt für %(email)s. Bitte melde dich mit dieser Adresse an.") % {"email": inv.email},
            code=ErrorCode.WRONG_ACCOUNT,
            field="token",
        )
    elif user.role != Role.COMPANY:
        refusal = DomainError(
            _(
                "Dieses Konto ist kein Unternehmenskonto. Bitte lege ein Unternehmenskonto mit der "
                "eingeladenen Adresse an."
            ),
            code=ErrorCode.WRONG_ROLE,
            field="token",
        )
    if refusal:
        refusal.status_code = 403  # the invitation is not this account's to accept
        raise refusal
    try:
        with transaction.atomic():
            membership = Membership.objects.create(company=inv.company, user=user, role=inv.role)
    except IntegrityError:
        membership = Membership.objects.get(company=inv.company, user=user)
    inv.accepted_at = timezone.now()
    inv.save(update_fields=["accepted_at"])
    forget_memberships(user)
    _audit(
        company=inv.company,
        actor=user,
        action="membership.create",
        target=membership,
        changes={"role": (None, membership.role)},
    )
    return membership


@transaction.atomic
def invitation_signup(*, token: str, password: str, first_name: str = "", last_name: str = "") -> Membership:
    """An invited colleague without an account: the account (for the invited address, code mailed by the
    accounts app) and the membership, all or nothing."""
    inv = invitation_get(token=token)
    user = user_register(
        email=inv.email, password=password, role=Role.COMPANY, first_name=first_name, last_name=last_name
    )
    return invitation_accept(token=token, user=user)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    require_owner(by, invitation.company)
    _audit(company=invitation.company, actor=by, action="invitation.revoke", target=invitation)
    invitation.delete()


def _other_owners(membership: Membership) -> int:
    return (
        Membership.objects.select_for_update()
        .filter(company_id=membership.company_id, role=MemberRole.OWNER)
        .exclude(pk=membership.pk)
        .count()
    )


@transaction.atomic
def membership_set_role(*, membership: Membership, by: User, role: str) -> Membership:
    require_owner(by, membership.company)
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Bitte wähle die Rolle Inhaber*in oder Redakteur*in.")})
    if membership.role == MemberRole.OWNER and role != MemberRole.OWNER and _other_owners(membership) == 0:
        raise DomainError(
            _(
                "Das Unternehmen braucht mindestens eine Inhaber*in. Bitte ernenne zuerst eine andere "
                "Person zur Inhaber*in."
            ),
            code=ErrorCode.LAST_OWNER,
            field="role",
        )
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    forget_memberships(membership.user)
    if old != role:
        _audit(
            company=membership.company,
            actor=by,
            action="membership.role",
            target=membership,
            changes={"role": (old, role)},
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Owners remove colleagues; anyone may leave. The last owner can do neither."""
    if membership.user_id == by.pk:
        require_member(by, membership.company)
    else:
        require_owner(by, membership.company)
    if membership.role == MemberRole.OWNER and _other_owners(membership) == 0:
        raise DomainError(
            _(
                "Die letzte Inhaber*in kann das Unternehmen nicht verlassen. Bitte ernenne zuerst eine "
                "andere Person zur Inhaber*in."
            ),
            code=ErrorCode.LAST_OWNER,
            field="membership",
        )
    _audit(
        company=membership.company,
        actor=by,
        action="membership.leave" if membership.user_id == by.pk else "membership.remove",
        target=membership,
        changes={"user": (membership.user.email, None)},
    )
    membership.delete()
    forget_memberships(membership.user)
    forget_memberships(by)


# --- placements -----------------------------------------------------------------------------------------
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
    if p.contact_id is not None and p.contact.company_id != p.company_id:
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
    if p.occupation_id:
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
    indexing.placement_changed(p.pk)
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
    indexing.placement_changed(p.pk)
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
    indexing.placement_changed(p.pk)
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
    indexing.placement_changed(p.pk)
    return p


def placement_record_view(*, placement: Placement) -> None:
    """Counted on the public page; no audit, no index update (views are not searchable)."""
    Placement.objects.filter(pk=placement.pk).update(view_count=F("view_count") + 1)


# --- city staff -----------------------------------------------------------------------------------------
def _notify_owners(company: Company, *, template: str, **context) -> None:
    """Tell the company's owners what the city did (verification, hiding with the reason)."""
    owners = list(company.memberships.filter(role=MemberRole.OWNER).values_list("user__email", flat=True))
    if not owners:
        return
    base = settings.SITE_URL.rstrip("/")
    _send_email(
        to=owners,
        template=template,
        context={
            "company_name": company.name,
            "url": base + company.get_absolute_url(),
            "dashboard_url": base + reverse("companies:company_dashboard", kwargs={"slug": company.slug}),
            **context,
        },
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Bitte gib einen Grund an; er wird im Protokoll gespeichert und dem Unternehmen angezeigt.")}
        )
    if len(reason) > 255:
        raise ValidationError({"reason": _("Bitte fasse den Grund in höchstens 255 Zeichen.")})
    return reason


@transaction.atomic
def company_verify(*, company: Company, by: User) -> Company:
    require_city_staff(by)
    company.is_verified, company.verified_at, company.verified_by = True, timezone.now(), by
    company.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    _audit(company=company, actor=by, action="company.verify", target=company, changes={"is_verified": (False, True)})
    _placements_of_company_changed(company)
    _notify_owners(company, template="emails/companies/verified")
    return company


@transaction.atomic
def company_unverify(*, company: Company, by: User, reason: str) -> Company:
    require_city_staff(by)
    reason = _reason(reason)
    company.is_verified, company.verified_at, company.verified_by = False, None, None
    company.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    _audit(
        company=company,
        actor=by,
        action="company.unverify",
        target=company,
        changes={"is_verified": (True, False)},
        reason=reason,
    )
    _placements_of_company_changed(company)
    return company


@transaction.atomic
def company_hide(*, company: Company, by: User, reason: str) -> Company:
    require_city_staff(by)
    company.is_hidden, company.hidden_reason = True, _reason(reason)
    company.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    _audit(company=company, actor=by, action="company.hide", target=company, reason=company.hidden_reason)
    _placements_of_company_changed(company)
    _notify_owners(company, template="emails/companies/hidden", what=company.name, reason=company.hidden_reason)
    return company


@transaction.atomic
def company_unhide(*, company: Company, by: User) -> Company:
    require_city_staff(by)
    company.is_hidden, company.hidden_reason = False, ""
    company.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    _audit(company=company, actor=by, action="company.unhide", target=company)
    _placements_of_company_changed(company)
    return company


@transaction.atomic
def placement_hide(*, placement: Placement, by: User, reason: str) -> Placement:
    require_city_staff(by)
    placement.is_hidden, placement.hidden_reason = True, _reason(reason)
    placement.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    _audit(
        company=placement.company, actor=by, action="placement.hide", target=placement, reason=placement.hidden_reason
    )
    indexing.placement_changed(placement.pk)
    _notify_owners(
        placement.company, template="emails/companies/hidden", what=placement.title, reason=placement.hidden_reason
    )
    return placement


@transaction.atomic
def placement_unhide(*, placement: Placement, by: User) -> Placement:
    require_city_staff(by)
    placement.is_hidden, placement.hidden_reason = False, ""
    placement.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    _audit(company=placement.company, actor=by, action="placement.unhide", target=placement)
    indexing.placement_changed(placement.pk)
    return placement


def company_moderate(*, company: Company, by: User, action: str, reason: str = "") -> Company:
    """One of the city's moderation actions by name; the page and the API both offer them (their URLs allow
    only these four names)."""
    if action == "verify":
        return company_verify(company=company, by=by)
    if action == "unverify":
        return company_unverify(company=company, by=by, reason=reason)
    if action == "hide":
        return company_hide(company=company, by=by, reason=reason)
    if action == "unhide":
        return company_unhide(company=company, by=by)
    raise ValueError(f"unknown moderation action {action!r}")


def placement_moderate(*, placement: Placement, by: User, action: str, reason: str = "") -> Placement:
    if action == "hide":
        return placement_hide(placement=placement, by=by, reason=reason)
    if action == "unhide":
        return placement_unhide(placement=placement, by=by)
    raise ValueError(f"unknown moderation action {action!r}")
