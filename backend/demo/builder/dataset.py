"""The whole demo data set: the steps in order, their counts, and finding or deleting the demo rows."""

from __future__ import annotations

import datetime

from django.db import transaction

from backend.accounts.models import Role, User
from backend.accounts.staff import city_staff_grant
from companies.models import Company, Placement
from entdeckertage import demo as edt_demo
from seekers.models import SchoolClass

from .. import calendar as cal
from ..population import build_population
from .applications import ApplicationsStep
from .companies import CompaniesStep
from .constants import COMPANIES_PER_DISTRICT, DEMO_COMPANY_NAME, DEMO_TLD, LOGINS, SEED, BuildResult
from .placements import PlacementsStep
from .schools import SchoolsStep
from .students import StudentsStep


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


class _Builder(CompaniesStep, PlacementsStep, SchoolsStep, StudentsStep, ApplicationsStep):
    """All steps; build() runs them in order in one transaction."""

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
