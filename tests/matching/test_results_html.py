"""The results list rendered in Python (matching/results_html.py) gives the same HTML as the template loop it
replaced, here rendered by Django: every optional part on and off, text that needs escaping, German and Arabic."""

import datetime
import itertools

import pytest
from django.template import engines
from django.utils import translation

from matching.results_html import result_items
from matching.search.backends.base import SearchHit
from matching.selectors import Match, NamedRow, PlacementRow, SiteRow

# _results.html's loop as it was before results_html (the reference)
LOOP = """{% load i18n matching_tags %}{% translate "ab" as t_from %}{% translate "barrierefrei" as t_accessible %}\
{% translate "Warum es passt:" as t_why %}{% for m in matches %}
      {% with p=m.placement %}
      <li class="mt-item">
        <article aria-labelledby="mt-title-{{ p.id }}">
          <h3 id="mt-title-{{ p.id }}"><a href="{{ m.url }}">{{ p.title }}</a></h3>
          <p class="mt-meta">
            {{ p.company.name }} · {{ m.kind_label }} · {{ t_from }} {{ p.start_date|date:"j. F Y" }}
            · {{ p.site.postal_code_id }} {{ p.site.city }}{% if p.site.district %} ({{ p.site.district.name }}){% endif %}
            {% if m.distance_km is not None %} · {{ m.distance_km|km }} km{% endif %}
            {% if p.is_accessible %} · {{ t_accessible }}{% endif %}
          </p>
          {% if m.reasons %}
            <p class="mt-why" id="mt-why-{{ p.id }}">{{ t_why }}</p>
            <ul class="mt-reasons" aria-labelledby="mt-why-{{ p.id }}">
              {% for r in m.reasons %}<li>{{ r }}</li>{% endfor %}
            </ul>
          {% endif %}
        </article>
      </li>
      {% endwith %}
    {% endfor %}"""


def matches():
    out = []
    combos = itertools.product([None, "Innenstadt-West"], [None, 0.0, 4.249, 12.0], [False, True], [[], ["a"], []])
    for i, (district, distance, accessible, reasons) in enumerate(combos):
        row = PlacementRow(
            id=10_000 + i,
            title=f"Praktikum <b>{i}</b> & „mehr“",
            kind=["career_day", "school_internship", "apprenticeship", "dual_study"][i % 4],
            slug=f"angebot-{i}",
            start_date=datetime.date(2026, 1 + i % 12, 1 + i % 28),
            end_date=None,
            is_accessible=accessible,
            company=NamedRow(name='Müller & "Söhne" <GmbH>', slug=f"firma-{i % 3}"),
            site=SiteRow(
                postal_code_id="44137",
                city="Dortmund",
                latitude=51.5,
                longitude=7.4,
                district=NamedRow(name=district) if district else None,
            ),
            occupation=None,
            berufsfelder=(),
        )
        hit = SearchHit(id=row.id, facts=None, distance_km=distance)
        out.append(Match(placement=row, hit=hit, reasons=[*reasons, "<script>alert(1)</script>"] if reasons else []))
    return out


@pytest.mark.parametrize("language", ["de", "ar"])
def test_results_in_python_are_the_template_loop(language):
    given = matches()
    with translation.override(language):
        expected = engines["django"].from_string(LOOP).render({"matches": given})
        assert str(result_items(given)) == expected
    assert "&lt;script&gt;" in expected and "<script>" not in expected  # escaped, and the cases are all there
    assert expected.count('class="mt-item"') == 48 and expected.count('class="mt-why"') == 16


def test_no_results_no_items():
    assert str(result_items([])) == ""
