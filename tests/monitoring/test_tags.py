"""The page's number formatting, written without Django's number_format for speed, shows what it would show."""

import pytest
from django.utils import translation
from django.utils.formats import number_format

from monitoring.templatetags.monitoring_tags import cell, trend_rows


@pytest.mark.parametrize("lang", ["de", "en", "uk", "ar", "tr"])
def test_counts_are_grouped_as_number_format_groups_them(lang):
    with translation.override(lang):
        for value in (0, 7, 999, 1000, 12345, 1234567, -4321):
            assert cell({"n": value}, {"key": "n", "kind": "count"}) == number_format(value, 0, force_grouping=True)


def test_trend_rows_hide_small_figures_and_escape():
    with translation.override("de"):
        html = trend_rows(
            [{"date": "2026-09-01", "students": 1200, "placed_students": None}, {"date": "<b>", "students": 3.5}],
            [{"key": "students"}, {"key": "placed_students"}],
        )
    assert html == (
        '<tr><th scope="row">2026-09-01</th><td class="num">1200</td><td class="num">&lt;5</td></tr>'
        '<tr><th scope="row">&lt;b&gt;</th><td class="num">3,5</td><td class="num">&lt;5</td></tr>'
    )
