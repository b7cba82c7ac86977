"""What every step of the build shares: the seeded random source and the reference date, invented emails and
users, the "show each story once" rule, points near a postal code, and the reference data it reads."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from backend.accounts.models import User
from backend.reference.models import Berufsfeld, District, Occupation, PostalCode
from companies.models import Company, Placement, Site
from seekers.models import Application, SchoolClass, StudentProfile

from .. import calendar as cal
from ..catalogue import INDUSTRIES
from .constants import DEMO_PASSWORD, SEED, CompanyMeta


class BuilderBase:
    """The state and helpers every step uses; the steps (companies, placements, ...) add the rows."""

    # Filled in by the steps in build order; declared here so that a step may read what an earlier one made.
    staff: User
    population: dict
    edt_counts: dict
    berufsfelder: dict[str, Berufsfeld]
    occupations: dict[str, Occupation]
    districts: list[District]
    postal_codes: dict[int, list[PostalCode]]
    all_postal_codes: list[PostalCode]
    blocks: list[list[datetime.date]]
    periods: list[tuple[datetime.date, datetime.date]]
    holidays: list[tuple[str, datetime.date, datetime.date]]
    training_year: int
    companies: list[Company]
    company_meta: dict[str, CompanyMeta]
    sites: list[Site]
    demo_company: Company
    placements: list[Placement]
    placement_fields: dict[int, list[str]]
    placement_period: dict[int, int]
    area_phrases: list[str]
    period_of: dict[int, int | None]
    placement_area: dict[int, str]
    classes: list[tuple[SchoolClass, dict]]
    demo_teacher: User
    students: list[StudentProfile]
    student_meta: dict[int, dict]
    demo_parent: User
    demo_student: StudentProfile
    favourite_pairs: set[tuple[int, int]]
    applications: list[Application]

    def __init__(self, anchor: datetime.date):
        self.anchor = anchor
        self.rng = random.Random(SEED)
        tz = timezone.get_current_timezone()
        self.anchor_dt = datetime.datetime.combine(anchor, datetime.time(8, 0), tzinfo=tz)
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing per user would take seconds
        self.used_emails: set[str] = set()
        self.shown: set[str] = set()

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
