from django import template
from django.utils.translation import gettext_lazy as _

from matching import scoring
from matching.selectors import placement_reasons as select
from seekers.models import StudentProfile

register = template.Library()


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


@register.filter
def get(mapping, key):
    return (mapping or {}).get(str(key))


BROKEN_LABELS = {
    "not_published": _("nicht veröffentlicht"),
    "hidden": _("ausgeblendet"),
    "company_not_verified": _("Unternehmen noch nicht geprüft"),
    "expired": _("Bewerbungsschluss oder Beginn vorbei"),
    "no_seats": _("keine Plätze mehr frei"),
    "kind": _("nicht die gesuchte Art"),
    "grade": _("erst ab einer höheren Klasse"),
    "age": _("du bist zu Beginn noch zu jung"),
    "qualification": _("verlangt einen höheren Abschluss"),
    "internship_period": _("liegt nicht im Praktikumszeitraum deiner Klasse"),
    "radius": _("außerhalb deines Umkreises"),
}
