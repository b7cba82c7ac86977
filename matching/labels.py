"""German labels of matching.scoring's ineligibility codes ("why not"), for the match pages and for the check
before applying (seekers.services). Like scoring, it imports no app code, so any app may read it."""

from django.utils.translation import gettext_lazy as _

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
