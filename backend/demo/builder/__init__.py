"""Builds the demo data set behind `make run`: companies in every Stadtbezirk, their placements, schools,
classes, students, parents and applications in every state, plus one login per role.

Deterministic: one seeded random.Random and one reference date (calendar.reference_date(), the first day of
the current month) drive everything, so two runs in the same month produce the same rows. All people,
companies, streets and email addresses are invented; every domain ends in the reserved `.example`.

Rows are written with the models directly (bulk_create) because this is a fixture, not user input: the
services validate user input and send emails, neither of which a demo loader wants. The model rules still
hold: slugs are unique per company, dates are consistent, one active application per student and placement.
"""

# The topics live in their own modules; callers keep importing from backend.demo.builder.
from .constants import (
    ACTIVE,
    COMPANIES_PER_DISTRICT,
    DEMO_COMPANY_NAME,
    DEMO_PASSWORD,
    DEMO_TLD,
    EXPECTED_QUALIFICATIONS,
    LOGINS,
    MSA_HINTS,
    SCHOOL_FORM_NAMES,
    SCHOOLS,
    SEED,
    BuildResult,
    CompanyMeta,
    DemoLogin,
)
from .dataset import build_demo_data, delete_demo_data, demo_companies, demo_data_present, demo_users
from .placements import occupation_title

__all__ = [
    "ACTIVE",
    "BuildResult",
    "COMPANIES_PER_DISTRICT",
    "CompanyMeta",
    "DEMO_COMPANY_NAME",
    "DEMO_PASSWORD",
    "DEMO_TLD",
    "DemoLogin",
    "EXPECTED_QUALIFICATIONS",
    "LOGINS",
    "MSA_HINTS",
    "SCHOOLS",
    "SCHOOL_FORM_NAMES",
    "SEED",
    "build_demo_data",
    "delete_demo_data",
    "demo_companies",
    "demo_data_present",
    "demo_users",
    "occupation_title",
]
