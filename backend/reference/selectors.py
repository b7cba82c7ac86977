"""Reads of the reference data that several apps share."""

from django.utils.translation import gettext_lazy as _

from .models import PostalCode

UNKNOWN_POSTAL_CODE = _(
    "Diese Postleitzahl kennen wir nicht. Bitte gib eine fünfstellige Postleitzahl an, z. B. 44137."
)


def postal_code_find(code) -> PostalCode | None:
    """The German postal code typed as `code` (spaces around it ignored), or None when it is not five digits or
    not a postal code we know. The one lookup behind every form and API field that takes a postal code."""
    code = str(code or "").strip()
    if len(code) != 5 or not code.isdigit():
        return None
    return PostalCode.objects.filter(pk=code).select_related("district").first()
