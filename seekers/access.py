"""Who may see a student. The one place for this privacy rule (DOMAIN.md, "Privacy and safety").

A student's data is visible only to the student, linked parents, the teachers of the student's
classes, and companies the student applied to (and those only see what the application shares).
"""
from backend.accounts.models import Role


def can_view_student(user, student) -> bool:
    """Full view (profile, shortlist, applications, matches): the student, linked parents, class teachers."""
    if not user.is_authenticated:
        return False
    if user.pk == student.user_id:
        return True
    if user.role == Role.PARENT:
        return student.parent_links.filter(parent=user).exists()
    if user.role == Role.TEACHER:
        return student.classes.filter(teachers=user).exists()
    return False
