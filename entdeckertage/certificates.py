"""The certificate (Bescheinigung) and the class programme as PDF, with the project's small PDF writer
(seekers/pdf.py, the one the teacher's class list uses)."""

from django.utils import formats
from django.utils.translation import gettext as _

from seekers.pdf import text_pdf

from . import selectors


def _d(day) -> str:
    return formats.date_format(day, "d.m.Y")


def certificate_pdf(season, student) -> bytes:
    """The days the companies confirmed: date, Berufsfeld, company, times."""
    days = selectors.certificate_days(season, student)
    name = f"{student.user.first_name} {student.user.last_name}".strip()
    title = _("Bescheinigung Entdeckertage (Berufsfelderkundung) %(season)s: %(name)s") % {
        "season": season.name,
        "name": name,
    }
    rows = [[_("Datum"), _("Berufsfeld"), _("Unternehmen"), _("Zeit")]]
    for a in days:
        o = a.offer
        rows.append([_d(a.date), a.berufsfeld.name, o.company.name, f"{o.start_time:%H:%M}–{o.end_time:%H:%M}"])
    if not days:
        rows.append([_("Noch kein Tag von einem Unternehmen bestätigt."), "", "", ""])
    rows.append(["", "", "", ""])
    rows.append([_("Schule: %(s)s") % {"s": student.school.name if student.school else "–"}, "", "", ""])
    rows.append([_("Die Tage wurden von den Unternehmen bestätigt (KAoA, SBO 5.1)."), "", "", ""])
    return text_pdf(title=title, rows=rows, widths=[80, 150, 180, 80])


def class_programme_pdf(season, school_class) -> bytes:
    rows = [[_("Name"), _("Datum"), _("Berufsfeld"), _("Unternehmen, Adresse, Zeit")]]
    for r in selectors.class_overview(season, school_class):
        name = f"{r['student'].user.first_name} {r['student'].user.last_name}".strip()
        if not r["days"]:
            rows.append([name, "–", "–", _("noch kein Tag")])
        for a in r["days"]:
            o = a.offer
            rows.append(
                [
                    name,
                    _d(a.date),
                    a.berufsfeld.name,
                    f"{o.company.name}, {o.site.street}, {o.start_time:%H:%M}–{o.end_time:%H:%M}",
                ]
            )
    title = _("Entdeckertage %(season)s: Programm der Klasse %(cls)s") % {
        "season": season.name,
        "cls": school_class.name,
    }
    return text_pdf(title=title, rows=rows, widths=[110, 65, 120, 200])
