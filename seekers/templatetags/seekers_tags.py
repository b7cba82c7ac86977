from django import template

from seekers.models import ACTIVE_STATUSES, Application, Favourite
from seekers.selectors import class_list_for_teacher

register = template.Library()


@register.simple_tag
def placement_state(placement, user) -> dict:
    """For the placement page: has this student saved or applied to it already? (two small queries)"""
    if not getattr(user, "is_authenticated", False) or user.role != "student":
        return {}
    return {
        "favourite": Favourite.objects.filter(placement=placement, student__user=user).exists(),
        "application": Application.objects.filter(
            placement=placement, student__user=user, status__in=ACTIVE_STATUSES
        ).first(),
    }


@register.simple_tag
def teacher_classes(user) -> list:
    """For the placement page: the teacher's classes, each a "recommend" link to its picker."""
    if not getattr(user, "is_authenticated", False) or user.role != "teacher":
        return []
    return list(class_list_for_teacher(teacher=user).order_by("name"))
