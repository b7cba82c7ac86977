"""Step 2: each company's placements of every kind, dated inside the school calendar (career-day blocks,
internship periods, holidays, the training year)."""

from __future__ import annotations

import datetime

from django.utils.text import slugify

from backend.reference.models import Occupation, Qualification
from companies.models import Company, Placement, PlacementKind, PlacementStatus, SizeBand

from .. import calendar as cal
from .base import BuilderBase
from .constants import MSA_HINTS, CompanyMeta


def occupation_title(occupation: Occupation) -> str:
    """ "Fachinformatiker*in", "Kaufmann/-frau für Büromanagement", "Fachkraft für Lagerlogistik"."""
    masc, fem = occupation.name_masc, occupation.name_fem
    if not masc or not fem:
        return occupation.name
    masc_words, fem_words = masc.split(" "), fem.split(" ")
    if len(masc_words) != len(fem_words):
        return occupation.name
    words = []
    for m, f in zip(masc_words, fem_words, strict=True):
        if m == f:
            words.append(m)
        elif f == m + "in":
            words.append(m + "*in")
        elif m.endswith("mann") and f == m[:-4] + "frau":
            words.append(m + "/-frau")
        elif m.endswith("e") and f == m[:-1] + "in":  # Umwelttechnologe -> Umwelttechnolog*in
            words.append(m[:-1] + "*in")
        elif m == f + "r":  # Technischer / Technische -> Technische*r
            words.append(f + "*r")
        else:
            return occupation.name
    return " ".join(words)


def _add_years(d: datetime.date, years: int) -> datetime.date:
    return cal._add_years(d, years)


def _add_months(d: datetime.date, months: int) -> datetime.date:
    month = d.month - 1 + months
    return d.replace(year=d.year + month // 12, month=month % 12 + 1)


def _years(months: int) -> str:
    """42 -> "3,5", 36 -> "3" (German decimal comma)."""
    years = months / 12
    return f"{years:g}".replace(".", ",")


class PlacementsStep(BuilderBase):
    """Placements in every status."""

    def build_placements(self) -> None:
        rng = self.rng
        self.placements: list[Placement] = []
        self.placement_fields: dict[int, list[str]] = {}  # list index -> Berufsfeld codes
        self.placement_period: dict[int, int] = {}  # list index -> internship period index
        self.area_phrases: list[str] = []  # list index -> what a student writes they are interested in
        for company in self.companies:
            meta = self.company_meta[company.slug]
            industry = meta["industry"]
            if meta["demo"]:
                plan = [
                    (PlacementKind.CAREER_DAY, None),
                    (PlacementKind.SCHOOL_INTERNSHIP, 0),
                    (PlacementKind.SCHOOL_INTERNSHIP, 0),
                    (PlacementKind.HOLIDAY_INTERNSHIP, None),
                    (PlacementKind.APPRENTICESHIP, None),
                    (PlacementKind.APPRENTICESHIP, None),
                    (PlacementKind.DUAL_STUDY, None),
                    (PlacementKind.CAREER_DAY, None),
                ]
            else:
                weights = [25, 25, 15, 25, 10 if industry["dual"] else 0]
                kinds = rng.choices(list(PlacementKind), weights=weights, k=rng.randint(3, 7))
                plan = [(kind, None) for kind in kinds]
            slugs: set[str] = set()
            for kind, period in plan:
                placement, codes = self.placement(company, meta, kind, period)
                base, n = slugify(placement.title)[:170], 1
                placement.slug = base
                while placement.slug in slugs:
                    n += 1
                    placement.slug = f"{base}-{n}"
                slugs.add(placement.slug)
                self.placement_fields[len(self.placements)] = codes
                self.placements.append(placement)
            kinds_offered = {kind for kind, _ in plan}
            company.offers_career_days = PlacementKind.CAREER_DAY in kinds_offered
            company.offers_internships = bool(
                kinds_offered & {PlacementKind.SCHOOL_INTERNSHIP, PlacementKind.HOLIDAY_INTERNSHIP}
            )
            company.offers_apprenticeships = bool(
                kinds_offered & {PlacementKind.APPRENTICESHIP, PlacementKind.DUAL_STUDY}
            )
        Company.objects.bulk_update(
            self.companies, ["offers_career_days", "offers_internships", "offers_apprenticeships"]
        )
        Placement.objects.bulk_create(self.placements)
        through = Placement.berufsfelder.through
        through.objects.bulk_create(
            [
                through(placement_id=p.pk, berufsfeld_id=self.berufsfelder[code].pk)
                for i, p in enumerate(self.placements)
                for code in dict.fromkeys(self.placement_fields[i])
            ]
        )
        self.period_of = {p.pk: self.placement_period.get(i) for i, p in enumerate(self.placements)}
        self.placement_area = {p.pk: self.area_phrases[i] for i, p in enumerate(self.placements)}

    def placement(self, company: Company, meta: CompanyMeta, kind: str, period: int | None) -> tuple[Placement, list]:
        rng = self.rng
        industry = meta["industry"]
        area, codes = rng.choice(industry["topics"])
        site = rng.choice(meta["sites"])
        p = Placement(
            company=company,
            site=site,
            kind=kind,
            contact=meta["contact"],
            languages=rng.choice([["de"], ["de"], ["de"], ["de", "en"], ["de", "tr"], ["de", "ar"]]),
        )
        if rng.random() < 0.3:
            p.is_accessible = True
            p.accessibility_notes = rng.choice(
                [
                    "Stufenloser Zugang und barrierefreies WC.",
                    "Aufzug vorhanden, Arbeitsplatz höhenverstellbar.",
                    "Rollstuhlgerecht; sprich uns gern vorher an.",
                ]
            )
        who = company.name
        if kind == PlacementKind.CAREER_DAY:
            day = rng.choice(rng.choice(self.blocks))
            p.title = f"Berufsfelderkundung {area}"
            p.start_date = p.end_date = day
            p.seats = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 9])
            p.min_grade = 8
            p.application_deadline = self.deadline(day, 14)
            p.description = (
                f"<p>Ein Tag bei {who}: Du lernst das Berufsfeld {area} von 8:00 bis 13:00 Uhr "
                f"kennen, probierst kleine Aufgaben selbst aus und sprichst mit unseren "
                f"Auszubildenden.</p><p>Mitbringen: bequeme Kleidung und Neugier. "
                f"Für ein Frühstück ist gesorgt.</p>"
            )
        elif kind == PlacementKind.SCHOOL_INTERNSHIP:
            index = period if period is not None else rng.randrange(len(self.periods))
            start, end = self.periods[index]
            period_weeks = ((end - start).days + 3) // 7
            weeks = min(rng.choice([2, 3]), period_weeks)
            p.start_date = start
            p.end_date = start + datetime.timedelta(days=7 * weeks - 3)
            p.title = f"Schülerbetriebspraktikum {area}"
            p.seats = rng.choice([1, 1, 2, 2, 3])
            p.min_grade = 9
            p.application_deadline = self.deadline(start, 42)
            p.description = (
                f"<p>{weeks} Wochen Praktikum im Bereich {area}: Du arbeitest im Team mit, "
                f"bekommst eigene kleine Aufgaben und lernst unseren Alltag kennen.</p>"
                f"<p>Arbeitszeit: montags bis freitags, 8:00 bis 15:00 Uhr. Das Praktikum liegt "
                f"im Praktikumszeitraum deiner Klasse; deine Schule muss es genehmigen.</p>"
            )
            self.placement_period[len(self.placements)] = index
        elif kind == PlacementKind.HOLIDAY_INTERNSHIP:
            name, h_start, h_end = rng.choice(self.holidays)
            start = cal.next_weekday(h_start, 0)
            if start + datetime.timedelta(days=4) > h_end:
                start = h_start
            weeks = rng.choice([1, 1, 2])
            p.start_date = start
            p.end_date = min(start + datetime.timedelta(days=7 * weeks - 3), h_end)
            p.title = f"Ferienpraktikum {area} in den {name}"
            p.seats = rng.choice([1, 2, 2, 3, 4])
            p.min_age = rng.choice([14, 15, 15, 15])
            p.application_deadline = self.deadline(start, 21)
            hours = "höchstens 2 Stunden am Tag" if p.min_age == 14 else "höchstens 8 Stunden am Tag"
            p.description = (
                f"<p>Freiwilliges Praktikum in den {name}: Du unterstützt uns im Bereich {area}. "
                f"Nach dem Jugendarbeitsschutzgesetz arbeitest du {hours}.</p>"
                f"<p>Ab {p.min_age} Jahren. Eine kleine Aufwandsentschädigung ist drin.</p>"
            )
        elif kind == PlacementKind.APPRENTICESHIP:
            occupation = self.occupations[rng.choice(industry["occupations"])]
            title = occupation_title(occupation)
            if occupation.slug == "fachinformatiker":
                title += " " + rng.choice(["Anwendungsentwicklung", "Systemintegration", "Daten- und Prozessanalyse"])
            start = datetime.date(self.training_year, rng.choice([8, 8, 9]), 1)
            p.title = f"Ausbildung {title}"
            p.occupation = occupation
            p.start_date = start
            p.end_date = _add_months(start, occupation.duration_months) - datetime.timedelta(days=1)
            p.seats = rng.choice(
                [1, 1, 2, 2, 3, 4] if meta["size"] in (SizeBand.MEDIUM, SizeBand.LARGE) else [1, 1, 1, 2]
            )
            msa = any(hint in occupation.slug for hint in MSA_HINTS)
            p.required_qualification = Qualification.MSA if msa else rng.choice([Qualification.ESA, Qualification.EESA])
            p.application_deadline = self.deadline(start, rng.choice([120, 150, 180]))
            codes = [b.code for b in occupation.berufsfelder.all()]
            p.description = (
                f"<p>Starte am {start:%d.%m.%Y} deine Ausbildung als {title} bei {who}. "
                f"Die Ausbildung dauert {_years(occupation.duration_months)} Jahre; "
                f"die Berufsschule besuchst du in "
                f"Dortmund.</p><p>Das bringst du mit: mindestens den "
                f"{Qualification(p.required_qualification).label}, Interesse an {area} und "
                f"Lust auf Teamarbeit.</p>"
            )
        else:  # dual study
            programme, codes = rng.choice(industry["dual"])
            start = datetime.date(self.training_year, rng.choice([8, 9, 10]), 1)
            months = rng.choice([42, 48])
            p.title = f"Duales Studium {programme}"
            p.start_date = start
            p.end_date = _add_months(start, months) - datetime.timedelta(days=1)
            p.seats = rng.choice([1, 1, 2])
            p.required_qualification = rng.choice([Qualification.FHR, Qualification.ABITUR, Qualification.ABITUR])
            p.application_deadline = self.deadline(start, rng.choice([180, 240]))
            p.description = (
                f"<p>Studium an einer Hochschule in Dortmund und Praxisphasen bei {who}: "
                f"{programme}, {_years(months)} Jahre.</p>"
                f"<p>Voraussetzung: {Qualification(p.required_qualification).label}.</p>"
            )
        p.title = p.title[:160]
        phrase: dict[str, str] = {
            PlacementKind.APPRENTICESHIP: f"die Ausbildung als {p.title.removeprefix('Ausbildung ')}",
            PlacementKind.DUAL_STUDY: f"das duale Studium {p.title.removeprefix('Duales Studium ')}",
        }
        self.area_phrases.append(phrase.get(kind, area))

        # Status: mostly published; unverified companies have only drafts (the city has not checked them).
        r = rng.random()
        if not company.is_verified:
            status = PlacementStatus.DRAFT
        elif meta["demo"]:
            status = PlacementStatus.PUBLISHED
        else:
            status = (
                PlacementStatus.PUBLISHED
                if r < 0.84
                else PlacementStatus.DRAFT
                if r < 0.90
                else PlacementStatus.CLOSED
                if r < 0.95
                else PlacementStatus.ARCHIVED
            )
        p.status = status
        if status == PlacementStatus.ARCHIVED:
            # Last year's offer: same shape, a year earlier (so its dates are over, as archived ones are).
            if kind in (PlacementKind.APPRENTICESHIP, PlacementKind.DUAL_STUDY):  # keep the 1st of the month
                p.start_date, p.end_date = _add_years(p.start_date, -1), _add_years(p.end_date, -1)
            else:  # 52 weeks: keep the weekday
                p.start_date -= datetime.timedelta(days=364)
                p.end_date -= datetime.timedelta(days=364)
            p.application_deadline = p.start_date - datetime.timedelta(days=14)
            p.published_at = self.before_anchor(380, 480)
        elif status != PlacementStatus.DRAFT:
            p.published_at = self.before_anchor(3, 90)
            p.view_count = rng.randint(5, 400)
        return p, codes
