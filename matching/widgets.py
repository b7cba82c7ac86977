"""The search filter's inputs rendered in Python: the same HTML as Django's widget templates
(django/forms/widgets/input.html, attrs.html, select.html, select_option.html), without a template render per
input and option (the filter form's widgets were a third of a results page's template time).
tests/matching/test_widgets.py holds every filter field, empty, filled and marked invalid, to Django's own
rendering."""

from django.forms import widgets
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` in an autoescaping template."""
    if isinstance(value, SafeData):
        return str(value)
    return escape(value)  # escape() takes str() of it, as %s does


def _attrs(attrs: dict) -> str:
    """attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {escape(name)}" if value is True else f' {escape(name)}="{_text(value)}"')
    return "".join(out)


def _input(w: dict) -> str:
    """input.html"""
    value = "" if w["value"] is None else f' value="{_text(w["value"])}"'
    return f'<input type="{escape(w["type"])}" name="{escape(w["name"])}"{value}{_attrs(w["attrs"])}>'


def _select(w: dict) -> str:
    """select.html with select_option.html (without option groups: the filter's selects have none)."""
    parts = [f'<select name="{escape(w["name"])}"{_attrs(w["attrs"])}>']
    for group_name, options, _index in w["optgroups"]:
        if group_name:  # not used by the filter; Django's template would wrap an <optgroup>
            raise ValueError("option groups are not rendered here")
        for o in options:
            parts.append(
                f'\n  <option value="{_text(o["value"])}"{_attrs(o["attrs"])}>{conditional_escape(o["label"])}</option>\n'
            )
    parts.append("\n</select>")
    return "".join(parts)


class _InPython:
    def _render(self, template_name, context, renderer=None):
        w = context["widget"]
        return mark_safe(_select(w) if "optgroups" in w else _input(w))


class TextInput(_InPython, widgets.TextInput):
    pass


class NumberInput(_InPython, widgets.NumberInput):
    pass


class DateInput(_InPython, widgets.DateInput):
    pass


class CheckboxInput(_InPython, widgets.CheckboxInput):
    pass


class Select(_InPython, widgets.Select):
    pass


# The filter form's checkbox lists and district options (_filters.html), from views._filter_choices: the same HTML
# as the template loops they replace (tests/matching/test_filter_choices_html.py), without a template render of
# every checkbox and option (34 on every results page).
def _value(value) -> str:
    """`{{ value }}` in an autoescaping template."""
    return str(conditional_escape(value))


def check_items(options: list[dict]) -> str:
    out = []
    for o in options:
        oid = _value(o["id"])
        checked = " checked" if o["selected"] else ""
        count = f' <span class="mt-count">({_value(o["count"])})</span>' if o["count"] else ""
        out.append(
            f'\n      <div class="mt-check"><input type="checkbox" name="{_value(o["name"])}" '
            f'value="{_value(o["value"])}" id="{oid}"{checked}> <label for="{oid}">{_value(o["label"])}{count}'
            "</label></div>\n    "
        )
    return mark_safe("".join(out))  # every value above is escaped


def option_items(options: list[dict]) -> str:
    out = []
    for o in options:
        selected = " selected" if o["selected"] else ""
        count = f" ({_value(o['count'])})" if o["count"] else ""
        out.append(
            f'\n        <option value="{_value(o["value"])}"{selected}>{_value(o["label"])}{count}</option>\n      '
        )
    return mark_safe("".join(out))  # every value above is escaped
