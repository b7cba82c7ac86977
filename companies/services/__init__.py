"""Every write to a company, its people, sites, images and placements.

Services check who acts (companies/permissions.py), validate with German messages
(ValidationError({field: msg}) for bad input, DomainError for broken rules), write an AuditEntry and
tell the search index about every placement that changed (companies.signals; matching listens). Pages and
the JSON API call these same functions.
"""

# The topics live in their own modules; callers keep importing from companies.services.
from .colleagues import (
    INVITATION_DAYS,
    invitation_accept,
    invitation_create,
    invitation_get,
    invitation_revoke,
    invitation_signup,
    membership_remove,
    membership_set_role,
)
from .contacts import CONTACT_FIELDS, contact_person_create, contact_person_delete, contact_person_update
from .moderation import (
    company_hide,
    company_moderate,
    company_unhide,
    company_unverify,
    company_verify,
    placement_hide,
    placement_moderate,
    placement_unhide,
)
from .placements import (
    CAREER_DAY_MAX_SEATS,
    MAX_INTERNSHIP_DAYS,
    MIN_AGE,
    PLACEMENT_EDITABLE_FIELDS,
    PLACEMENT_FIELDS,
    placement_archive,
    placement_close,
    placement_copy,
    placement_create,
    placement_publish,
    placement_record_view,
    placement_reopen,
    placement_update,
)
from .profile import (
    COMPANY_FIELDS,
    MAX_PHOTOS,
    company_completeness,
    company_logo_remove,
    company_logo_replace,
    company_photo_add,
    company_photo_remove,
    company_register,
    company_signup,
    company_update,
)
from .shared import ALLOWED_TAGS, GERMAN_TRANSLITERATION, RESERVED_SLUGS, sanitize_html
from .sites import MAX_POINT_DISTANCE_KM, site_create, site_delete, site_update

__all__ = [
    "ALLOWED_TAGS",
    "CAREER_DAY_MAX_SEATS",
    "COMPANY_FIELDS",
    "CONTACT_FIELDS",
    "GERMAN_TRANSLITERATION",
    "INVITATION_DAYS",
    "MAX_INTERNSHIP_DAYS",
    "MAX_PHOTOS",
    "MAX_POINT_DISTANCE_KM",
    "MIN_AGE",
    "PLACEMENT_EDITABLE_FIELDS",
    "PLACEMENT_FIELDS",
    "RESERVED_SLUGS",
    "company_completeness",
    "company_hide",
    "company_logo_remove",
    "company_logo_replace",
    "company_moderate",
    "company_photo_add",
    "company_photo_remove",
    "company_register",
    "company_signup",
    "company_unhide",
    "company_unverify",
    "company_update",
    "company_verify",
    "contact_person_create",
    "contact_person_delete",
    "contact_person_update",
    "invitation_accept",
    "invitation_create",
    "invitation_get",
    "invitation_revoke",
    "invitation_signup",
    "membership_remove",
    "membership_set_role",
    "placement_archive",
    "placement_close",
    "placement_copy",
    "placement_create",
    "placement_hide",
    "placement_moderate",
    "placement_publish",
    "placement_record_view",
    "placement_reopen",
    "placement_unhide",
    "placement_update",
    "sanitize_html",
    "site_create",
    "site_delete",
    "site_update",
]
