"""The results list of the search and matches pages (the items of _results.html's <ol>) rendered in Python:
the same HTML as the template loop it replaces, without a template render of a dozen variables, filters and
tags per result (the list was a third of a results page's template time). tests/matching/test_results_html.py
holds it to that loop, rendered by Django, for results with and without reasons, district, distance and
accessibility, in German and Arabic."""

from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from matching import scoring


def _e(value) -> str:
    """`{{ value }}` in an autoescaping template (str() of it, escaped unless it is safe already)."""
    return str(conditional_escape(value))


def result_items(matches) -> SafeString:
    t_from, t_accessible, t_why = _e(gettext("ab")), _e(gettext("barrierefrei")), _e(gettext("Warum es passt:"))
    out = []
    for m in matches:
        p = m.placement
        pid = _e(p.id)
        site = p.site
        district = f" ({_e(site.district.name)})" if site.district else ""
        distance = f" · {_e(scoring.format_km(m.distance_km))} km" if m.distance_km is not None else ""
        accessible = f" · {t_accessible}" if p.is_accessible else ""
        if m.reasons:
            items = "".join(f"<li>{_e(r)}</li>" for r in m.reasons)
            reasons = (
                f'\n            <p class="mt-why" id="mt-why-{pid}">{t_why}</p>\n'
                f'            <ul class="mt-reasons" aria-labelledby="mt-why-{pid}">\n'
                f"              {items}\n"
                "            </ul>\n          "
            )
        else:
            reasons = ""
        out.append(
            "\n      \n"
            '      <li class="mt-item">\n'
            f'        <article aria-labelledby="mt-title-{pid}">\n'
            f'          <h3 id="mt-title-{pid}"><a href="{_e(m.url)}">{_e(p.title)}</a></h3>\n'
            '          <p class="mt-meta">\n'
            f"            {_e(p.company.name)} · {_e(m.kind_label)} · {t_from} {_e(date_filter(p.start_date, 'j. F Y'))}\n"
            f"            · {_e(site.postal_code_id)} {_e(site.city)}{district}\n"
            f"            {distance}\n"
            f"            {accessible}\n"
            "          </p>\n"
            f"          {reasons}\n"
            "        </article>\n"
            "      </li>\n"
            "      \n    "
        )
    return mark_safe("".join(out))  # every value above is escaped
