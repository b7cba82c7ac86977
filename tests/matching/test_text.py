"""Free text finds what a German speaker means, with the same hits on both backends (matching/search/text.py)."""

import io

import pytest
from django.core.management import call_command

from companies.models import Placement
from matching.search import SearchQuery
from matching.search import text as t
from matching.search.backends.database import Backend as DatabaseBackend

# the contract: these queries give the same hits on both backends over the demo data
CONTRACT_QUERIES = (
    "Praktikum",
    "praktikum",
    "PRAKTIKUM",
    "Schülerpraktikum",
    "Schuelerpraktikum",
    "SCHÜLERBETRIEBSPRAKTIKUM",
    "Praktika",
    "Elektro",
    "Elektroniker",
    "Elektronikerin",
    "Metallbau",
    "Metallbauer",
    "Metallbauerin",
    "Bäcker",
    "Baecker",
    "Kaufmann",
    "Kauffrau",
    "Groß",
    "gross",
    "Außenhandel",
    "Büro",
    "buero",
    "Mechatroniker",
    "Kfz",
    "Garten Landschaftsbau",
    "Landschaftsbau Garten",
    "IT-Support",
    "Pflege",
    "Fachinformatiker",
    "Informatik",
    "Energie",
    "Solar",
    "Gestaltung Farbe",
    "Erzieher",
    "Sommerferien",
    "Zauberlehrling",
)


class TestRule:
    def test_normalise_folds_case_umlauts_and_sharp_s(self):
        assert t.words("Schüler-Praktikum GROẞE Straße") == ["schueler", "praktikum", "grosse", "strasse"]
        assert t.query_terms("Bäcker") == t.query_terms("BAECKER") == ["baeck"]

    def test_word_parts_match_inside_compounds(self):
        assert t.matches(t.query_groups("Praktikum"), ["Schülerbetriebspraktikum Service"])
        assert t.matches(t.query_groups("Elektro"), ["Ausbildung Elektroniker/Elektronikerin"])
        assert t.matches(t.query_groups("Metallbau"), ["Metallbauer/Metallbauerin"])
        assert t.matches(t.query_groups("Metallbauerin"), ["Metallbauer"])  # the feminine form finds the job
        assert t.matches(t.query_groups("Praktika"), ["ein Praktikum"])
        assert t.matches(t.query_groups("schüler"), ["SCHUELERPRAKTIKUM"])

    def test_every_term_must_be_found_and_terms_do_not_span_words(self):
        assert t.matches(t.query_groups("Garten Bau"), ["Garten- und Landschaftsbau"])
        assert not t.matches(t.query_groups("Garten Metall"), ["Garten- und Landschaftsbau"])
        assert not t.matches(t.query_groups("undland"), ["Garten- und Landschaftsbau"])

    def test_a_compound_is_also_found_by_its_parts(self):
        assert t.matches(t.query_groups("Schülerpraktikum"), ["Schülerbetriebspraktikum"])
        assert t.matches(t.query_groups("Schülerpraktikum"), ["Schülerpraktikum"])
        assert not t.matches(t.query_groups("Schülerpraktikum"), ["Ferienpraktikum"])

    def test_short_stems_are_kept_whole(self):
        assert t.query_terms("Maler") == ["maler"]  # not "mal" (normal, Malerei…)
        assert t.query_terms("Garten") == ["garten"]

    def test_html_is_read_as_text(self):
        assert t.words("<p>Praktikum &amp; Gr&ouml;&szlig;e</p>") == ["praktikum", "groesse"]

    def test_index_terms_turn_infixes_into_prefixes(self):
        terms = t.index_terms(["Elektroniker"])
        for q in ("elektro", "tronik", "niker", "r"):
            assert any(term.startswith(q) for term in terms)
        assert not any(term.startswith("elektronikerin") for term in terms)


def _ids(backend, text, **kw):
    return [h.id for h in backend.search(SearchQuery(text=text, sort="date", limit=500, **kw)).hits]


def test_database_backend_finds_word_parts_umlauts_and_case(make_placement, db_backend):
    from backend.reference.models import Occupation

    a = make_placement(title="Schülerbetriebspraktikum Metallwerkstatt")
    occ = Occupation.objects.filter(name__startswith="Metallbauer").first()
    b = make_placement(title="Ausbildung", occupation=occ, kind="apprenticeship")
    c = make_placement(title="Ferienjob in der Bäckerei", description="<p>Große Öfen</p>")
    assert _ids(db_backend, "praktikum") == [a.pk]
    assert _ids(db_backend, "SCHUELER") == [a.pk]
    assert _ids(db_backend, "Metallbauerin") == [b.pk]
    assert sorted(_ids(db_backend, "metall")) == sorted([a.pk, b.pk])
    assert _ids(db_backend, "baeckerei grosse oefen") == [c.pk]
    assert _ids(db_backend, "Bäckerin") == [c.pk]


@pytest.mark.elasticsearch
def test_both_backends_give_the_same_hits_on_the_demo_data(es_backend, db):
    """The contract over the demo data, against the real cluster (CI runs it with its integ-test cluster)."""
    call_command("load_demo_data", stdout=io.StringIO())
    es_backend.rebuild()
    db = DatabaseBackend()
    totals = {}
    for q in CONTRACT_QUERIES:
        on_db = db.search(SearchQuery(text=q, sort="date", limit=1000))
        on_es = es_backend.search(SearchQuery(text=q, sort="date", limit=1000))
        assert [h.id for h in on_es.hits] == [h.id for h in on_db.hits], q
        assert on_es.total == on_db.total, q
        totals[q] = on_db.total
    # the rule finds things, not nothing on both sides
    for q in ("Praktikum", "Schülerpraktikum", "Praktika", "Elektro", "Elektronikerin", "Baecker", "gross", "Kfz"):
        assert totals[q] > 0, q
    assert totals["Praktikum"] == totals["PRAKTIKUM"] == totals["praktikum"]
    assert totals["Zauberlehrling"] == 0
    # what a German speaker means: every listed placement with "praktikum" in its title is found by "Praktikum"
    listed = {h.id for h in db.search(SearchQuery(sort="date", limit=1000)).hits}
    titled = {
        p.pk for p in Placement.objects.filter(pk__in=listed) if "praktikum" in p.title.lower().replace("ü", "ue")
    }
    assert titled and titled <= {h.id for h in db.search(SearchQuery(text="Praktikum", sort="date", limit=1000)).hits}
