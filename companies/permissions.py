"""Who may do what with a company. The one place for these rules; services enforce them, views and
APIs ask them to decide what to show.

- Only a company's members change it (profile, sites, contacts, images, placements).
- Only its owners manage colleagues (invite, change roles, remove others) and read its audit trail.
- City staff (role staff) verify, hide and read every audit trail, but do not edit a company's content.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from backend.accounts.models import Role

from .models import Company, MemberRole, Membership


def membership_of(user, company: Company) -> Membership | None:
    if not getattr(user, "is_authenticated", False) or company is None or company.pk is None:
        return None
    cache = getattr(user, "_company_memberships_cache", None)
    if cache is None:
        cache = {m.company_id: m for m in Membership.objects.filter(user=user)}
        user._company_memberships_cache = cache
    return cache.get(company.pk)


def forget_memberships(user) -> None:
    if hasattr(user, "_company_memberships_cache"):
        del user._company_memberships_cache


def is_city_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.STAFF)


def is_member(user, company: Company) -> bool:
    return membership_of(user, company) is not None


def is_owner(user, company: Company) -> bool:
    m = membership_of(user, company)
    return m is not None and m.role == MemberRole.OWNER


def can_view_company(user, company: Company) -> bool:
    """Public companies for everyone; unverified or hidden ones only for members and city staff."""
    return company.is_public or is_member(user, company) or is_city_staff(user)


def can_view_audit(user, company: Company) -> bool:
    return is_owner(user, company) or is_city_staff(user)


def require_member(user, company: Company) -> Membership:
    m = membership_of(user, company)
    if m is None:
        raise PermissionDenied(_("Nur Mitglieder dieses Unternehmens dürfen das ändern."))
    return m


def require_owner(user, company: Company) -> Membership:
    m = require_member(user, company)
    if m.role != MemberRole.OWNER:
        raise PermissionDenied(_("Nur Inhaber*innen des Unternehmens dürfen Kolleg*innen verwalten."))
    return m


def require_city_staff(user) -> None:
    if not is_city_staff(user):
        raise PermissionDenied(_("Nur Mitarbeitende der Stadt Dortmund dürfen das."))
