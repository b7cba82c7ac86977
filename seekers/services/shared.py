"""What every seekers service shares: the Berlin calendar and ages, ids and codes from user input, the
event row of an application, the refusal for an unverified email."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from companies.models import Membership

from ..models import Application, ApplicationEvent

BERLIN = ZoneInfo("Europe/Berlin")


MIN_AGE = 13


ADULT_AGE = 18


CV_MAX_BYTES = 5 * 1024 * 1024


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in class


UNVERIFIED = _(
    "Bitte bestätige zuerst deine E-Mail-Adresse mit dem Code aus unserer E-Mail. Danach kannst du weitermachen."
)


def today_berlin() -> datetime.date:
    return timezone.now().astimezone(BERLIN).date()


def age_on(birth_date: datetime.date, day: datetime.date | None = None) -> int:
    day = day or today_berlin()
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


MAX_ID = 2**31 - 1  # the largest id a database row has (integer primary keys)


def parse_id(value) -> int | None:
    """An id from user input as int, or None when it is not a whole number in 1..2**31-1 (larger numbers
    overflow SQLite's integer parameters)."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 1 <= number <= MAX_ID else None


def _random_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(length))


def _is_member(user: User, company_id: int) -> bool:
    return Membership.objects.filter(user=user, company_id=company_id).exists()


def _event(application: Application, status: str, actor: User | None, note: str = "") -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=application, status=status, actor=actor, note=note[:255])
