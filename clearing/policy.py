"""The rules of the application market (issue 10), as settings and pure functions (no models, no queries), so
seekers.services, clearing.services, matching and the simulation read ONE definition.

settings.CLEARING (every key optional):
  RESPONSE_DAYS     a company answers an application within this many days of seeing it (default 7)
  REMINDER_DAYS     days after release on which the company is reminded (default (3, 6))
  OFFER_DAYS        a student accepts or declines an offer within this many days (default 3)
  OPEN_CAP          open applications per student and kind at a time (default 5)
  MAX_OPEN_PER_SEAT competing applications per free seat a placement takes (default 3; None: no limit)
  TEACHER_LEAD_DAYS teachers see who has no placement this many days before the class's period (default 28)
  FIGURES_MONTHS    response figures cover this many months (default 12)
  ANSWER_PRIOR      (rate, weight): a company without history counts as answering this share, worth this many
                    applications of evidence (default (0.8, 4)), so one lapse does not sink a new company
"""

from __future__ import annotations

import datetime

from django.conf import settings

LONG_KINDS = ("apprenticeship", "dual_study")  # placements that last years; an end date is often left out
LONG_DAYS = 730


def config() -> dict:
    base = {
        "RESPONSE_DAYS": 7,
        "REMINDER_DAYS": (3, 6),
        "OFFER_DAYS": 3,
        "OPEN_CAP": 5,
        "MAX_OPEN_PER_SEAT": 3,
        "TEACHER_LEAD_DAYS": 28,
        "FIGURES_MONTHS": 12,
        "ANSWER_PRIOR": (0.8, 4),
    }
    base.update(getattr(settings, "CLEARING", {}))
    return base


def respond_by(released_at: datetime.datetime) -> datetime.datetime:
    return released_at + datetime.timedelta(days=config()["RESPONSE_DAYS"])


def offer_expires(offered_at: datetime.datetime) -> datetime.datetime:
    return offered_at + datetime.timedelta(days=config()["OFFER_DAYS"])


def reminders_due(respond_by: datetime.datetime, now: datetime.datetime) -> int:
    """How many reminders are due by `now` for an answer due at `respond_by`: reminder k goes out on day
    REMINDER_DAYS[k] of the RESPONSE_DAYS window (days 3 and 6 of 7). A job that ran late sends one, not two."""
    cfg = config()
    start = respond_by - datetime.timedelta(days=cfg["RESPONSE_DAYS"])
    return sum(1 for d in cfg["REMINDER_DAYS"] if now >= start + datetime.timedelta(days=d))


def period(kind: str, start: datetime.date, end: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    """The days a placement occupies: its dates; a long placement without an end lasts LONG_DAYS."""
    if end is None:
        end = start + datetime.timedelta(days=LONG_DAYS if kind in LONG_KINDS else 0)
    return start, end


def overlaps(a: tuple[datetime.date, datetime.date], b: tuple[datetime.date, datetime.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def answer_rate(answered_in_time: int, total: int) -> float:
    """Share of applications a company answers in time, pulled towards ANSWER_PRIOR while it has few."""
    prior, weight = config()["ANSWER_PRIOR"]
    return (answered_in_time + prior * weight) / (total + weight)


def default_answer_rate() -> float:
    return answer_rate(0, 0)
