"""The company itself: registration, its Steckbrief, logo and photos, and how complete it is."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import Role, User
from backend.accounts.services import user_register
from backend.api.exceptions import DomainError
from backend.textlimits import text_within
from companies.errors import ErrorCode

from .. import images
from ..models import (
    Company,
    CompanyPhoto,
    MemberRole,
    Membership,
)
from ..permissions import forget_memberships, require_member
from .shared import _apply, _audit, _placements_of_company_changed, _unique_slug, sanitize_html

MAX_PHOTOS = 6

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
