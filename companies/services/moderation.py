"""City staff: verifying, hiding and moderating companies and placements."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from companies.signals import placement_changed

from ..models import (
    Company,
    MemberRole,
    Placement,
)
from ..permissions import require_city_staff
from .shared import _audit, _placements_of_company_changed, _send_email


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
    placement_changed(placement.pk)
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
    placement_changed(placement.pk)
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
