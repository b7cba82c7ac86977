from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def cell(values: dict, column: dict):
    """One published value as text: hidden people figures read "<5" (with a title for screen readers)."""
    value = values.get(column["key"]) if values else None
    if value is None:
        return _("<5") if column["kind"] in ("people", "share") else "–"
    if column["kind"] == "share":
        return f"{number_format(value * 100, 0)} %"
    if column["kind"] == "median":
        return number_format(value, 1)
    return number_format(value, 0, force_grouping=True)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key) if mapping else None


@register.filter
def as_datetime(text: str):
    """The ISO time stamp of the published figures as a datetime in the current time zone (for |date)."""
    value = parse_datetime(text or "")
    return timezone.localtime(value) if value else text
