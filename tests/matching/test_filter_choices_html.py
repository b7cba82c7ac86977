"""The filter form's checkboxes and district options rendered in Python (matching/widgets.py check_items,
option_items) give the same HTML as the template loops they replaced, here rendered by Django."""

import pytest
from django.template import engines
from django.utils import translation

from matching.widgets import check_items, option_items

CHECKS = """{% for o in choices %}
      <div class="mt-check"><input type="checkbox" name="{{ o.name }}" value="{{ o.value }}" id="{{ o.id }}"\
{% if o.selected %} checked{% endif %}> <label for="{{ o.id }}">{{ o.label }}{% if o.count %} \
<span class="mt-count">({{ o.count }})</span>{% endif %}</label></div>
    {% endfor %}"""
OPTIONS = """{% for o in choices %}
        <option value="{{ o.value }}"{% if o.selected %} selected{% endif %}>{{ o.label }}\
{% if o.count %} ({{ o.count }}){% endif %}</option>
      {% endfor %}"""

CHOICES = [
    {"name": "kind", "value": v, "label": label, "id": f"id_kind_{i}", "selected": sel, "count": count}
    for i, (v, label, sel, count) in enumerate(
        [
            ("", "alle Stadtbezirke", True, None),
            ("career_day", "Berufsfelderkundung", False, 0),
            ("a&b", 'Metall <"Bau">', True, 7),
            ("x", "Ärzte & Pflege", False, 12345),
        ]
    )
]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_checkboxes_and_options_in_python_are_the_template_loops(language):
    with translation.override(language):
        for loop, fn in ((CHECKS, check_items), (OPTIONS, option_items)):
            expected = engines["django"].from_string(loop).render({"choices": CHOICES})
            assert str(fn(CHOICES)) == expected
            assert "&lt;&quot;Bau&quot;&gt;" in expected and "(12345)" in expected and "(0)" not in expected
