"""One rule for text that is too long: refuse it with a German message that names the limit, never cut it.

Services call this before storing free text (notes, reasons, names); pages and the API then show the message at the
field and keep what the user typed, so nothing is lost and nothing is stored half.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def text_within(value, *, field: str, limit: int, label: str) -> str:
    """Return `value` as a string (stripped) if it has at most `limit` characters; else raise a ValidationError on
    `field` that says how long it may be and how long it is."""
    text = (value if isinstance(value, str) else str(value or "")).strip()
    if len(text) > limit:
        raise ValidationError(
            {
                field: _(
                    "%(label)s darf höchstens %(limit)d Zeichen lang sein (jetzt: %(n)d Zeichen). Bitte kürze den "
                    "Text; gespeichert wurde noch nichts."
                )
                % {"label": label, "limit": limit, "n": len(text)}
            }
        )
    return text
