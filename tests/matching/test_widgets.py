"""The search filter's inputs are rendered in Python (matching/widgets.py): every one of them, empty, filled,
with markup in the input and marked invalid, must be the HTML Django's widget templates give."""

from unittest import mock

import pytest
from django.forms import widgets as django_widgets
from django.utils import translation

from matching import widgets
from matching.filters import SearchFilter
from matching.views import _mark_errors

pytestmark = pytest.mark.django_db

DATA = [
    {},
    {
        "q": '<b>Tisch & "Co"</b>',
        "plz": "44137",
        "radius": "12.5",
        "date_from": "2026-05-01",
        "date_to": "2026-04-01",
        "qualification": "3",
        "accessible": "on",
        "sort": "distance",
    },
    {"q": "x" * 300, "plz": "1", "radius": "abc", "date_from": "kein Datum", "qualification": "9", "sort": "zufall"},
    {"qualification": "", "accessible": "", "sort": "date", "radius": "5"},
]


def _rendered(bound) -> str:
    return str(bound)


@pytest.mark.parametrize("student_mode", [False, True])
@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_inputs_are_what_django_renders(data, student_mode, language):
    with translation.override(language):
        form = SearchFilter(data, student_mode=student_mode).form
        form.is_valid()
        _mark_errors(form)
        fast = [name for name, field in form.fields.items() if isinstance(field.widget, widgets._InPython)]
        expected = {"q", "radius", "date_from", "date_to", "qualification", "accessible", "sort"}
        assert set(fast) == expected | (set() if student_mode else {"plz"})
        for name in fast:
            ours = _rendered(form[name])
            with mock.patch.object(widgets._InPython, "_render", django_widgets.Widget._render):
                django = _rendered(form[name])
            assert ours == django, name
            assert ours.startswith(("<input", "<select"))
