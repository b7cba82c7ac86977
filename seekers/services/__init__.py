"""Every write of the seekers app: students, teachers, parents, favourites, applications.

Parental consent for minors (DOMAIN.md, "Privacy and safety")
-------------------------------------------------------------
A company sees an application only once it is *released*: ``consent`` is NOT_REQUIRED or APPROVED and the
status is no longer AWAITING_CONSENT. The rule, decided when the student applies:

* The student is 18 or older (age computed in Europe/Berlin from the birth date): no consent needed, the
  application goes straight to SUBMITTED and the company is notified.
* The student is a minor: the application starts in AWAITING_CONSENT with consent PENDING. Every linked
  parent gets an email; any one of several linked parents may decide (the first decision counts).
* No parent linked yet: the application still waits in AWAITING_CONSENT; the student's page tells them to
  issue a link code for a parent. Linking a parent later sends the pending consent requests to that parent.
* A parent consents: consent APPROVED, status SUBMITTED, the company is notified (only now).
* A parent refuses: consent REJECTED, status WITHDRAWN with the event note "Eltern haben nicht zugestimmt";
  the company never saw it. The student may apply again later (the one-active-application rule is freed).
* The student turns 18 while an application waits: consent is no longer needed;
  ``applications_release_adults()`` (called whenever the student opens their applications and by
  ``manage.py release_adult_applications``) moves it to SUBMITTED with consent NOT_REQUIRED.
* The student withdraws while waiting: WITHDRAWN, the company never saw it.
* The birth date is set once, at registration; the profile update refuses it (otherwise a minor could
  "turn 18" and release their own applications).
* A parent consents after the placement closed, was hidden or its deadline passed: refused (not_open);
  refusing consent is always possible.
* The student removes the linked parent: waiting applications wait for another parent (or until 18).

Clearing (issue 10; the numbers are settings, clearing/policy.py)
-----------------------------------------------------------------
* Released to the company (the moment above), an application gets ``respond_by`` = release + RESPONSE_DAYS. An
  invitation is an answer that gives the company another RESPONSE_DAYS for its decision. Reminders go out on
  REMINDER_DAYS; an application still SUBMITTED or INVITED at ``respond_by`` LAPSES ("keine Antwort",
  clearing.services.deadlines_run) and the student is shown their best matches with free seats.
* The company's "Zusage" is an OFFER that holds the seat for OFFER_DAYS; the student accepts (ACCEPTED) or
  declines it. Accepting withdraws the student's other open applications whose dates overlap (their companies
  get a notice). An offer not answered in time lapses and frees the seat.
* The company may WAITLIST an applicant. A seat that frees (offer declined or lapsed, withdrawal, decline of an
  accepted student) goes to the first on the waitlist as an offer; with nobody waiting, students without a
  placement whose matches include it are told (seekers.tasks.seat_free_notify).
* At most OPEN_CAP open applications (OPEN_STATUSES) per student and kind at a time, and at most
  MAX_OPEN_PER_SEAT competing applications (COMPETING_STATUSES: not answered for good) per free seat of a placement.
* Parental consent is unchanged: it is given for the application; the student answers the offer.

School internships additionally need the school's approval (``school_approval``, decided by a teacher of one
of the student's classes). It does not hold the application back from the company; a class overview counts
a student as placed only once the company accepted *and* the school approved.
"""

# The topics live in their own modules; callers keep importing from seekers.services.
from .applying import APPLY_RULES, KIND_NAMES, application_submit, application_withdraw
from .applying import _validate_cv as _validate_cv  # the tests check the PDF rule on its own
from .classes import class_join, class_leave, school_class_create
from .consent import application_consent, application_school_decide, applications_release_adults
from .deadlines import application_lapse, offer_lapse, waitlist_close
from .decisions import (
    DECLINE_REASONS,
    application_accept,
    application_decline,
    application_invite,
    application_waitlist,
)
from .favourites import favourite_add, favourite_parent_feedback, favourite_remove, favourite_update
from .lifecycle import application_is_released
from .messages import application_message_post
from .offers import offer_accept, offer_decline
from .parents import PARENT_CODE_TTL, parent_link_code_issue, parent_link_create, parent_link_remove
from .privacy import student_delete, student_export
from .profile import (
    BIRTH_DATE_FIXED,
    PROFILE_FIELDS,
    parent_register,
    student_interests_set,
    student_profile_update,
    student_register,
    teacher_register,
)
from .recommendations import recommendation_create
from .seats import seat_freed
from .shared import (
    ADULT_AGE,
    BERLIN,
    CODE_ALPHABET,
    CV_MAX_BYTES,
    MAX_ID,
    MIN_AGE,
    UNVERIFIED,
    age_on,
    parse_id,
    today_berlin,
)

__all__ = [
    "ADULT_AGE",
    "APPLY_RULES",
    "BERLIN",
    "BIRTH_DATE_FIXED",
    "CODE_ALPHABET",
    "CV_MAX_BYTES",
    "DECLINE_REASONS",
    "KIND_NAMES",
    "MAX_ID",
    "MIN_AGE",
    "PARENT_CODE_TTL",
    "PROFILE_FIELDS",
    "UNVERIFIED",
    "age_on",
    "application_accept",
    "application_consent",
    "application_decline",
    "application_invite",
    "application_is_released",
    "application_lapse",
    "application_message_post",
    "application_school_decide",
    "application_submit",
    "application_waitlist",
    "application_withdraw",
    "applications_release_adults",
    "class_join",
    "class_leave",
    "favourite_add",
    "favourite_parent_feedback",
    "favourite_remove",
    "favourite_update",
    "offer_accept",
    "offer_decline",
    "offer_lapse",
    "parent_link_code_issue",
    "parent_link_create",
    "parent_link_remove",
    "parent_register",
    "parse_id",
    "recommendation_create",
    "school_class_create",
    "seat_freed",
    "student_delete",
    "student_export",
    "student_interests_set",
    "student_profile_update",
    "student_register",
    "teacher_register",
    "today_berlin",
    "waitlist_close",
]
