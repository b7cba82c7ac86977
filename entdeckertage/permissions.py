"""Who may see and do what with the Entdeckertage. The one place for these rules; services enforce them,
APIs and pages ask them what to show.

- City staff run the season: blocks, phases, allocation runs, publishing, manual moves, coverage. They see the
  pupils of the season by name, class and school (needed to move a pupil by hand), not their profiles.
- Company members offer days for their company and see who comes to their offers (name, class, school),
  confirm attendance and give feedback.
- Teachers (verified address) of a class set the class's block and see their pupils' wishes and days.
- The pupil sees and changes their own wishes and bookings; linked parents see the programme (read-only).
- Anyone else: nothing about pupils. Offers of public companies are visible to every signed-in user.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from backend.accounts.models import Role
from companies.permissions import is_city_staff, is_member
from seekers.access import can_view_student, is_class_teacher


def can_manage_season(user) -> bool:
    return is_city_staff(user)


def require_staff(user) -> None:
    if not is_city_staff(user):
        raise PermissionDenied(_("Nur Mitarbeitende der Stadt Dortmund dürfen die Entdeckertage verwalten."))


def can_edit_offer(user, offer) -> bool:
    return is_member(user, offer.company)


def can_view_offer(user, offer) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return offer.company.is_public or is_member(user, offer.company) or is_city_staff(user)


def can_teach_class(user, school_class) -> bool:
    """A verified teacher of the class (anyone can sign up as a teacher)."""
    return is_class_teacher(user, school_class) and user.is_email_verified


def can_set_class_block(user, school_class) -> bool:
    return can_teach_class(user, school_class) or is_city_staff(user)


def can_view_pupil_days(user, student) -> bool:
    """Wishes, days, feedback and certificate: the pupil, linked parents, the class teachers, city staff."""
    return can_view_student(user, student) or is_city_staff(user)


def can_view_assignment(user, assignment) -> bool:
    return can_view_pupil_days(user, assignment.student) or is_member(user, assignment.offer.company)


def is_pupil(user, student) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == Role.STUDENT and user.pk == student.user_id
