"""The company's sites (Standorte): where its placements take place."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from backend.reference.geo import haversine_km
from backend.reference.models import PostalCode
from backend.reference.selectors import UNKNOWN_POSTAL_CODE, postal_code_find
from companies.signals import placements_changed

from ..models import (
    Company,
    PlacementStatus,
    Site,
)
from ..permissions import require_member
from .shared import _audit

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
        placements_changed(site.placements.values_list("pk", flat=True))
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
