"""The Entdeckertage in the demo (called by backend/demo/builder/; deterministic, small, fast).

One season of the current school year in its booking phase: three blocks of three days (Tue–Thu, outside the
holidays) from five weeks after the anchor, offers from many demo companies (the demo company firma@ among them), class 8b of the
demo teacher in block 1 with ranked wishes (matching's ranking plus a seeded taste), and a published allocation
(a real run, seed 2026). Every role sees it: the pupils of 8b (Ben Musterkamp, the demo parent's second child),
the demo parent, the demo teacher, the demo company (who comes), and city staff (runs, figures, coverage).
City staff moved one pupil by hand (logged); last school year's season holds three of the demo company's days,
to copy into this one ("Aus … übernehmen" on the company's page).
"""

import datetime
import random

from django.core.exceptions import ValidationError

from backend.api.exceptions import DomainError
from backend.demo import calendar as cal
from backend.reference.models import Berufsfeld
from companies.models import Site
from seekers.models import SchoolClass

from . import selectors, services
from .models import AllocationRun, Assignment, Block, BlockDate, ClassBlock, Offer, Participation, Season, Wish

SEED = 2026


def _tue_thu(day: datetime.date) -> list[datetime.date]:
    while day.weekday() != 1:
        day += datetime.timedelta(days=1)
    return [day + datetime.timedelta(days=i) for i in range(3)]


def build(*, anchor: datetime.date, school_year: str, staff, companies, company_meta, sites) -> dict:
    rng = random.Random(SEED)
    # from five weeks after the anchor (the 1st of the month): the booking phase lasts the whole month
    free = [(a, b) for _n, a, b in cal.holidays(anchor)]
    blocks_dates: list[list[datetime.date]] = []
    day = anchor + datetime.timedelta(days=35)
    while len(blocks_dates) < 3:
        dates = _tue_thu(day)
        if not any(a <= d <= b for d in dates for a, b in free):  # school days only, not in the holidays
            blocks_dates.append(dates)
            day = dates[0] + datetime.timedelta(days=21)
        else:
            day = dates[0] + datetime.timedelta(days=7)
    season = Season.objects.create(
        name=f"Entdeckertage {blocks_dates[0][0].year}",
        school_year=school_year,
        grade=8,
        offers_from=anchor - datetime.timedelta(days=70),
        wishes_from=anchor - datetime.timedelta(days=49),
        allocation_from=anchor - datetime.timedelta(days=21),
        booking_from=anchor - datetime.timedelta(days=7),
        days_from=blocks_dates[0][0] - datetime.timedelta(days=1),
        certificates_from=blocks_dates[-1][-1] + datetime.timedelta(days=4),
        created_by=staff,
    )
    blocks = []
    for i, dates in enumerate(blocks_dates):
        b = Block.objects.create(
            season=season, position=i, name=f"Block {i + 1}: {dates[0]:%d.%m.}–{dates[-1]:%d.%m.%Y}"
        )
        BlockDate.objects.bulk_create(BlockDate(block=b, season=season, date=d) for d in dates)
        blocks.append((b, dates))
    fields = {b.code: b for b in Berufsfeld.objects.all()}
    site_of: dict[int, Site] = {}
    for s in sites:
        site_of.setdefault(s.company_id, s)
    offers = []
    verified = [c for c in companies if c.is_verified and c.pk in site_of]
    verified.sort(key=lambda c: not company_meta.get(c.slug, {}).get("demo"))  # the demo company (firma@) first
    for n, company in enumerate(verified[:36]):
        meta = company_meta.get(company.slug, {})
        industry = meta.get("industry") or {}
        topics = industry.get("topics") or [("Berufsfeld", ["D"])]
        is_demo = bool(meta.get("demo"))
        for block, dates in blocks:
            picks = dates if is_demo else [dates[(n + block.position) % 3]]
            for k, day in enumerate(picks):
                area, codes = topics[(n + k) % len(topics)]
                offers.append(
                    Offer(
                        season=season,
                        block=block,
                        company=company,
                        site=site_of[company.pk],
                        date=day,
                        berufsfeld=fields[codes[0]],
                        title=f"{area}: ein Tag bei {company.name}",
                        programme="Begrüßung, Rundgang, mitarbeiten im Team, Fragen an die Azubis.",
                        start_time=datetime.time(8, 30),
                        end_time=datetime.time(13, 0),
                        seats=rng.choice((2, 3, 4, 5)),
                        what_to_bring="feste Schuhe, etwas zu trinken",
                        min_age=14 if rng.random() < 0.1 else None,
                        requirements="" if codes[0] != "G" else "Infektionsschutz-Belehrung (bekommst du vor Ort)",
                        is_accessible=rng.random() < 0.4,
                        created_by=staff,
                    )
                )
    offers = Offer.objects.bulk_create(offers)
    classes = list(SchoolClass.objects.filter(school_year=school_year, grade=8).order_by("id"))
    for i, c in enumerate(classes):
        ClassBlock.objects.create(season=season, school_class=c, block=blocks[i % 3][0], set_by=staff)
    wishes = 0
    for c in classes:
        for student in c.students.filter(grade=8).order_by("id"):
            ranked = [o for o, _s, _r in selectors.ranked_offers(season, student, limit=None)]
            taste = {o.id: i + rng.uniform(0, 6) for i, o in enumerate(ranked)}  # matching's order plus taste
            ranked.sort(key=lambda o: taste[o.id])
            per_field: dict[int, int] = {}
            per_date: dict[datetime.date, int] = {}
            chosen = []
            for o in ranked:
                if per_field.get(o.berufsfeld_id, 0) >= 2 or per_date.get(o.date, 0) >= 3:
                    continue
                per_field[o.berufsfeld_id] = per_field.get(o.berufsfeld_id, 0) + 1
                per_date[o.date] = per_date.get(o.date, 0) + 1
                chosen.append(o)
                if len(chosen) == 7:
                    break
            Wish.objects.bulk_create(
                Wish(season=season, student=student, offer=o, rank=r) for r, o in enumerate(chosen, start=1)
            )
            Participation.objects.create(season=season, student=student, widen=rng.random() < 0.7)
            wishes += len(chosen)
    run = AllocationRun.objects.create(season=season, seed=SEED, time_limit_s=10, created_by=staff)
    services.allocation_run_execute(run)
    run.refresh_from_db()
    services.allocation_publish(actor=staff, run=run, notify=False)
    moves = _move_one_pupil(season, staff, classes)
    earlier = _last_season(season, staff, verified[0], site_of[verified[0].pk], fields) if verified else 0
    return {
        "edt_offers": len(offers),
        "edt_wishes": wishes,
        "edt_days": len(run.assignments),
        "edt_moves": moves,
        "edt_last_season_offers": earlier,
    }


def _move_one_pupil(season, staff, classes) -> int:
    """City staff moved one pupil of the first class by hand (the log on the staff pages shows it)."""
    for c in classes[:1]:
        for student in c.students.filter(grade=8).order_by("id"):
            days = list(selectors.assignments_of(season, student))
            block = selectors.student_block(season, student)
            if not days or block is None:
                continue
            for offer in selectors.offers_for_block(block).filter(date=days[0].date).exclude(pk=days[0].offer_id):
                if offer.taken >= offer.seats:
                    continue
                try:
                    services.assignment_move(
                        actor=staff,
                        season=season,
                        student=student,
                        reason="Wunsch der Schule: näher am Wohnort",
                        from_assignment=days[0],
                        to_offer=offer,
                    )
                except (DomainError, ValidationError):
                    continue
                return 1
    return 0


def _last_season(season, staff, company, site, fields) -> int:
    """Last school year's season, over: three of the demo company's days there, to copy into this one."""
    shift = datetime.timedelta(days=364)  # same weekdays a year earlier
    last = Season.objects.create(
        name=f"Entdeckertage {season.blocks.first().dates.first().date.year - 1}",
        school_year=_previous_school_year(season.school_year),
        grade=season.grade,
        **{f: getattr(season, f) - shift for f in services.PHASE_FIELDS},
        created_by=staff,
    )
    b = Block.objects.create(season=last, position=0, name="Block 1")
    dates = [d - shift for d in selectors.block_dates(season.blocks.order_by("position").first())]
    BlockDate.objects.bulk_create(BlockDate(block=b, season=last, date=d) for d in dates)
    titles = [("ITC", "Programmieren ausprobieren"), ("EL", "Schaltungen löten"), ("VL WIVE", "Ein Tag im Büro")]
    offers = [
        Offer(
            season=last,
            block=b,
            company=company,
            site=site,
            date=day,
            berufsfeld=fields.get(code) or next(iter(fields.values())),
            title=title,
            programme="Begrüßung, Rundgang, eine kleine Aufgabe im Team, Fragen an die Azubis.",
            start_time=datetime.time(8, 30),
            end_time=datetime.time(13, 0),
            seats=4,
            what_to_bring="etwas zu trinken",
            created_by=staff,
        )
        for day, (code, title) in zip(dates, titles, strict=False)
    ]
    return len(Offer.objects.bulk_create(offers))


def _previous_school_year(year: str) -> str:
    a = int(year[:4]) - 1
    return f"{a}/{str(a + 1)[-2:]}"


def delete(users) -> int:
    """Remove the demo seasons (everything in them cascades) before the demo companies and users go."""
    seasons = Season.objects.filter(created_by__in=users)
    Assignment.objects.filter(season__in=seasons).delete()  # days and offers are protected against a casual delete
    Offer.objects.filter(season__in=seasons).delete()
    return seasons.delete()[0]
