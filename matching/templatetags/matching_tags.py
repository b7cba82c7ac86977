from django import template

from matching import results_html, scoring, widgets
from matching.labels import BROKEN_LABELS
from matching.selectors import placement_reasons as select
from seekers.models import StudentProfile

register = template.Library()


@register.filter
def result_items(matches):
    """The <li> items of the results list (matching/results_html.py: the former template loop, in Python)."""
    return results_html.result_items(matches)


@register.filter
def check_items(options):
    """A filter's checkboxes (matching/widgets.py: the former template loop, in Python)."""
    return widgets.check_items(options)


@register.filter
def option_items(options):
    """The district's options (matching/widgets.py: the former template loop, in Python)."""
    return widgets.option_items(options)


@register.filter
def km(value):
    """4.23 -> "4,2" """
    return scoring.format_km(value) if value is not None else ""


@register.simple_tag
def placement_reasons(placement, user):
    """For the placement page: {"eligible", "reasons", "broken"} for a logged-in student, else None."""
    if not getattr(user, "is_authenticated", False) or not placement:
        return None
    student = StudentProfile.objects.select_related("postal_code").filter(user=user).first()
    if student is None:
        return None
    eligible, reasons, broken = select(student=student, placement=placement)
    return {"eligible": eligible, "reasons": reasons, "broken": [str(BROKEN_LABELS.get(b, b)) for b in broken]}
