"""Parity: on the same data both backends return the same top 20, with the same scores, ties by id.

Generated data (seeded, so a failure reproduces): placements scattered around Dortmund with random
Berufsfelder, kinds, requirements, seats and applications, and students with random interests,
grades, qualifications and radii. Some placements share a site, so exact ties happen too.
"""

import datetime
import random

import pytest
from django.utils import timezone

from backend.reference.models import Berufsfeld, PostalCode
from companies.models import Placement, Site
from matching.search import SearchQuery
from matching.search.backends.database import Backend as DatabaseBackend
from matching.selectors import student_facts
from seekers.models import Application, ApplicationStatus
from tests.factories import CompanyFactory, SchoolClassFactory, SiteFactory, StudentProfileFactory

KINDS = ["career_day", "school_internship", "holiday_internship", "apprenticeship", "dual_study"]


def generate(rng: random.Random, n_placements=70, n_students=6):
    today = timezone.localdate()
    bfs = list(Berufsfeld.objects.values_list("id", flat=True))
    codes = list(PostalCode.objects.filter(code__startswith="44", district__isnull=False).order_by("code"))
    companies = [CompanyFactory(is_verified=rng.random() > 0.1) for _ in range(8)]
    sites: list[Site] = []
    for _ in range(15):
        c = rng.choice(companies)
        sites.append(
            SiteFactory.create(
                company=c, latitude=51.51 + rng.uniform(-0.12, 0.12), longitude=7.46 + rng.uniform(-0.2, 0.2)
            )
        )
    placements = []
    for i in range(n_placements):
        site = rng.choice(sites)
        start = today + datetime.timedelta(days=rng.randint(-5, 120))
        p = Placement.objects.create(
            company=site.company,
            site=site,
            kind=rng.choice(KINDS),
            title=f"Angebot {i}",
            slug=f"angebot-{i}",
            start_date=start,
            end_date=start + datetime.timedelta(days=rng.choice([0, 4, 13, 20])),
            seats=rng.randint(1, 4),
            min_grade=rng.choice([None, 8, 9, 10]),
            min_age=rng.choice([None, None, 14, 16]),
            required_qualification=rng.choice([0, 0, 1, 2, 3, 4, 5]),
            application_deadline=rng.choice([None, today + datetime.timedelta(days=rng.randint(-3, 40))]),
            status=rng.choice(["published"] * 9 + ["draft"]),
            is_hidden=rng.random() < 0.05,
            published_at=timezone.now(),
        )
        p.berufsfelder.set(rng.sample(bfs, rng.randint(1, 3)))
        placements.append(p)
    students = []
    for _ in range(n_students):
        profile = StudentProfileFactory.create(
            grade=rng.randint(8, 12),
            expected_qualification=rng.randint(1, 5),
            postal_code=rng.choice(codes),
            travel_radius_km=rng.choice([5, 10, 15, 25]),
            birth_date=today.replace(year=today.year - rng.randint(13, 19))
            - datetime.timedelta(days=rng.randint(0, 300)),
            interests={
                b.code: rng.randint(1, 5) for b in Berufsfeld.objects.filter(id__in=rng.sample(bfs, rng.randint(0, 5)))
            },
        )
        if rng.random() < 0.5:
            klass = SchoolClassFactory.create(
                internship_start=today + datetime.timedelta(days=20), internship_end=today + datetime.timedelta(days=60)
            )
            klass.memberships.create(student=profile)
        students.append(profile)
    applicants = [StudentProfileFactory.create() for _ in range(6)]
    apps = []
    for p in placements:
        for a in rng.sample(applicants, rng.randint(0, 4)):
            apps.append(
                Application(
                    student=a,
                    placement=p,
                    message="Hallo",
                    status=rng.choice(
                        [
                            ApplicationStatus.SUBMITTED,
                            ApplicationStatus.INVITED,
                            ApplicationStatus.ACCEPTED,
                            ApplicationStatus.DECLINED,
                        ]
                    ),
                )
            )
    Application.objects.bulk_create(apps)
    return students


@pytest.mark.elasticsearch
@pytest.mark.parametrize("seed", [11, 22, 33])
def test_same_top_20_on_both_backends(seed, es_backend, db):
    students = generate(random.Random(seed))
    es_backend.rebuild()
    database = DatabaseBackend()
    compared = 0
    for profile in students:
        s = student_facts(profile)
        for kinds in [(), ("apprenticeship", "dual_study")]:
            query = SearchQuery(student=s, kinds=kinds, limit=20)
            db, es = database.search(query), es_backend.search(query)
            assert [h.id for h in es.hits] == [h.id for h in db.hits], (seed, profile.pk, kinds)
            assert es.total == db.total
            for d, e in zip(db.hits, es.hits, strict=True):
                assert e.raw_score == pytest.approx(d.score.total, abs=2e-5)
            compared += len(db.hits)
    assert compared > 0  # the generated data must produce matches, or this test proves nothing
