"""Dates for the demo data: one reference date, NRW school holidays, and the date blocks derived from them.

Why a month anchor: the data must be the same on every run (so screenshots, tests and bug reports agree),
yet every placement must lie in the future so it is live in search. `reference_date()` is the first day of
the current month: re-runs within a month give identical data, and every generated start date is at least
five weeks after the anchor, so it is still in the future on the last day of the month.
"""

import datetime

# NRW Ferienordnung (Ministerium für Schule und Bildung NRW), first and last day of each holiday.
# One-day breaks (bewegliche Ferientage, Pfingstdienstag) are left out: nobody does an internship in them.
NRW_HOLIDAYS: list[tuple[str, datetime.date, datetime.date]] = [
    ("Osterferien", datetime.date(2026, 3, 30), datetime.date(2026, 4, 11)),
    ("Sommerferien", datetime.date(2026, 7, 20), datetime.date(2026, 9, 1)),
    ("Herbstferien", datetime.date(2026, 10, 17), datetime.date(2026, 10, 31)),
    ("Weihnachtsferien", datetime.date(2026, 12, 23), datetime.date(2027, 1, 6)),
    ("Osterferien", datetime.date(2027, 3, 22), datetime.date(2027, 4, 3)),
    ("Sommerferien", datetime.date(2027, 7, 19), datetime.date(2027, 8, 31)),
    ("Herbstferien", datetime.date(2027, 10, 23), datetime.date(2027, 11, 6)),
    ("Weihnachtsferien", datetime.date(2027, 12, 24), datetime.date(2028, 1, 8)),
    ("Osterferien", datetime.date(2028, 4, 10), datetime.date(2028, 4, 22)),
]


def reference_date(today: datetime.date | None = None) -> datetime.date:
    """The anchor every demo date is computed from: the first day of the current month."""
    today = today or datetime.date.today()
    return today.replace(day=1)


def holidays(anchor: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The known NRW holidays; past the end of the table it is repeated, shifted by whole years, so the demo
    keeps working in later years (with plausible, no longer official dates)."""
    table = list(NRW_HOLIDAYS)
    shift = 0
    while table[-1][2] < anchor + datetime.timedelta(days=400):
        shift += 2
        last_end = table[-1][2]
        table += [
            (name, _add_years(start, shift), _add_years(end, shift))
            for name, start, end in NRW_HOLIDAYS
            if _add_years(start, shift) > last_end
        ]
    return table


def _add_years(d: datetime.date, years: int) -> datetime.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def in_holidays(d: datetime.date, anchor: datetime.date) -> bool:
    return any(start <= d <= end for _, start, end in holidays(anchor))


def next_weekday(d: datetime.date, weekday: int) -> datetime.date:
    """The first date on or after d that falls on weekday (Monday = 0)."""
    return d + datetime.timedelta(days=(weekday - d.weekday()) % 7)


def school_weeks_start(anchor: datetime.date, after_days: int, weeks: int) -> datetime.date:
    """The first Monday at least `after_days` after the anchor that starts `weeks` school weeks in a row."""
    monday = next_weekday(anchor + datetime.timedelta(days=after_days), 0)
    while any(in_holidays(monday + datetime.timedelta(days=7 * w + i), anchor) for w in range(weeks) for i in range(5)):
        monday += datetime.timedelta(days=7)
    return monday


def career_day_blocks(anchor: datetime.date) -> list[list[datetime.date]]:
    """Dortmund books Berufsfelderkundungen in fixed blocks: here three blocks of Tuesday–Thursday."""
    blocks = []
    for after_days in (42, 91, 154):
        monday = school_weeks_start(anchor, after_days, 1)
        blocks.append([monday + datetime.timedelta(days=i) for i in (1, 2, 3)])
    return blocks


def internship_periods(anchor: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The classes' internship periods (Monday to Friday, inside school weeks): 3, 2 and 3 weeks."""
    periods = []
    for after_days, weeks in ((63, 3), (112, 2), (175, 3)):
        monday = school_weeks_start(anchor, after_days, weeks)
        periods.append((monday, monday + datetime.timedelta(days=7 * weeks - 3)))
    return periods


def upcoming_holidays(anchor: datetime.date, count: int = 3) -> list[tuple[str, datetime.date, datetime.date]]:
    """The next `count` holidays that start at least five weeks after the anchor (so still ahead all month)."""
    earliest = anchor + datetime.timedelta(days=35)
    return [h for h in holidays(anchor) if h[1] >= earliest][:count]


def school_year(anchor: datetime.date) -> str:
    """ "2026/27": a school year in NRW starts in August."""
    start = anchor.year if anchor.month >= 8 else anchor.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def training_year(anchor: datetime.date) -> int:
    """The year apprenticeships start in: the next August that is at least half a year away."""
    return anchor.year if anchor.month <= 1 else anchor.year + 1
