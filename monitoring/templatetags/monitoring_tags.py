from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import get_format, localize, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
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
    if isinstance(value, int) and get_format("NUMBER_GROUPING") == 3:  # most cells, without number_format's
        # machinery: 1.234 (de), 1,234 (en)
        return f"{value:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    return number_format(value, 0, force_grouping=True)


@register.filter
def as_datetime(text: str):
    """The ISO time stamp of the published figures as a datetime in the current time zone (for |date)."""
    value = parse_datetime(text or "")
    return timezone.localtime(value) if value else text


@register.simple_tag
def trend_rows(points: list[dict], figures: list[dict]) -> str:
    """The trend table's rows (a school year of daily points is thousands of cells: built here in one pass, not
    in template loops). A hidden people figure reads "<5", as in every table."""
    hidden = conditional_escape(_("<5"))
    keys = [f["key"] for f in figures]

    def text(value) -> str:  # as {{ value }} shows it: whole numbers as they are, anything else localized
        if value is None:
            return hidden
        return str(value) if type(value) is int else conditional_escape(localize(value))

    rows = []
    for point in points:
        cells = "".join(f'<td class="num">{text(point.get(k))}</td>' for k in keys)
        rows.append(f'<tr><th scope="row">{conditional_escape(point["date"])}</th>{cells}</tr>')
    return mark_safe("".join(rows))  # every value above is escaped
