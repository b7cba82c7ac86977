"""The Elasticsearch backend (for scale), through elasticsearch-dsl 8.

The score of matching.scoring as two nested function_score queries, without scripts (the cluster may have
no painless). The inner one is the fit, score_mode "sum", boost_mode "replace":
  interest      one filter function per Berufsfeld of the student: term berufsfelder=b,
                weight = w_interest · student's weight of b / sum of the student's weights;
  proximity     gauss on `location`, origin = the student's home, offset 0, scale, decay 0.5,
                weight = w_distance;
  level_fit     one filter function per requirement r ≤ the student's qualification,
                weight = w_level · level_fit(q, r);
The outer one multiplies it by field_value_factor on the precomputed `chance_factor` (boost_mode
"multiply"): fit · (floor + (1 − floor) · chance), and by OFF_INTEREST (a weight on a must_not terms filter) for a
placement in none of the student's Berufsfelder.
Eligibility is the query's filter context. `_score` is a float32: placements whose scores differ by less
than it can tell would be ordered by id instead of by score, so a window around the page (wide enough
that nothing outside it is within SCORE_EPSILON of the page's edges) is re-ranked in Python with the
exact score and scoring.rank_key, as the database backend ranks: same order, ties by id.
Free text filters on `text_terms` (matching.search.text, the same rule as the database backend).

Options (SEARCH_BACKENDS["default"]): URL, INDEX (the alias searches use; concrete indices are
INDEX-<timestamp>), TIMEOUT (seconds).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any, cast

from django.utils import timezone
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import ConnectionTimeout, Elasticsearch, NotFoundError
from elasticsearch import helpers as es_helpers
from elasticsearch_dsl import Index, Q, Search

from companies.models import Placement
from matching import indexing, scoring
from matching.search import text as text_search
from matching.search.documents import PlacementDocument, facts_from_source, placement_sources

from .base import FACETS, SearchBackend, SearchHit, SearchQuery, SearchResult, SearchUnavailable

log = logging.getLogger(__name__)

REBUILD_MARGIN = datetime.timedelta(minutes=5)
# Scores closer than this may be ordered differently by float32 `_score`; the window is re-ranked exactly.
SCORE_EPSILON = 1e-5
MAX_WINDOW = 10_000  # index.max_result_window
BULK_LINES = 4_000  # per bulk request: 2,000 documents with their action lines (a few MB)


def _day(d: datetime.date) -> str:
    return d.isoformat()


def _exact_rank_key(hit: SearchHit) -> tuple[float, int]:
    assert hit.score is not None  # exact ranking: the matcher scored every hit
    return scoring.rank_key(hit.score.total, hit.id)


class Backend(SearchBackend):
    def __init__(self, alias="default", url="http://127.0.0.1:9200", index="placements", timeout=5, **options) -> None:
        super().__init__(alias, **options)
        self.url = url
        self.index = index
        self.client = Elasticsearch(url, request_timeout=float(timeout), max_retries=0, retry_on_timeout=False)
        self._analyzer: str | None = None

    @property
    def needs_indexing(self) -> bool:
        return True

    # --- index management --------------------------------------------------------------------
    def text_analyzer(self) -> str:
        """'german' when the cluster has the analysis-common module, otherwise 'standard'."""
        if self._analyzer is None:
            try:
                self.client.indices.analyze(analyzer="german", text="Häuser")
                self._analyzer = "german"
            except Exception:
                self._analyzer = "standard"
        return self._analyzer

    def _index_definition(self, name: str) -> Index:
        idx = Index(name)
        idx.settings(
            number_of_shards=1, number_of_replicas=0, analysis={"analyzer": {"default": {"type": self.text_analyzer()}}}
        )
        idx.document(PlacementDocument)
        return idx

    def _concrete_indices(self) -> list[str]:
        try:
            rows = self.client.cat.indices(index=f"{self.index}-*", h="index", format="json")
        except NotFoundError:
            return []
        # format="json": a list of {column: value} rows (the client's type also covers the text format)
        return sorted(r["index"] for r in cast(list[dict[str, str]], rows))

    def ensure_index(self) -> None:
        """Create the first concrete index and its alias when there is none."""
        if self.client.indices.exists_alias(name=self.index):
            return
        name = f"{self.index}-{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"
        self._index_definition(name).create(using=self.client)
        actions = [{"add": {"index": name, "alias": self.index}}]
        if self.client.indices.exists(index=self.index):  # a plain index squatting on the alias name
            actions.insert(0, {"remove_index": {"index": self.index}})
        self.client.indices.update_aliases(actions=actions)

    def drop(self) -> None:
        """Delete the alias and every concrete index (tests)."""
        for name in self._concrete_indices():
            self.client.indices.delete(index=name, ignore_unavailable=True)

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.index)

    # --- documents ---------------------------------------------------------------------------
    def _documents(self, qs):
        """(document, its JSON) per placement in `qs`."""
        return placement_sources(qs)

    def _bulk(self, lines: list[str], index: str) -> list[dict]:
        """Send NDJSON lines (each index action followed by its document, deletes after them) to `index` in bulk
        requests of BULK_LINES; return the failed items
        ({op: {"_id", "status", "error"}}). The body is built here, one JSON encoding per document, and the answer
        carries only ids, statuses and errors (filter_path): elasticsearch.helpers.bulk serialised every action
        and document twice and parsed the whole answer."""
        failed = []
        for i in range(0, len(lines), BULK_LINES):
            response = self.client.bulk(
                operations=cast(Any, "\n".join(lines[i : i + BULK_LINES]) + "\n"),  # NDJSON text, sent as it is
                index=index,
                refresh=False,
                filter_path="errors,items.*._id,items.*.status,items.*.error",
            )
            if response.get("errors"):
                failed += [
                    item
                    for item in response.get("items", [])
                    if any(r.get("status", 200) >= 300 for r in item.values())
                ]
        return failed

    @staticmethod
    def _index_lines(docs) -> list[str]:
        """The bulk lines of (document, its JSON) pairs: the JSON is the document's own (placement_sources),
        not encoded again here."""
        lines = []
        for doc, source in docs:
            lines.append(f'{{"index":{{"_id":"{int(doc["id"])}"}}}}')
            lines.append(source)
        return lines

    def index_placements(self, ids: list[int]) -> None:
        """Write these placements to every index (the alias and one being rebuilt); delete missing ones.
        Raises when Elasticsearch cannot be reached: the caller keeps the ids in the outbox."""
        if not ids:
            return
        self.ensure_index()
        targets = self._concrete_indices() or [self.index]
        docs = list(self._documents(Placement.objects.filter(id__in=ids)))
        found = {d["id"] for d, _ in docs}
        lines = self._index_lines(docs)
        lines += [f'{{"delete":{{"_id":"{int(pid)}"}}}}' for pid in ids if pid not in found]
        errors = []
        for target in targets:
            errors += self._bulk(lines, target)
        real = [e for e in errors if not ("delete" in e and e["delete"].get("status") == 404)]
        if real:
            raise RuntimeError(f"Elasticsearch bulk errors: {real[:3]}")

    def indexed_digests(self) -> dict[int, str | None]:
        """{placement id: digest} of every document behind the alias (the consistency check); None: no digest."""
        out: dict[int, str | None] = {}
        for h in es_helpers.scan(
            self.client, index=self.index, query={"query": {"match_all": {}}, "_source": ["digest"]}, size=5000
        ):
            out[int(h["_id"])] = (h.get("_source") or {}).get("digest")
        return out

    def mapping_current(self) -> bool:
        """False when the alias points at an index made with an older mapping (then rebuild)."""
        try:
            mappings = self.client.indices.get_mapping(index=self.index)
        except NotFoundError:
            return True
        want = self._index_definition("x").to_dict()["mappings"]["properties"]
        for body in mappings.values():
            have = body["mappings"].get("properties", {})
            if any(have.get(k, {}).get("type") != v.get("type") for k, v in want.items()):
                return False
        return True

    def delete_placements(self, ids: list[int]) -> None:
        self.index_placements(ids)

    def rebuild(self, *, chunk_size: int = 1000, progress=None) -> int:
        """Build a new timestamped index from the database, then switch the alias to it atomically and
        delete the old indices. Searches use the old index until the switch; changes pushed meanwhile go
        to both indices (index_placements writes to every INDEX-* index), and what changed since the
        start is indexed again after the switch. (A placement deleted while its chunk was in flight can
        survive in the new index until the next consistency check.)"""
        started = timezone.now()
        name = f"{self.index}-{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"
        idx = self._index_definition(name)
        idx.settings(refresh_interval="-1")
        idx.create(using=self.client)
        count = 0

        def chunks():
            batch = []
            for pid in Placement.objects.order_by("id").values_list("id", flat=True).iterator(chunk_size=chunk_size):
                batch.append(pid)
                if len(batch) >= chunk_size:
                    yield batch
                    batch = []
            if batch:
                yield batch

        total = Placement.objects.count()
        for batch in chunks():
            # by id range: the same placements as the batch (ids come in order) without a query of 2,000
            # parameters for psycopg to split client-side, three times per chunk
            docs = list(self._documents(Placement.objects.filter(id__gte=batch[0], id__lte=batch[-1])))
            errors = self._bulk(self._index_lines(docs), name)
            if errors:
                raise RuntimeError(f"Elasticsearch bulk errors: {errors[:3]}")
            count += len(docs)
            if progress:
                progress(count, total)
        self.client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
        self.client.indices.refresh(index=name)
        old = [i for i in self._concrete_indices() if i != name]
        actions = [{"add": {"index": name, "alias": self.index}}]
        if self.client.indices.exists(index=self.index) and not self.client.indices.exists_alias(name=self.index):
            actions.insert(0, {"remove_index": {"index": self.index}})
        actions += [
            {"remove": {"index": o, "alias": self.index}}
            for o in old
            if self.client.indices.exists_alias(name=self.index, index=o)
        ]
        self.client.indices.update_aliases(actions=actions)
        for o in old:
            self.client.indices.delete(index=o, ignore_unavailable=True)
        # A change pushed while its chunk was being read could have been overwritten by the older copy: index
        # again everything recorded since the start (pushed or not: placement edits, company and site changes,
        # applications, deletes; the outbox keeps pushed entries a day for this). The margin covers
        # transactions that recorded just before the start and committed after.
        since = indexing.recorded_since(started - REBUILD_MARGIN)
        since |= set(Placement.objects.filter(updated_at__gte=started - REBUILD_MARGIN).values_list("id", flat=True))
        if since:
            self.index_placements(sorted(since))
            self.client.indices.refresh(index=self.index)
        return count

    # --- queries -----------------------------------------------------------------------------
    def _filters(self, query: SearchQuery) -> list:
        today = _day(query.day)
        f = [
            Q("term", status=scoring.PUBLISHED),
            Q("term", is_hidden=False),
            Q("term", company_hidden=False),
            Q("range", start_date={"gte": today}),
            Q("range", seats_left={"gte": 1}),
            Q(
                "bool",
                should=[Q("range", application_deadline={"gte": today}), ~Q("exists", field="application_deadline")],
                minimum_should_match=1,
            ),
        ]
        if scoring.config()["REQUIRE_VERIFIED_COMPANY"]:
            f.append(Q("term", company_verified=True))
        for group in text_search.query_groups(query.text):  # matching.search.text: the rule of both backends
            f.append(
                Q(
                    "bool",
                    should=[Q("bool", filter=[Q("prefix", text_terms=part) for part in alt]) for alt in group],
                    minimum_should_match=1,
                )
            )
        if query.kinds:
            f.append(Q("terms", kind=list(query.kinds)))
        if query.berufsfelder:
            f.append(Q("terms", berufsfelder=list(query.berufsfelder)))
        if query.occupation:
            f.append(Q("term", occupation=query.occupation))
        if query.district:
            f.append(Q("term", district=query.district))
        if query.date_from:
            f.append(Q("range", start_date={"gte": _day(query.date_from)}))
        if query.date_to:
            f.append(Q("range", start_date={"lte": _day(query.date_to)}))
        if query.qualification is not None:
            f.append(Q("range", required_qualification={"lte": query.qualification}))
        if query.accessible:
            f.append(Q("term", is_accessible=True))
        s = query.student
        if s:
            f.append(Q("range", required_qualification={"lte": s.expected_qualification}))
            f.append(
                Q(
                    "bool",
                    should=[Q("range", min_grade={"lte": s.grade}), ~Q("exists", field="min_grade")],
                    minimum_should_match=1,
                )
            )
            f.append(
                Q(
                    "bool",
                    should=[
                        Q("range", latest_birth_date={"gte": _day(s.birth_date)}),
                        ~Q("exists", field="latest_birth_date"),
                    ],
                    minimum_should_match=1,
                )
            )
            not_school = ~Q("term", kind=scoring.KIND_SCHOOL_INTERNSHIP)
            if s.internship_start and s.internship_end:
                inside = Q("range", start_date={"gte": _day(s.internship_start)}) & Q(
                    "range", end_or_start={"lte": _day(s.internship_end)}
                )
                f.append(Q("bool", should=[not_school, inside], minimum_should_match=1))
            else:
                f.append(not_school)
        near, radius = query.effective_near, query.effective_radius
        if near and radius is not None:
            f.append(
                Q(
                    "geo_distance",
                    distance=f"{radius}km",
                    distance_type="arc",
                    location={"lat": near.latitude, "lon": near.longitude},
                )
            )
        return f

    def score_functions(self, s: scoring.StudentFacts) -> list[dict]:
        cfg = scoring.config()
        w = cfg["WEIGHTS"]
        functions = []
        total = sum(s.interests.values())
        if total > 0 and w["interest"]:
            for b, weight in sorted(s.interests.items()):
                if weight:
                    functions.append(
                        {"filter": {"term": {"berufsfelder": b}}, "weight": w["interest"] * weight / total}
                    )
        if w["distance"]:
            functions.append(
                {
                    "gauss": {
                        "location": {
                            "origin": {"lat": s.latitude, "lon": s.longitude},
                            "scale": f"{cfg['DISTANCE_SCALE_KM']}km",
                            "offset": "0km",
                            "decay": 0.5,
                        }
                    },
                    "weight": w["distance"],
                }
            )
        if w["level"]:
            for r in range(0, s.expected_qualification + 1):
                fit = scoring.level_fit(s.expected_qualification, r, cfg["LEVEL_STEP"])
                if fit > 0:
                    functions.append({"filter": {"term": {"required_qualification": r}}, "weight": w["level"] * fit})
        return functions

    def off_interest_function(self, s: scoring.StudentFacts) -> dict | None:
        """fit · OFF_INTEREST for a placement in none of the student's Berufsfelder (scoring.Matcher.parts); a
        function whose filter does not match leaves the product alone."""
        factor = scoring.config()["OFF_INTEREST"]
        mine = sorted(b for b, w in s.interests.items() if w)
        if not mine or factor == 1.0:
            return None
        return {"filter": {"bool": {"must_not": {"terms": {"berufsfelder": mine}}}}, "weight": factor}

    def _search(self, query: SearchQuery) -> Search:
        base = Q("bool", filter=self._filters(query))
        search = Search(using=self.client, index=self.index).extra(track_total_hits=True)
        sort = query.effective_sort
        if sort == "match":
            assert query.student is not None  # effective_sort is "match" only for a student
            functions = self.score_functions(query.student)
            q = (
                Q("function_score", query=base, functions=functions, score_mode="sum", boost_mode="replace")
                if functions
                else base
            )
            outer = [{"field_value_factor": {"field": "chance_factor", "factor": 1, "missing": 0}}]
            off = self.off_interest_function(query.student)
            if off:
                outer.append(off)
            q = Q("function_score", query=q, functions=outer, score_mode="multiply", boost_mode="multiply")
            search = search.query(q).sort({"_score": {"order": "desc"}}, {"id": {"order": "asc"}})
        elif sort == "distance":
            near = query.effective_near
            assert near is not None  # effective_sort is "distance" only around a point
            search = search.query(base).sort(
                {
                    "_geo_distance": {
                        "location": {"lat": near.latitude, "lon": near.longitude},
                        "order": "asc",
                        "unit": "km",
                        "distance_type": "arc",
                    }
                },
                {"id": {"order": "asc"}},
            )
        else:
            search = search.query(base).sort({"start_date": {"order": "asc"}}, {"id": {"order": "asc"}})
        for facet, fieldname, size in (
            ("kind", "kind", 10),
            ("berufsfelder", "berufsfelder", 20),
            ("district", "district", 20),
        ):
            search.aggs.bucket(facet, "terms", field=fieldname, size=size)
        return search

    def _execute(self, search: Search) -> dict:
        """The request elasticsearch-dsl's execute() sends, with the answer as plain JSON: dsl wraps every hit
        and bucket in objects, and turning them back into dicts cost more than parsing the answer."""
        return self.client.search(index=self.index, body=search.to_dict()).body

    def _ranked_window(self, search: Search, query: SearchQuery):
        """The hits around the requested page, wide enough that float32 `_score` rounding cannot have moved
        a placement across the page's edges: the page's neighbours outside the window differ from its
        first and last score by more than SCORE_EPSILON. Returns (response, hits, first position)."""
        start, end = query.offset, query.offset + query.limit
        pad = 10
        while True:
            a, b = max(0, start - pad), min(end + pad, MAX_WINDOW)
            response = self._execute(search[a:b])
            hits = response["hits"]["hits"]
            total = response["hits"]["total"]["value"]
            if not hits or start - a >= len(hits):
                return response, hits, a
            first = hits[start - a]["_score"]
            last = hits[min(end, a + len(hits)) - 1 - a]["_score"]
            before_ok = a == 0 or hits[0]["_score"] > first + SCORE_EPSILON
            after_ok = a + len(hits) >= total or b >= MAX_WINDOW or hits[-1]["_score"] < last - SCORE_EPSILON
            if before_ok and after_ok:
                return response, hits, a
            pad *= 4

    def search(self, query: SearchQuery) -> SearchResult:
        exact = query.effective_sort == "match" and query.student is not None
        try:
            search = self._search(query)
            if exact:
                response, raw, first = self._ranked_window(search, query)
            else:
                response = self._execute(search[query.offset : query.offset + query.limit])
                raw, first = response["hits"]["hits"], query.offset
        except NotFoundError:
            log.warning("Suchindex %s fehlt: leer angelegt; `manage.py rebuild_search_index` füllt ihn.", self.index)
            self.ensure_index()
            return SearchResult(hits=[], total=0, facets={f: {} for f in FACETS})
        except (ESConnectionError, ConnectionTimeout) as exc:
            log.error("Elasticsearch nicht erreichbar: %s", exc)
            raise SearchUnavailable() from exc
        near = query.effective_near
        matcher = scoring.Matcher(query.student, query.match_request()) if query.student else None
        hits = []
        for h in raw:
            facts = facts_from_source(h["_source"])
            d: float | None
            if matcher:  # the distance as the database backend computes it, so the scores are bit-identical
                d = matcher.distance_km(facts)
            else:
                d = (
                    scoring.haversine_km(near.latitude, near.longitude, facts.latitude, facts.longitude)
                    if near
                    else None
                )
            sc = matcher.score(facts, d) if matcher else None
            hit = SearchHit(id=facts.id, facts=facts, score=sc, distance_km=d)
            hit.raw_score = h["_score"]
            hits.append(hit)
        if exact:  # the order of the database backend: the exact score (rounded as rank_key does), then id
            hits.sort(key=_exact_rank_key)
            hits = hits[query.offset - first : query.offset - first + query.limit]
        aggregations = response["aggregations"]
        facets = {f: {b["key"]: b["doc_count"] for b in aggregations[f]["buckets"]} for f in FACETS}
        return SearchResult(hits=hits, total=response["hits"]["total"]["value"], facets=facets)
