"""Every write of the Entdeckertage, each atomic, each rule with a German message that says what to do.

Rules (the one place; pages and API call these):
- Seasons, blocks, phases, allocation runs, publishing and manual moves: city staff only.
- A class gets one block (its verified teacher or city staff), only classes of the season's grade.
- Offers: a company member, for a date of one of the season's blocks, one of the 16 Berufsfelder, 1–9 seats,
  a programme of at least 4 hours, a site of the company; until the days begin. Seats can never go below the
  pupils already on the day; date and field cannot change once pupils are on it.
- Wishes: the pupil, in the wish phase, of the season's grade, only offers of the class's block, not full of
  age limits the pupil does not meet, at most MAX_WISHES, each once.
- Bookings: the pupil, in the booking phase, offers of the class's block, a free seat (the offer's row is
  locked while counting), at most one day per date and per Berufsfeld (also guarded by unique constraints).
- Attendance and feedback: a member of the offer's company, from the day itself on.
"""

# The topics live in their own modules; callers keep importing from entdeckertage.services.
from .allocation_runs import allocation_publish, allocation_run_execute, allocation_run_start, assignment_move
from .attendance import attendance_confirm
from .bookings import booking_cancel, booking_create
from .classes import class_block_set, class_bookings_confirm, class_remind_without_wishes
from .offers import OFFER_FIELDS, offer_cancel, offer_copy, offer_create, offer_update
from .seasons import PHASE_FIELDS, season_create, season_update_phases
from .shared import PHASE_NAMES
from .wishes import MAX_WISHES, participation_set, wishes_set

__all__ = [
    "MAX_WISHES",
    "OFFER_FIELDS",
    "PHASE_FIELDS",
    "PHASE_NAMES",
    "allocation_publish",
    "allocation_run_execute",
    "allocation_run_start",
    "assignment_move",
    "attendance_confirm",
    "booking_cancel",
    "booking_create",
    "class_block_set",
    "class_bookings_confirm",
    "class_remind_without_wishes",
    "offer_cancel",
    "offer_copy",
    "offer_create",
    "offer_update",
    "participation_set",
    "season_create",
    "season_update_phases",
    "wishes_set",
]
