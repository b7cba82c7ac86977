"""The company's contact persons."""

from __future__ import annotations

from django.db import transaction

from backend.accounts.models import User
from companies.signals import placements_changed

from ..models import (
    Company,
    ContactPerson,
)
from ..permissions import require_member
from .shared import _apply, _audit

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
        placements_changed(contact.placements.values_list("pk", flat=True))
    return contact


@transaction.atomic
def contact_person_delete(*, contact: ContactPerson, by: User) -> None:
    require_member(by, contact.company)
    ids = list(contact.placements.values_list("pk", flat=True))
    _audit(company=contact.company, actor=by, action="contact.delete", target=contact)
    contact.delete()
    placements_changed(ids)
