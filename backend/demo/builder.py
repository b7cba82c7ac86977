"""Builds the demo data set behind `make run`: companies in every Stadtbezirk, their placements, schools,
classes, students, parents and applications in every state, plus one login per role.

Deterministic: one seeded random.Random and one reference date (calendar.reference_date(), the first day of
the current month) drive everything, so two runs in the same month produce the same rows. All people,
companies, streets and email addresses are invented; every domain ends in the reserved `.example`.

Rows are written with the models directly (bulk_create) because this is a fixture, not user input: the
services validate user input and send emails, neither of which a demo loader wants. The model rules still
hold: slugs are unique per company, dates are consistent, one active application per student and placement.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypedDict

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from backend.accounts.models import Role, User
from backend.accounts.staff import city_staff_grant
from backend.reference.models import Berufsfeld, District, Occupation, PostalCode, Qualification, School, SchoolType
from clearing import policy
from clearing.services import figures_refresh_stale
from companies.models import (
    Company,
    ContactPerson,
    MemberRole,
    Membership,
    Placement,
    PlacementKind,
    PlacementStatus,
    Site,
    SizeBand,
)
from entdeckertage import demo as edt_demo
from seekers.models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationStatus,
    ApprovalStatus,
    ClassMembership,
    Favourite,
    Interest,
    ParentLink,
    Recommendation,
    SchoolClass,
    StudentProfile,
    TeacherProfile,
)

from . import calendar as cal
from .catalogue import (
    ADULT_FIRST_NAMES,
    DECLINE_REASONS,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    HOBBIES,
    INDUSTRIES,
    PLACE_WORDS,
    POSITIONS,
    STREET_WORDS,
    STUDENT_MESSAGES,
    SURNAMES,
)
from .population import build_population

SEED = 2026
DEMO_PASSWORD = "demo-passwort-2026"
# Every demo account and company lives under the reserved .example TLD; that is how a reset finds them.
DEMO_TLD = ".example"
COMPANIES_PER_DISTRICT = 6
DEMO_COMPANY_NAME = "Datenwerk Beispielfeld GmbH"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    label: str  # German, shown in the table the command prints
    note: str
    path: str


LOGINS = {
    Role.COMPANY: DemoLogin(
        Role.COMPANY, "firma@demo.example", "Unternehmen", "Inhaberin eines IT-Betriebs mit Bewerbungen", "/start/"
    ),
    Role.STUDENT: DemoLogin(
        Role.STUDENT, "schueler@demo.example", "Schüler*in", "14 Jahre, Klasse 9a, Eltern verknüpft", "/start/"
    ),
    Role.TEACHER: DemoLogin(
        Role.TEACHER, "lehrkraft@demo.example", "Lehrkraft", "Klassen 9a und 8b, Gesamtschule", "/start/"
    ),
    Role.PARENT: DemoLogin(Role.PARENT, "eltern@demo.example", "Eltern", "verknüpft mit der Demo-Schülerin", "/start/"),
    Role.STAFF: DemoLogin(
        Role.STAFF, "stadt@demo.example", "Stadt Dortmund", "Regionales Bildungsbüro, auch Django-Admin", "/admin/"
    ),
}

# Four real Dortmund schools of different forms (IT.NRW open data) and the demo classes in them:
# (name, grade, index of the internship period or None, number of students, age offsets over grade + 5).
# (school number, form, classes: (name, grade, internship period index or None, pupils, age offsets))
SCHOOLS: list[tuple[str, SchoolType, list[tuple[str, int, int | None, int, list[int]]]]] = [
    ("164240", SchoolType.GESAMTSCHULE, [("9a", 9, 0, 9, [0, 0, 1]), ("8b", 8, None, 6, [0, 0, 1])]),
    ("162747", SchoolType.REALSCHULE, [("9c", 9, 1, 6, [0, 0, 1]), ("10a", 10, 2, 4, [0, 1, 1])]),
    ("169420", SchoolType.GYMNASIUM, [("EF", 11, 2, 6, [0, 0, 1]), ("Q1", 12, None, 4, [0, 1, 1, 2])]),
    ("147977", SchoolType.HAUPTSCHULE, [("9b", 9, 1, 3, [0, 1]), ("10b", 10, None, 2, [1, 2, 3])]),
]
SCHOOL_FORM_NAMES = {
    SchoolType.GESAMTSCHULE: "Gesamtschule",
    SchoolType.REALSCHULE: "Realschule",
    SchoolType.GYMNASIUM: "Gymnasium",
    SchoolType.HAUPTSCHULE: "Hauptschule",
}
EXPECTED_QUALIFICATIONS = {
    SchoolType.GESAMTSCHULE: [
        Qualification.ESA,
        Qualification.EESA,
        Qualification.MSA,
        Qualification.MSA,
        Qualification.ABITUR,
    ],
    SchoolType.REALSCHULE: [Qualification.MSA, Qualification.MSA, Qualification.MSA, Qualification.FHR],
    SchoolType.GYMNASIUM: [Qualification.ABITUR, Qualification.ABITUR, Qualification.ABITUR, Qualification.FHR],
    SchoolType.HAUPTSCHULE: [Qualification.ESA, Qualification.EESA, Qualification.EESA, Qualification.MSA],
}
# Occupations that usually ask for the Mittlerer Schulabschluss; the rest ask for the ESA.
MSA_HINTS = (
    "kaufmann",
    "fachinformatiker",
    "laborant",
    "mediengestalter",
    "technischer",
    "fachangestellter",
    "elektroniker",
    "mechatroniker",
    "bautechnischer",
    "vermessung",
    "it-system",
    "chemikant",
    "orthopaedietechnik",
    "fotograf",
)
ACTIVE = {
    ApplicationStatus.AWAITING_CONSENT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INVITED,
    ApplicationStatus.ACCEPTED,
}


class CompanyMeta(TypedDict, total=False):
    """What the build remembers about each demo company (by slug); filled in step by step."""

    industry: dict  # an entry of catalogue.INDUSTRIES
    district: District
    demo: bool  # the demo login's company
    size: str  # a SizeBand
    sites: list[Site]
    contact: ContactPerson
    owner: User


@dataclass
class BuildResult:
    counts: dict = field(default_factory=dict)
    placement_ids: list = field(default_factory=list)


def demo_companies():
    return Company.objects.filter(website__endswith=DEMO_TLD)


def demo_users():
    return User.objects.filter(email__endswith=DEMO_TLD)


def demo_data_present() -> bool:
    """True when a complete demo data set is in the database (the last thing built is the staff login)."""
    return (
        User.objects.filter(email=LOGINS[Role.STAFF].email).exists()
        and demo_companies().count() >= COMPANIES_PER_DISTRICT * 10
    )


@transaction.atomic
def delete_demo_data() -> list[int]:
    """Removes every demo row (and nothing else); returns the ids of the deleted placements for the index."""
    companies = demo_companies()
    edt_demo.delete(demo_users())  # Entdeckertage seasons first: their days hold on to the companies' offers
    placements = Placement.objects.filter(company__in=companies)
    placement_ids = list(placements.values_list("pk", flat=True))
    placements.delete()  # before the companies: Placement.site is PROTECT
    companies.delete()
    users = demo_users()
    SchoolClass.objects.filter(teachers__in=users).delete()
    users.delete()
    return placement_ids


def build_demo_data(*, today: datetime.date | None = None) -> BuildResult:
    """Creates the whole data set in one transaction. Call delete_demo_data() first if some is there."""
    with transaction.atomic():
        return _Builder(cal.reference_date(today)).build()


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


class _Builder:
    def __init__(self, anchor: datetime.date):
        self.anchor = anchor
        self.rng = random.Random(SEED)
        tz = timezone.get_current_timezone()
        self.anchor_dt = datetime.datetime.combine(anchor, datetime.time(8, 0), tzinfo=tz)
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing per user would take seconds
        self.used_emails: set[str] = set()
        self.shown: set[str] = set()

    # --- helpers ------------------------------------------------------------------------------------
    def before_anchor(self, min_days: int, max_days: int) -> datetime.datetime:
        return self.anchor_dt - datetime.timedelta(
            days=self.rng.randint(min_days, max_days), minutes=self.rng.randint(0, 9 * 60)
        )

    def deadline(self, start: datetime.date, lead_days: int) -> datetime.date:
        """lead_days before the start, but never before the anchor's month is over (placements stay open)."""
        return min(
            max(start - datetime.timedelta(days=lead_days), self.anchor + datetime.timedelta(days=33)),
            start - datetime.timedelta(days=1),
        )

    def email(self, local: str, domain: str) -> str:
        for umlaut, ascii_ in (
            ("ä", "ae"),
            ("ö", "oe"),
            ("ü", "ue"),
            ("ß", "ss"),
            ("Ä", "Ae"),
            ("Ö", "Oe"),
            ("Ü", "Ue"),
        ):
            local = local.replace(umlaut, ascii_)
        base = slugify(local.replace(".", "-")).replace("-", ".")
        candidate, n = f"{base}@{domain}", 1
        while candidate in self.used_emails:
            n += 1
            candidate = f"{base}{n}@{domain}"
        self.used_emails.add(candidate)
        return candidate

    def user(self, *, email: str, first: str, last: str, role: str, **extra) -> User:
        self.used_emails.add(email)
        return User(
            email=email,
            first_name=first,
            last_name=last,
            role=role,
            password=self.password_hash,
            email_verified_at=self.before_anchor(60, 400),
            date_joined=self.before_anchor(60, 400),
            **extra,
        )

    def show_once(self, story: str) -> bool:
        """True the first time a story is asked for: every state appears at least once in the demo."""
        if story in self.shown:
            return False
        self.shown.add(story)
        return True

    def point(self, postal_code: PostalCode) -> tuple[float, float]:
        # Postal-code centre plus a small jitter (±~500 m), so the sites do not all sit on one pin.
        return (
            round(postal_code.latitude + self.rng.uniform(-0.0045, 0.0045), 6),
            round(postal_code.longitude + self.rng.uniform(-0.007, 0.007), 6),
        )

    # --- the build ----------------------------------------------------------------------------------
    def build(self) -> BuildResult:
        self.load_reference()
        self.staff = self.user(
            email=LOGINS[Role.STAFF].email,
            first="Katrin",
            last="Beispiel-Wendt",
            role=Role.STAFF,
            is_staff=True,  # the admin through the city staff group (city_staff_grant below), never a superuser
        )
        self.build_companies()
        self.build_placements()
        self.build_schools()
        self.build_students()
        self.build_favourites()
        self.build_applications()
        self.build_recommendations()
        self.population = build_population(
            anchor=self.anchor, companies=self.companies, seed=SEED + 1, demo_company_name=DEMO_COMPANY_NAME
        )
        # The staff login goes in last: demo_data_present() reads it as "the build finished".
        self.staff.save()
        city_staff_grant(user=self.staff)
        # Entdeckertage (issue 9): a season in its booking phase, class 8b allocated (after the staff login is saved)
        self.edt_counts = edt_demo.build(
            anchor=self.anchor,
            school_year=cal.school_year(self.anchor),
            staff=self.staff,
            companies=self.companies,
            company_meta=self.company_meta,
            sites=self.sites,
        )
        Company.objects.filter(pk__in=[c.pk for c in self.companies if c.is_verified]).update(verified_by=self.staff)
        return BuildResult(counts=self.counts(), placement_ids=[p.pk for p in self.placements])

    def load_reference(self) -> None:
        self.berufsfelder = {b.code: b for b in Berufsfeld.objects.order_by("id")}
        slugs = {slug for industry in INDUSTRIES for slug in industry["occupations"]}
        self.occupations = {
            o.slug: o for o in Occupation.objects.filter(slug__in=slugs).prefetch_related("berufsfelder")
        }
        self.districts = list(District.objects.order_by("name"))
        self.postal_codes: dict[int, list[PostalCode]] = {}
        for pc in PostalCode.objects.filter(district__isnull=False).order_by("code"):
            assert pc.district_id is not None  # filtered above
            self.postal_codes.setdefault(pc.district_id, []).append(pc)
        self.all_postal_codes = [pc for d in self.districts for pc in self.postal_codes.get(d.pk, [])]
        self.blocks = cal.career_day_blocks(self.anchor)
        self.periods = cal.internship_periods(self.anchor)
        self.holidays = [h for h in cal.upcoming_holidays(self.anchor, 4) if h[0] != "Weihnachtsferien"][:3]
        self.training_year = cal.training_year(self.anchor)

    # --- companies ----------------------------------------------------------------------------------
    def company_name(self, industry: dict, taken: set[str]) -> str:
        for _ in range(100):
            s, s2 = self.rng.sample(SURNAMES, 2)
            name = self.rng.choice(industry["names"]).format(s=s, s2=s2, p=self.rng.choice(PLACE_WORDS))
            if name not in taken and slugify(name) not in taken:
                taken.update({name, slugify(name)})
                return name
        raise RuntimeError("no free company name")  # cannot happen with these lists

    def build_companies(self) -> None:
        rng = self.rng
        slots = [industry for industry in INDUSTRIES] * 4
        slots = slots[: COMPANIES_PER_DISTRICT * len(self.districts)]
        rng.shuffle(slots)
        taken = {value for row in Company.objects.values_list("slug", "name") for value in row}
        taken.update({DEMO_COMPANY_NAME, slugify(DEMO_COMPANY_NAME)})
        self.companies: list[Company] = []
        self.company_meta: dict[str, CompanyMeta] = {}
        self.sites: list[Site] = []
        contacts: list[ContactPerson] = []
        owners: list[User] = []
        for d_index, district in enumerate(self.districts):
            for i in range(COMPANIES_PER_DISTRICT):
                industry = slots[d_index * COMPANIES_PER_DISTRICT + i]
                is_demo = district.slug == "innenstadt-west" and i == 0
                if is_demo:
                    industry = INDUSTRIES[0]  # the demo company login: an IT company in the city centre
                name = DEMO_COMPANY_NAME if is_demo else self.company_name(industry, taken)
                taken.update({name, slugify(name)})
                slug = slugify(name)
                size = rng.choices(
                    [SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM, SizeBand.LARGE], weights=[3, 5, 3, 1]
                )[0]
                company = Company(
                    name=name,
                    slug=slug,
                    legal_name=name,
                    industry=industry["industry"],
                    size_band=size,
                    description=self.company_description(name, industry, district, size),
                    website=f"https://{slug}{DEMO_TLD}",
                    requires_infection_briefing=industry.get("infection", False),
                    requires_police_certificate=industry.get("police", False),
                    # Three recently registered companies still wait for the city's check.
                    is_verified=not (i == COMPANIES_PER_DISTRICT - 1 and d_index % 4 == 1),
                )
                if company.is_verified:
                    company.verified_at = self.before_anchor(20, 300)
                self.companies.append(company)
                self.company_meta[slug] = {"industry": industry, "district": district, "demo": is_demo, "size": size}
        Company.objects.bulk_create(self.companies)
        self.demo_company = next(c for c in self.companies if self.company_meta[c.slug]["demo"])

        # Berufsfelder, sites, contacts, owners
        through = Company.berufsfelder.through
        links = []
        for company in self.companies:
            meta = self.company_meta[company.slug]
            codes = meta["industry"]["berufsfelder"]
            links += [through(company_id=company.pk, berufsfeld_id=self.berufsfelder[c].pk) for c in codes]
            district = meta["district"]
            site_districts = [district]
            if rng.random() < 0.3 or meta["demo"]:
                site_districts.append(rng.choice([d for d in self.districts if d.pk != district.pk]))
            meta["sites"] = []
            for n, sd in enumerate(site_districts):
                pc = rng.choice(self.postal_codes[sd.pk])
                lat, lon = self.point(pc)
                site = Site(
                    company=company,
                    name="Hauptsitz"
                    if n == 0
                    else rng.choice(["Werkstatt", "Filiale", "Lager", "Zweigstelle"]) + f" {sd.name}",
                    street=f"{rng.choice(STREET_WORDS)} {rng.randint(1, 180)}",
                    postal_code=pc,
                    city="Dortmund",
                    latitude=lat,
                    longitude=lon,
                    has_exact_point=False,
                    district=sd,
                )
                self.sites.append(site)
                meta["sites"].append(site)
            first, last = rng.choice(ADULT_FIRST_NAMES), rng.choice(SURNAMES)
            contacts.append(
                ContactPerson(
                    company=company,
                    name=f"{first} {last}",
                    position=rng.choice(POSITIONS),
                    email=f"ausbildung@{company.slug}{DEMO_TLD}",
                    phone=f"0231 5550-{rng.randint(100, 999)}",
                )
            )
            if meta["demo"]:
                owner = self.user(
                    email=LOGINS[Role.COMPANY].email, first="Sabine", last="Musterkamp", role=Role.COMPANY
                )
            else:
                o_first, o_last = rng.choice(ADULT_FIRST_NAMES), rng.choice(SURNAMES)
                owner = self.user(
                    email=self.email(f"{o_first}.{o_last}", f"{company.slug}{DEMO_TLD}"),
                    first=o_first,
                    last=o_last,
                    role=Role.COMPANY,
                )
            owners.append(owner)
            meta["owner"] = owner
        through.objects.bulk_create(links)
        Site.objects.bulk_create(self.sites)
        ContactPerson.objects.bulk_create(contacts)
        for company, contact in zip(self.companies, contacts, strict=True):
            self.company_meta[company.slug]["contact"] = contact
        User.objects.bulk_create(owners)
        # A colleague (editor) for the demo company, so "several colleagues per company" is visible.
        editor = self.user(
            email=self.email("jonas.tenbrink", f"{self.demo_company.slug}{DEMO_TLD}"),
            first="Jonas",
            last="Tenbrink",
            role=Role.COMPANY,
        )
        editor.save()
        Membership.objects.bulk_create(
            [Membership(company=c, user=o, role=MemberRole.OWNER) for c, o in zip(self.companies, owners, strict=True)]
            + [Membership(company=self.demo_company, user=editor, role=MemberRole.EDITOR)]
        )

    def company_description(self, name: str, industry: dict, district: District, size: str) -> str:
        founded = self.rng.randint(1952, 2019)
        staff_by_size: dict[str, str] = {
            SizeBand.MICRO: "ein kleines Team",
            SizeBand.SMALL: "ein Team von gut zwanzig Leuten",
            SizeBand.MEDIUM: "rund 120 Beschäftigte",
            SizeBand.LARGE: "über 300 Beschäftigte",
        }
        staff = staff_by_size[size]
        return (
            f"<p>{name} ist seit {founded} in Dortmund-{district.name} zu Hause. Wir {industry['work']}. "
            f"Bei uns arbeitet {staff}.</p>"
            f"<p>Schülerinnen und Schüler lernen bei uns echte Aufgaben kennen: Du schaust nicht nur zu, "
            f"sondern packst mit an. Eine feste Ansprechperson begleitet dich die ganze Zeit.</p>"
            f"<p><em>Fiktives Beispielunternehmen der Demodaten.</em></p>"
        )

    # --- placements ---------------------------------------------------------------------------------
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

    # --- schools, teachers, classes -----------------------------------------------------------------
    def build_schools(self) -> None:
        rng = self.rng
        self.classes: list[tuple[SchoolClass, dict]] = []
        teachers, profiles = [], []
        existing_codes = set(SchoolClass.objects.values_list("join_code", flat=True))
        year = cal.school_year(self.anchor)
        for number, school_type, class_specs in SCHOOLS:
            school = (
                School.objects.filter(number=number).first()
                or School.objects.filter(school_form=SCHOOL_FORM_NAMES[school_type]).order_by("number").first()
            )
            if school is None:
                continue
            if school_type == SchoolType.GESAMTSCHULE:
                teacher = self.user(
                    email=LOGINS[Role.TEACHER].email, first="Andrea", last="Hollerbeck", role=Role.TEACHER
                )
            else:
                first, last = rng.choice(ADULT_FIRST_NAMES), rng.choice(SURNAMES)
                teacher = self.user(
                    email=self.email(f"{first}.{last}", f"schule.demo{DEMO_TLD}"),
                    first=first,
                    last=last,
                    role=Role.TEACHER,
                )
            teachers.append(teacher)
            profiles.append(TeacherProfile(user=teacher, school=school))
            for name, grade, period, size, ages in class_specs:
                code = None
                while code is None or code in existing_codes:
                    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
                existing_codes.add(code)
                start, end = self.periods[period] if period is not None else (None, None)
                school_class = SchoolClass(
                    school=school,
                    name=name,
                    school_year=year,
                    grade=grade,
                    internship_start=start,
                    internship_end=end,
                    join_code=code,
                )
                self.classes.append(
                    (
                        school_class,
                        {"teacher": teacher, "school_type": school_type, "period": period, "size": size, "ages": ages},
                    )
                )
        User.objects.bulk_create(teachers)
        TeacherProfile.objects.bulk_create(profiles)
        SchoolClass.objects.bulk_create([c for c, _ in self.classes])
        through = SchoolClass.teachers.through
        through.objects.bulk_create(
            [through(schoolclass_id=c.pk, user_id=meta["teacher"].pk) for c, meta in self.classes]
        )
        self.demo_teacher = teachers[0]

    # --- students and parents -----------------------------------------------------------------------
    def build_students(self) -> None:
        rng = self.rng
        self.students: list[StudentProfile] = []
        self.student_meta: dict[int, dict] = {}  # list index -> meta
        users, parents = [], []
        codes = list(self.berufsfelder)
        for school_class, cmeta in self.classes:
            school = school_class.school
            district_id = school.postal_code.district_id if school.postal_code else None
            near = self.postal_codes.get(district_id, []) if district_id is not None else []
            for n in range(cmeta["size"]):
                is_demo = school_class.name == "9a" and n == 0
                female = rng.random() < 0.5
                first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
                last = rng.choice(SURNAMES)
                age = school_class.grade + 5 + rng.choice(cmeta["ages"])
                if is_demo:
                    first, last, age = "Lena", "Musterkamp", 14
                elif school_class.name == "8b" and n == 0:  # her brother: the demo parent sees two children
                    first, last = "Ben", "Musterkamp"
                # Birthday 1–330 days before the anchor: the age stays the same all month long.
                birth = self.anchor.replace(year=self.anchor.year - age) - datetime.timedelta(days=rng.randint(1, 330))
                email = (
                    LOGINS[Role.STUDENT].email if is_demo else self.email(f"{first}.{last}", f"schueler.demo{DEMO_TLD}")
                )
                user = self.user(email=email, first=first, last=last, role=Role.STUDENT)
                users.append(user)
                pc = rng.choice(near) if near and rng.random() < 0.6 else rng.choice(self.all_postal_codes)
                qualification = rng.choice(EXPECTED_QUALIFICATIONS[cmeta["school_type"]])
                student = StudentProfile(
                    user=user,
                    birth_date=birth,
                    school=school,
                    school_type=cmeta["school_type"],
                    grade=school_class.grade,
                    expected_qualification=qualification,
                    postal_code=pc,
                    travel_radius_km=rng.choice([10, 15, 15, 20, 25]),
                    languages=rng.choice([["de"], ["de", "en"], ["de", "tr"], ["de", "ar"], ["de", "pl"]]),
                )
                if is_demo:
                    student.expected_qualification = Qualification.MSA
                    student.postal_code = (
                        PostalCode.objects.get(code="44137") if PostalCode.objects.filter(code="44137").exists() else pc
                    )
                    student.languages = ["de", "en"]
                    student.travel_radius_km = 15
                if is_demo:
                    interests = {"ITC": 5, "ME": 4, "EL": 2}
                else:
                    interests = {code: rng.randint(1, 5) for code in rng.sample(codes, rng.randint(2, 4))}
                adult = age >= 18
                index = len(self.students)
                self.students.append(student)
                self.student_meta[index] = {
                    "class": school_class,
                    "period": cmeta["period"],
                    "age": age,
                    "adult": adult,
                    "interests": interests,
                    "demo": is_demo,
                    "teacher": cmeta["teacher"],
                    "parent": None,
                }
                # Parents: the demo student's parent also has the demo sibling in 8b; most other minors
                # have a linked parent too, a few have not linked one yet.
                if is_demo:
                    parent = self.user(
                        email=LOGINS[Role.PARENT].email, first="Petra", last="Musterkamp", role=Role.PARENT
                    )
                    parents.append(parent)
                    self.demo_parent = parent
                    self.student_meta[index]["parent"] = parent
                elif school_class.name == "8b" and n == 0:
                    self.student_meta[index]["parent"] = self.demo_parent
                elif not adult and rng.random() < 0.65:
                    p_first = rng.choice(ADULT_FIRST_NAMES)
                    parent = self.user(
                        email=self.email(f"{p_first}.{last}", f"eltern.demo{DEMO_TLD}"),
                        first=p_first,
                        last=last,
                        role=Role.PARENT,
                    )
                    parents.append(parent)
                    self.student_meta[index]["parent"] = parent
        User.objects.bulk_create(users + parents)
        for student, user in zip(self.students, users, strict=True):
            student.user = user
        StudentProfile.objects.bulk_create(self.students)
        Interest.objects.bulk_create(
            [
                Interest(student=s, berufsfeld=self.berufsfelder[code], weight=weight)
                for i, s in enumerate(self.students)
                for code, weight in self.student_meta[i]["interests"].items()
            ]
        )
        ClassMembership.objects.bulk_create(
            [
                ClassMembership(school_class=self.student_meta[i]["class"], student=s)
                for i, s in enumerate(self.students)
            ]
        )
        ParentLink.objects.bulk_create(
            [
                ParentLink(parent=self.student_meta[i]["parent"], student=s)
                for i, s in enumerate(self.students)
                if self.student_meta[i]["parent"]
            ]
        )
        self.demo_student = next(s for i, s in enumerate(self.students) if self.student_meta[i]["demo"])

    # --- favourites, applications -------------------------------------------------------------------
    def suitable(self, index: int, statuses=(PlacementStatus.PUBLISHED,)) -> list[Placement]:
        """Placements this student could really apply to (kind by grade, age, qualification, class period)."""
        student, meta = self.students[index], self.student_meta[index]
        result = []
        for p in self.placements:
            if p.status not in statuses or not p.company.is_verified:
                continue
            if p.kind == PlacementKind.CAREER_DAY:
                ok = student.grade == 8
            elif p.kind == PlacementKind.SCHOOL_INTERNSHIP:
                ok = meta["period"] is not None and self.period_of[p.pk] == meta["period"]
            elif p.kind == PlacementKind.HOLIDAY_INTERNSHIP:
                ok = student.grade >= 9 and meta["age"] >= (p.min_age or 0)
            elif p.kind == PlacementKind.APPRENTICESHIP:
                ok = student.grade >= 10 and student.expected_qualification >= p.required_qualification
            else:
                ok = student.grade >= 11 and student.expected_qualification >= p.required_qualification
            if ok:
                result.append(p)
        return result

    def interest_first(self, index: int, candidates: list[Placement], k: int) -> list[Placement]:
        interests = self.student_meta[index]["interests"]
        fields = {p.pk: self.placement_fields[i] for i, p in enumerate(self.placements)}
        liked = [p for p in candidates if set(fields[p.pk]) & set(interests)]
        rest = [p for p in candidates if p not in liked]
        self.rng.shuffle(liked)
        self.rng.shuffle(rest)
        return (liked + rest)[:k]

    def build_favourites(self) -> None:
        rng = self.rng
        favourites = []
        self.favourite_pairs = set()
        for i, student in enumerate(self.students):
            meta = self.student_meta[i]
            k = 4 if meta["demo"] else rng.randint(0, 5)
            for p in self.interest_first(i, self.suitable(i), k):
                fav = Favourite(student=student, placement=p)
                if rng.random() < 0.3:
                    fav.note = rng.choice(
                        ["Mit dem Bus 20 Minuten.", "Nach dem Termin fragen!", "Klingt spannend, mit Mama besprechen."]
                    )
                if meta["parent"] and rng.random() < 0.4:
                    fav.liked_by_parent = True
                    fav.parent_comment = rng.choice(
                        ["Gute Wahl, das passt zu dir!", "Lass uns am Wochenende darüber reden.", ""]
                    )
                favourites.append(fav)
                self.favourite_pairs.add((student.pk, p.pk))
        Favourite.objects.bulk_create(favourites)

    def build_applications(self) -> None:
        rng = self.rng
        applications, plans = [], []
        accepted: dict[int, int] = {}
        demo_company_placements = [p for p in self.placements if p.company_id == self.demo_company.pk]
        for i in range(len(self.students)):
            meta = self.student_meta[i]
            if not meta["adult"] and not meta["parent"]:
                continue  # a minor who has not linked a parent yet cannot send applications (consent)
            candidates = self.suitable(i, (PlacementStatus.PUBLISHED, PlacementStatus.CLOSED))
            if meta["demo"]:
                chosen = [p for p in demo_company_placements if p in candidates][:2]
                chosen += [p for p in self.interest_first(i, candidates, 8) if p not in chosen][:3]
                statuses = [
                    ApplicationStatus.OFFERED,  # clearing (issue 10): an offer to accept within 3 days
                    ApplicationStatus.AWAITING_CONSENT,
                    ApplicationStatus.SUBMITTED,
                    ApplicationStatus.WAITLISTED,
                    ApplicationStatus.LAPSED,
                ]
            else:
                k = rng.randint(1, 4)
                chosen = self.interest_first(i, candidates, k)
                mine = [p for p in demo_company_placements if p in candidates and p not in chosen]
                if mine and rng.random() < 0.35:
                    chosen = [mine[0]] + chosen[: k - 1]
                statuses = []
                for p in chosen:
                    if p.status == PlacementStatus.CLOSED:
                        statuses.append(rng.choice([ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED]))
                    else:
                        statuses.append(
                            rng.choices(
                                [
                                    ApplicationStatus.AWAITING_CONSENT,
                                    ApplicationStatus.SUBMITTED,
                                    ApplicationStatus.INVITED,
                                    ApplicationStatus.ACCEPTED,
                                    ApplicationStatus.DECLINED,
                                    ApplicationStatus.WITHDRAWN,
                                    ApplicationStatus.OFFERED,
                                    ApplicationStatus.WAITLISTED,
                                    ApplicationStatus.LAPSED,
                                ],
                                weights=[15, 30, 15, 15, 15, 10, 5, 5, 5],
                            )[0]
                        )
            for p, status in zip(chosen, statuses, strict=False):  # the demo student may have fewer than 5 places
                if meta["adult"] and status == ApplicationStatus.AWAITING_CONSENT:
                    status = ApplicationStatus.SUBMITTED
                if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.OFFERED):  # an offer holds a seat
                    if accepted.get(p.pk, 0) >= p.seats:
                        status = ApplicationStatus.DECLINED
                    else:
                        accepted[p.pk] = accepted.get(p.pk, 0) + 1
                app, plan = self.application(i, p, status)
                applications.append(app)
                plans.append(plan)
        Application.objects.bulk_create(applications)
        # As application_accept() does: a published placement whose seats are all taken is closed.
        full = [
            p for p in self.placements if p.status == PlacementStatus.PUBLISHED and accepted.get(p.pk, 0) >= p.seats
        ]
        for p in full:
            p.status = PlacementStatus.CLOSED
        Placement.objects.bulk_update(full, ["status"])
        events, event_times, messages, message_times = [], [], [], []
        for app, plan in zip(applications, plans, strict=True):
            for status, actor, note, when in plan["events"]:
                events.append(ApplicationEvent(application=app, status=status, actor=actor, note=note))
                event_times.append(when)
            for author, body, when in plan["messages"]:
                messages.append(ApplicationMessage(application=app, author=author, body=body))
                message_times.append(when)
        ApplicationEvent.objects.bulk_create(events)
        ApplicationMessage.objects.bulk_create(messages)
        # auto_now_add overwrites created_at on insert; bulk_update afterwards sets the story's timestamps
        # (bulk_update does not call pre_save).
        for app, plan in zip(applications, plans, strict=True):
            app.created_at, app.updated_at = plan["events"][0][3], plan["events"][-1][3]
        stamped: list[ApplicationEvent | ApplicationMessage] = [*events, *messages]
        for obj, when in zip(stamped, event_times + message_times, strict=True):
            obj.created_at = when
        Application.objects.bulk_update(applications, ["created_at", "updated_at"])
        ApplicationEvent.objects.bulk_update(events, ["created_at"])
        ApplicationMessage.objects.bulk_update(messages, ["created_at"])
        self.applications = applications
        self.build_clearing(applications)

    def build_clearing(self, applications):
        """Clearing (issue 10): the deadlines and answers the services would have stamped, from each story's
        timeline; open ones still have time (the deadline job must not lapse the demo at `make run`); then
        every company's response figures."""
        answered = {
            ApplicationStatus.INVITED,
            ApplicationStatus.OFFERED,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.DECLINED,
        }
        now = timezone.now()
        events = defaultdict(list)
        for app_id, status, when in ApplicationEvent.objects.filter(application__in=applications).values_list(
            "application_id", "status", "created_at"
        ):
            events[app_id].append((when, status))
        for app in applications:
            timeline = sorted(events[app.pk])
            released = next((t for t, st in timeline if st == ApplicationStatus.SUBMITTED), None)
            if released is None:
                continue
            app.released_at = released
            app.respond_by = policy.respond_by(released)
            app.answered_at = next((t for t, st in timeline if st in answered and t >= released), None)
            if app.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED):
                app.respond_by = max(app.respond_by, now + datetime.timedelta(days=self.rng.randint(2, 6)))
                app.reminders_sent = policy.reminders_due(app.respond_by, now)
            if app.status == ApplicationStatus.OFFERED:
                app.offer_expires_at = now + datetime.timedelta(days=2)
        Application.objects.bulk_update(
            applications, ["released_at", "respond_by", "answered_at", "reminders_sent", "offer_expires_at"]
        )
        figures_refresh_stale(now)

    def application(self, index: int, placement: Placement, status: str) -> tuple[Application, dict]:
        rng = self.rng
        student, meta = self.students[index], self.student_meta[index]
        owner = self.company_meta[placement.company.slug]["owner"]
        parent, teacher = meta["parent"], meta["teacher"]
        area = self.placement_area[placement.pk]
        hobby = rng.choice(HOBBIES)
        message = rng.choice(STUDENT_MESSAGES).format(area=area, title=placement.title, hobby=hobby)
        app = Application(student=student, placement=placement, message=message, status=status)
        # The story's clock: from after publication up to the anchor, each step later than the last.
        assert placement.published_at is not None  # the story applies only to published placements
        t = placement.published_at + (self.anchor_dt - placement.published_at) * rng.uniform(0.15, 0.45)
        events: list[tuple[str, User | None, str, datetime.datetime]] = []  # (status, actor, note, when)
        messages = []

        def step():
            nonlocal t
            t = t + (self.anchor_dt - t) * rng.uniform(0.15, 0.4)
            return t

        # The same story the services in seekers/services/ write, with their event notes.
        minor = not meta["adult"]
        school_internship = placement.kind == PlacementKind.SCHOOL_INTERNSHIP
        if school_internship:
            app.school_approval = ApprovalStatus.PENDING
        if not minor:
            events.append((ApplicationStatus.SUBMITTED, student.user, "", t))
        else:
            events.append((ApplicationStatus.AWAITING_CONSENT, student.user, "", t))
            if status == ApplicationStatus.AWAITING_CONSENT:
                app.consent = ApprovalStatus.PENDING
            elif status == ApplicationStatus.WITHDRAWN and (self.show_once("consent_rejected") or rng.random() < 0.5):
                app.consent, app.consent_by = ApprovalStatus.REJECTED, parent
                events.append((ApplicationStatus.WITHDRAWN, parent, "Eltern haben nicht zugestimmt", step()))
            else:
                app.consent, app.consent_by = ApprovalStatus.APPROVED, parent
                events.append((ApplicationStatus.SUBMITTED, parent, "Eltern haben zugestimmt", step()))

        def school_decides(approve: bool, current: str):
            app.school_approval = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
            app.school_approval_by = teacher
            events.append(
                (
                    current,
                    teacher,
                    "Schule hat das Praktikum genehmigt" if approve else "Schule hat das Praktikum nicht genehmigt",
                    step(),
                )
            )

        if events[-1][0] == ApplicationStatus.SUBMITTED and status != ApplicationStatus.SUBMITTED:
            if status in (ApplicationStatus.INVITED, ApplicationStatus.ACCEPTED):
                invited_at = step()
                if rng.random() < 0.6 or meta["demo"]:  # the invitation's note becomes a message
                    messages.append(
                        (
                            owner,
                            f"Hallo {student.user.first_name}, danke für deine Bewerbung! Hast "
                            f"du nächste Woche Dienstag um 15 Uhr Zeit für ein kurzes "
                            f"Kennenlernen bei uns? Bring gern eine Begleitperson mit.",
                            invited_at,
                        )
                    )
                events.append((ApplicationStatus.INVITED, owner, "", invited_at))
                if messages:
                    reply = (
                        "Ja, das passt mir gut. Ich komme mit meiner Mutter. Danke!"
                        if minor
                        else "Ja, der Termin passt. Vielen Dank für die Einladung!"
                    )
                    messages.append((student.user, reply, step()))
                if school_internship and (status == ApplicationStatus.ACCEPTED or rng.random() < 0.5):
                    school_decides(True, ApplicationStatus.INVITED)
            if status == ApplicationStatus.ACCEPTED:
                events.append((ApplicationStatus.OFFERED, owner, "", step()))  # clearing: yes = an offer first
                events.append((ApplicationStatus.ACCEPTED, student.user, "Angebot angenommen", step()))
            elif status in (ApplicationStatus.OFFERED, ApplicationStatus.WAITLISTED):
                events.append((status, owner, "", step()))
            elif status == ApplicationStatus.LAPSED:
                events.append((status, None, "keine Antwort bis zur Frist", step()))
            elif status == ApplicationStatus.DECLINED:
                if school_internship and (self.show_once("school_rejected") or rng.random() < 0.3):
                    school_decides(False, ApplicationStatus.SUBMITTED)
                    app.decline_reason = DECLINE_REASONS["dates"]
                else:
                    app.decline_reason = rng.choice(list(DECLINE_REASONS.values()))
                events.append((ApplicationStatus.DECLINED, owner, app.decline_reason, step()))
            elif status == ApplicationStatus.WITHDRAWN:
                events.append((ApplicationStatus.WITHDRAWN, student.user, "", step()))
        elif status == ApplicationStatus.SUBMITTED and school_internship and rng.random() < 0.3:
            school_decides(True, ApplicationStatus.SUBMITTED)
        if events[-1][0] != status:  # withdrawn while still waiting for consent
            events.append((status, student.user, "", step()))
        return app, {"events": events, "messages": messages}

    def build_recommendations(self) -> None:
        demo_class = next(c for c, _ in self.classes if c.name == "9a")
        in_period = [
            p
            for p in self.placements
            if p.kind == PlacementKind.SCHOOL_INTERNSHIP
            and p.status == PlacementStatus.PUBLISHED
            and p.company.is_verified
            and self.period_of[p.pk] == 0
        ]
        recs = [
            Recommendation(
                teacher=self.demo_teacher,
                placement=p,
                school_class=demo_class,
                note="Guter Betrieb, gut mit der U-Bahn erreichbar.",
            )
            for p in in_period[:3]
        ]
        recs += [
            Recommendation(
                teacher=self.demo_teacher,
                placement=p,
                student=self.demo_student,
                note="Passt zu deinem Interesse an IT!",
            )
            for p in in_period[3:4]
        ]
        Recommendation.objects.bulk_create(recs)

    def counts(self) -> dict:
        return {
            "companies": len(self.companies),
            "sites": len(self.sites),
            "placements": len(self.placements),
            "schools": len({c.school_id for c, _ in self.classes}),
            "classes": len(self.classes),
            "students": len(self.students),
            "applications": len(self.applications),
            **getattr(self, "edt_counts", {}),
            **self.population,
        }


def _add_years(d: datetime.date, years: int) -> datetime.date:
    return cal._add_years(d, years)


def _add_months(d: datetime.date, months: int) -> datetime.date:
    month = d.month - 1 + months
    return d.replace(year=d.year + month // 12, month=month % 12 + 1)


def _years(months: int) -> str:
    """42 -> "3,5", 36 -> "3" (German decimal comma)."""
    years = months / 12
    return f"{years:g}".replace(".", ",")
