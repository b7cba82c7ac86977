"""Who may see a student. The one place for this privacy rule (DOMAIN.md, "Privacy and safety").

A student's data is visible only to the student, linked parents, the teachers of the student's
classes, and companies the student applied to (and those only see what the application shares).

- `can_view_student`: the full, read-only view (profile, shortlist without private notes, applications,
  matches) for the student, linked parents and teachers of one of the student's classes whose email
  address is verified.
- Companies: `is_company_side` - a member of the placement's company, and only once the application is
  released (a minor's parent consented, see seekers.services). They see first and last name, age, grade,
  school type, the message and the CV; never birth date, postal code, interests or other applications.
- The message thread is between the student and the company; parents and teachers see status and timeline.
- City staff see no student data. Objects a user may not see answer 404, so ids do not reveal who applied.
"""

from backend.accounts.models import Role
from companies.models import Membership

from .services import application_is_released


def can_view_student(user, student) -> bool:
    """Full view (profile, shortlist, applications, matches): the student, linked parents, class teachers."""
    if not user.is_authenticated:
        return False
    if user.pk == student.user_id:
        return True
    if user.role == Role.PARENT:
        return student.parent_links.filter(parent=user).exists()
    if user.role == Role.TEACHER:  # anyone can sign up as a teacher: only a verified address sees students
        return user.is_email_verified and student.classes.filter(teachers=user).exists()
    return False


def is_company_side(user, application) -> bool:
    """A member of the placement's company, and only once the application is released (parental consent)."""

    return (
        user.is_authenticated
        and user.role == Role.COMPANY
        and application_is_released(application)
        and Membership.objects.filter(user=user, company_id=application.placement.company_id).exists()
    )


def can_view_application(user, application) -> bool:
    return can_view_student(user, application.student) or is_company_side(user, application)


def is_linked_parent(user, student) -> bool:
    return user.is_authenticated and user.role == Role.PARENT and student.parent_links.filter(parent=user).exists()


def is_class_teacher(user, school_class) -> bool:
    return user.is_authenticated and user.role == Role.TEACHER and school_class.teachers.filter(pk=user.pk).exists()
