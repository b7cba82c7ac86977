"""Colleagues: invitations, roles and leaving a company."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Role, User
from backend.accounts.services import user_register
from backend.api.exceptions import DomainError
from companies.errors import ErrorCode

from ..models import (
    Company,
    Invitation,
    MemberRole,
    Membership,
)
from ..permissions import forget_memberships, require_member, require_owner
from .shared import _audit, _hash_token, _send_email

INVITATION_DAYS = 14


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
