"""A Dortmund-scale Entdeckertage season for the simulate command and tests (bulk inserts, seeded, no mail).

- Pupils of grade 8 over the real Dortmund schools that have a grade 8 (not Grundschule, Berufskolleg,
  Weiterbildungskolleg), classes of about 25, home postal codes near the school (60 %) or anywhere in Dortmund,
  five to eight interests (weights 5 … 1) with a skew towards popular fields; each class gets one of the three blocks in turn.
- Companies spread like the demo (backend/demo: the same industries, evenly over the 12 Stadtbezirke, sites in
  the district's postal codes); their days are in their industry's Berufsfelder, 1–9 seats, about `supply` ×
  the needed days on every date of every block; some ask for a minimum age of 14.
- Wishes: each pupil ranks offers of the class's block by matching's score (interest, distance; scoring.py)
  plus personal taste (noise), takes 8 with at most 2 per field and 3 per date (so at least 4 fields, every
  date); `widen_share` of the pupils tick the opt-in.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password

from backend.accounts.models import Role, User
from backend.demo.catalogue import INDUSTRIES
from backend.reference.models import Berufsfeld, District, PostalCode, School
from companies.models import Company, Site
from matching import scoring
from seekers.models import ClassMembership, Interest, SchoolClass, StudentProfile

from .models import Block, BlockDate, ClassBlock, Offer, Participation, Season, Wish
from .selectors import offer_facts

BLOCKS_2026 = [
    [datetime.date(2026, 4, 21), datetime.date(2026, 4, 22), datetime.date(2026, 4, 23)],
    [datetime.date(2026, 5, 19), datetime.date(2026, 5, 20), datetime.date(2026, 5, 21)],
    [datetime.date(2026, 6, 16), datetime.date(2026, 6, 17), datetime.date(2026, 6, 18)],
]
PHASES_2026 = {
    "offers_from": datetime.date(2026, 1, 12),
    "wishes_from": datetime.date(2026, 2, 16),
    "allocation_from": datetime.date(2026, 3, 9),
    "booking_from": datetime.date(2026, 3, 23),
    "days_from": datetime.date(2026, 4, 20),
    "certificates_from": datetime.date(2026, 6, 22),
}
NO_GRADE_8 = ("Grundschule", "Berufskolleg", "Weiterbildungskolleg", "Förderschule Berufskolleg")
# demand skew: how many pupils name a field among their interests (relative)
FIELD_POPULARITY = {
    "ITC": 3.0,
    "G": 2.5,
    "D": 2.0,
    "WIVE": 2.0,
    "KKG": 2.0,
    "ME": 1.8,
    "SP": 1.8,
    "M": 1.5,
    "EL": 1.3,
    "TEC": 1.3,
    "VL": 1.0,
    "BAV": 1.0,
    "N": 1.0,
    "PRFE": 0.9,
    "LANAUM": 0.8,
    "GESGE": 0.8,
}
WISHES = 8
INTERESTS = (5, 8)  # fields a pupil names (weights 5 … 1)


def build_world(
    *, pupils: int, seed: int, supply: float = 1.1, widen_share: float = 0.8, wishes: int = WISHES, class_size: int = 25
) -> Season:
    rng = random.Random(seed)
    fields = {b.code: b for b in Berufsfeld.objects.all()}
    season = Season.objects.create(name=f"Simulation {pupils}/{seed}", school_year="2025/26", grade=8, **PHASES_2026)
    blocks = []
    for i, dates in enumerate(BLOCKS_2026):
        b = Block.objects.create(season=season, name=f"Block {i + 1}", position=i)
        BlockDate.objects.bulk_create(BlockDate(block=b, season=season, date=d) for d in dates)
        blocks.append((b, dates))

    # --- schools, classes, pupils --------------------------------------------------------------------------------
    schools = [s for s in School.objects.select_related("postal_code__district") if s.school_form not in NO_GRADE_8]
    districts = list(District.objects.order_by("name"))
    pcs_by_district: dict[int, list[PostalCode]] = {d.id: [] for d in districts}
    for pc in PostalCode.objects.filter(district__isnull=False).order_by("code"):
        assert pc.district_id is not None  # filtered above
        pcs_by_district[pc.district_id].append(pc)
    all_pcs = [pc for d in districts for pc in pcs_by_district[d.id]]
    n_classes = max(1, -(-pupils // class_size))
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(
            school=schools[i % len(schools)],
            name=f"8{chr(97 + (i // len(schools)) % 26)}",
            school_year="2025/26",
            grade=8,
            join_code=f"S{seed % 1000:03d}{i:06d}",
        )
        for i in range(n_classes)
    )
    ClassBlock.objects.bulk_create(
        ClassBlock(season=season, school_class=c, block=blocks[i % len(blocks)][0]) for i, c in enumerate(classes)
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"sim{seed}-{i}@schueler.example",
            first_name=f"S{i}",
            last_name="Sim",
            role=Role.STUDENT,
            password=password,
        )
        for i in range(pupils)
    )
    profiles = []
    class_of = []
    for i, u in enumerate(users):
        c = classes[i // class_size]
        near = pcs_by_district.get(c.school.postal_code.district_id) if c.school.postal_code.district_id else None
        pc = rng.choice(near) if near and rng.random() < 0.6 else rng.choice(all_pcs)
        born = datetime.date(2011, 7, 1) + datetime.timedelta(days=rng.randrange(0, 366))
        profiles.append(
            StudentProfile(user=u, birth_date=born, school=c.school, grade=8, postal_code=pc, travel_radius_km=15)
        )
        class_of.append(c)
    profiles = StudentProfile.objects.bulk_create(profiles)
    ClassMembership.objects.bulk_create(
        ClassMembership(school_class=c, student=p) for p, c in zip(profiles, class_of, strict=True)
    )
    codes = list(FIELD_POPULARITY)
    weights = [FIELD_POPULARITY[c] for c in codes]
    interests = []
    interest_of = {}
    for p in profiles:
        chosen: list[str] = []
        k = rng.randint(INTERESTS[0], INTERESTS[1])
        while len(chosen) < k:
            code = rng.choices(codes, weights)[0]
            if code not in chosen:
                chosen.append(code)
        # the first ones matter most (5 … 2), the rest are fields the pupil would try (1)
        interest_of[p.id] = {fields[c].id: max(1, 5 - j) for j, c in enumerate(chosen)}
        interests += [Interest(student=p, berufsfeld_id=b, weight=w) for b, w in interest_of[p.id].items()]
    Interest.objects.bulk_create(interests, batch_size=5000)

    # --- companies and offers (spread like the demo) --------------------------------------------------------------
    per_date = [sum(1 for i in range(pupils) if (i // class_size) % len(blocks) == k) for k in range(len(blocks))]
    n_companies = max(12, pupils // 6)
    companies = Company.objects.bulk_create(
        Company(
            name=f"Sim-Betrieb {seed}-{i}",
            slug=f"sim-{seed}-{i}",
            is_verified=True,
            offers_career_days=True,
            industry=INDUSTRIES[i % len(INDUSTRIES)]["industry"],
        )
        for i in range(n_companies)
    )
    sites = []
    for i, co in enumerate(companies):
        d = districts[i % len(districts)]
        pc = rng.choice(pcs_by_district[d.id] or all_pcs)
        sites.append(
            Site(
                company=co,
                name="Standort",
                street=f"Simulationsweg {i}",
                postal_code=pc,
                latitude=pc.latitude + rng.uniform(-0.0045, 0.0045),
                longitude=pc.longitude + rng.uniform(-0.007, 0.007),
                district=d,
            )
        )
    sites = Site.objects.bulk_create(sites)
    offers = []
    for k, (block, dates) in enumerate(blocks):
        for day in dates:
            need = int(round(per_date[k] * supply))
            seats = 0
            while seats < need:
                i = rng.randrange(n_companies)
                industry = INDUSTRIES[i % len(INDUSTRIES)]
                area, codes_ = rng.choice(industry["topics"])
                s = min(rng.choice((2, 3, 4, 4, 5, 6, 6, 8, 9)), need - seats)
                seats += s
                offers.append(
                    Offer(
                        season=season,
                        block=block,
                        company=companies[i],
                        site=sites[i],
                        date=day,
                        berufsfeld=fields[codes_[0]],
                        title=f"{area} bei {companies[i].name}",
                        start_time=datetime.time(8, 0),
                        end_time=datetime.time(13, 0),
                        seats=s,
                        min_age=14 if rng.random() < 0.1 else None,
                        is_accessible=rng.random() < 0.3,
                    )
                )
    offers = Offer.objects.bulk_create(offers, batch_size=2000)

    # --- wishes -------------------------------------------------------------------------------------------------
    by_block_field: dict[tuple[int, int], list[scoring.PlacementFacts]] = {}  # (block, Berufsfeld) -> offers
    for o in offers:
        by_block_field.setdefault((o.block_id, o.berufsfeld_id), []).append(offer_facts(o))
    block_of_class = {c.id: blocks[i % len(blocks)][0].id for i, c in enumerate(classes)}
    rows, parts = [], []
    for p, c in zip(profiles, class_of, strict=True):
        facts = scoring.StudentFacts(
            id=p.id,
            latitude=p.postal_code.latitude,
            longitude=p.postal_code.longitude,
            postal_code=p.postal_code.code,
            grade=8,
            birth_date=p.birth_date,
            expected_qualification=1,
            travel_radius_km=15.0,
            interests=interest_of[p.id],
        )
        matcher = scoring.Matcher(facts, scoring.MatchRequest(today=season.offers_from))
        pool = []
        for field_id in interest_of[p.id]:
            pool += by_block_field.get((block_of_class[c.id], field_id), [])
        scored = []
        for pf in rng.sample(pool, min(len(pool), 160)):
            lbd = scoring.latest_birth_date(pf.start_date, pf.min_age)
            if lbd and p.birth_date > lbd:
                continue
            scored.append((matcher.total(pf) + rng.gauss(0, 0.12), pf))
        scored.sort(key=lambda t: -t[0])
        per_field: dict[int, int] = {}
        per_day: dict[datetime.date, int] = {}
        wished: list[int] = []
        for _s, pf in scored:
            f, day = pf.berufsfeld_ids[0], pf.start_date
            if per_field.get(f, 0) >= 2 or per_day.get(day, 0) >= 3:
                continue
            per_field[f] = per_field.get(f, 0) + 1
            per_day[day] = per_day.get(day, 0) + 1
            wished.append(pf.id)
            if len(wished) >= wishes:
                break
        rows += [Wish(season=season, student=p, offer_id=oid, rank=r) for r, oid in enumerate(wished, start=1)]
        if rng.random() < widen_share:
            parts.append(Participation(season=season, student=p, widen=True))
    Wish.objects.bulk_create(rows, batch_size=5000)
    Participation.objects.bulk_create(parts, batch_size=5000)
    return season
