from django import template

from seekers.models import ACTIVE_STATUSES, Application, Favourite

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
