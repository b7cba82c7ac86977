"""A city-sized background population for the demo's statistics (monitoring): without it, every figure about
people in a 40-student demo is below the publishing threshold of 5 and the charts show nothing.

600 fictional students without a login (unusable passwords, addresses under `.example`), spread over Dortmund's
postal codes and school forms, with interests and applications to the demo's placements; last school year's
placements (archived) with their applications; registration and application times spread over the last 15
months, so the daily snapshots reconstructed from them (monitoring.services.backfill_snapshots) draw a course
over this school year and the one before. Deterministic like the rest of the demo (its own seeded Random).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.demo.catalogue import FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES
from backend.reference.models import Berufsfeld, PostalCode, Qualification, SchoolType
from clearing import policy as clearing_policy
from companies.models import Company, Placement, PlacementKind, PlacementStatus
from monitoring.services import backfill_snapshots, take_snapshot
from seekers.models import SEAT_STATUSES, Application, ApplicationEvent, ApplicationStatus, Interest, StudentProfile

SIZE = 600
RESPONSE_DAYS = clearing_policy.config()["RESPONSE_DAYS"]
POPULATION_DOMAIN = "bevoelkerung.demo.example"
# School forms as in Dortmund's secondary schools, roughly.
SCHOOL_TYPES = [
    (SchoolType.GESAMTSCHULE, 30),
    (SchoolType.GYMNASIUM, 28),
    (SchoolType.REALSCHULE, 16),
    (SchoolType.HAUPTSCHULE, 10),
    (SchoolType.SEKUNDARSCHULE, 8),
    (SchoolType.BERUFSKOLLEG, 6),
    (SchoolType.FOERDERSCHULE, 2),
]
# Interest popularity per Berufsfeld code (demand is uneven on purpose: the "gaps" view has something to show).
POPULARITY = {
    "ITC": 9,
    "G": 7,
    "KKG": 6,
    "ME": 6,
    "SP": 5,
    "WIVE": 5,
    "M": 4,
    "EL": 4,
    "D": 4,
    "BAV": 3,
    "TEC": 3,
    "N": 3,
    "VL": 2,
    "PRFE": 2,
    "LANAUM": 2,
    "GESGE": 2,
}
OUTCOMES = [
    (ApplicationStatus.ACCEPTED, 30),
    (ApplicationStatus.DECLINED, 25),
    (ApplicationStatus.SUBMITTED, 20),
    (ApplicationStatus.WITHDRAWN, 10),
    (ApplicationStatus.LAPSED, 15),
]


LAST_YEAR_SLUG = "vorjahr-"


def population_users():
    return User.objects.filter(email__endswith="@" + POPULATION_DOMAIN)


def last_year_placements():
    """Last school year's (archived) placements the population applied to: not part of the demo's story."""
    return Placement.objects.filter(slug__startswith=LAST_YEAR_SLUG, status=PlacementStatus.ARCHIVED)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def build_population(*, anchor: datetime.date, companies: list[Company], seed: int, demo_company_name: str) -> dict:
    rng = random.Random(seed)
    now = timezone.now()
    codes = list(PostalCode.objects.filter(district__isnull=False).order_by("code"))
    fields = {b.code: b for b in Berufsfeld.objects.all()}
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"schueler{i:04d}@{POPULATION_DOMAIN}",
            first_name=rng.choice(FIRST_NAMES_F + FIRST_NAMES_M),
            last_name=rng.choice(SURNAMES),
            role=Role.STUDENT,
            password=password,
        )
        for i in range(SIZE)
    )
    profiles = []
    for user in users:
        school_type = _weighted(rng, SCHOOL_TYPES)
        grade = rng.choice([8, 9, 9, 10, 10, 11, 12])
        profiles.append(
            StudentProfile(
                user=user,
                birth_date=anchor.replace(year=anchor.year - grade - 6) - datetime.timedelta(days=rng.randint(1, 330)),
                school_type=school_type,
                grade=grade,
                expected_qualification=Qualification.ABITUR
                if school_type == SchoolType.GYMNASIUM
                else rng.choice([Qualification.ESA, Qualification.EESA, Qualification.MSA]),
                postal_code=rng.choice(codes),
            )
        )
    StudentProfile.objects.bulk_create(profiles)
    interests = []
    codes_by_weight = list(POPULARITY.items())
    for profile in profiles:
        chosen: set[str] = set()
        while len(chosen) < rng.randint(1, 3):
            chosen.add(_weighted(rng, codes_by_weight))
        # sorted: a set of strings iterates in a per-process order (hash seed), the weights must not depend on it
        interests += [Interest(student=profile, berufsfeld=fields[c], weight=rng.randint(3, 5)) for c in sorted(chosen)]
    Interest.objects.bulk_create(interests)

    # Last school year's placements, archived now, so the trend has a year to compare with.
    last_year_start = datetime.date((anchor.year if anchor.month >= 8 else anchor.year - 1) - 1, 8, 1)
    old = []
    kinds = [PlacementKind.SCHOOL_INTERNSHIP, PlacementKind.HOLIDAY_INTERNSHIP]
    for i in range(150):
        company = companies[i % len(companies)]
        site = company.sites.all()[0]
        start = last_year_start + datetime.timedelta(days=rng.randint(40, 330))
        kind = rng.choice(kinds)
        old.append(
            Placement(
                company=company,
                site=site,
                kind=kind,
                title=f"{PlacementKind(kind).label} (Vorjahr) {i + 1}",
                slug=f"{LAST_YEAR_SLUG}{i + 1}",
                start_date=start,
                end_date=start + datetime.timedelta(days=11),
                seats=rng.randint(1, 4),
                status=PlacementStatus.ARCHIVED,
                published_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
                - datetime.timedelta(days=rng.randint(30, 120)),
            )
        )
    Placement.objects.bulk_create(old)
    through = Placement.berufsfelder.through
    field_list = list(fields.values())
    through.objects.bulk_create(through(placement_id=p.pk, berufsfeld_id=rng.choice(field_list).pk) for p in old)

    current = list(Placement.objects.filter(status=PlacementStatus.PUBLISHED, company__in=companies).order_by("pk"))
    applications, stamps = [], []
    first_seen: dict[int, datetime.datetime] = {}
    # seats already held (the story's offers and acceptances): the population takes only free ones
    held = Counter(
        Application.objects.filter(placement__in=current, status__in=SEAT_STATUSES).values_list("placement", flat=True)
    )
    for profile in profiles:
        for placements, year_back in ((current, 0), (old, 1)):
            for placement in rng.sample(placements, rng.randint(0, 3 if year_back == 0 else 2)):
                created: datetime.datetime
                if year_back:
                    assert placement.published_at is not None  # every archived one above got a publication time
                    created = placement.published_at + datetime.timedelta(days=rng.randint(1, 25))
                else:
                    created = now - datetime.timedelta(days=rng.randint(1, 120))
                status = _weighted(rng, OUTCOMES)
                if year_back and status == ApplicationStatus.SUBMITTED:
                    status = ApplicationStatus.LAPSED
                if status == ApplicationStatus.ACCEPTED:
                    # never the last seat: a full placement closes itself, which is the story's to show
                    if held[placement.pk] >= placement.seats - 1:
                        status = ApplicationStatus.DECLINED
                    else:
                        held[placement.pk] += 1
                if status == ApplicationStatus.SUBMITTED:  # still within the company's response deadline
                    created = now - datetime.timedelta(hours=rng.randint(1, 24 * (RESPONSE_DAYS - 1)))
                answered = None
                if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED):
                    answered = created + datetime.timedelta(hours=rng.randint(3, 24 * 12))
                    answered = min(answered, now)
                applications.append(
                    Application(
                        student=profile,
                        placement=placement,
                        message="Ich würde gern bei Ihnen ein Praktikum machen.",
                        status=status,
                        released_at=created,
                        respond_by=created + datetime.timedelta(days=RESPONSE_DAYS),
                        answered_at=answered,
                    )
                )
                stamps.append(created)
                first_seen[profile.pk] = min(created, first_seen.get(profile.pk, created))
    Application.objects.bulk_create(applications)
    # each application's timeline: one event with its current status, at the time it got there
    events = ApplicationEvent.objects.bulk_create(
        ApplicationEvent(application=a, status=a.status, note="") for a in applications
    )
    # created_at is auto_now_add, so the spread times are written afterwards, in one executemany per table
    # (bulk_update's CASE expressions cost seconds here); registration comes some days before the first application.
    registered = [
        (
            first_seen.get(p.pk, now - datetime.timedelta(days=rng.randint(1, 300)))
            - datetime.timedelta(days=rng.randint(1, 40)),
            p.pk,
        )
        for p in profiles
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Application._meta.db_table} SET created_at = %s WHERE id = %s",
            [(created, a.pk) for a, created in zip(applications, stamps, strict=True)],
        )
        cursor.executemany(f"UPDATE {StudentProfile._meta.db_table} SET created_at = %s WHERE id = %s", registered)
        cursor.executemany(
            f"UPDATE {ApplicationEvent._meta.db_table} SET created_at = %s WHERE id = %s",
            [(a.answered_at or stamp, e.pk) for a, e, stamp in zip(applications, events, stamps, strict=True)],
        )

    snapshots = backfill_snapshots(450, step=7)  # a weekly course is enough for the demo's charts
    take_snapshot()
    return {"population_students": len(profiles), "population_applications": len(applications), "snapshots": snapshots}
