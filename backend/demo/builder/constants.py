"""The fixed choices of the demo: seed and password, one login per role, the schools and classes, what the
build remembers per company, its result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from backend.accounts.models import Role, User
from backend.reference.models import District, Qualification, SchoolType
from companies.models import ContactPerson, Site
from seekers.models import ApplicationStatus

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
