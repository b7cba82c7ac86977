"""One contract for every search backend, subclassed per implementation."""

import pytest

from backend.reference.models import Berufsfeld, District
from matching.search import SearchQuery
from matching.search.backends.base import GeoPoint
from matching.selectors import student_facts
from seekers.models import Application, ApplicationStatus
from tests.factories import SchoolClassFactory, StudentProfileFactory

from .conftest import in_days


def bf(code):
    return Berufsfeld.objects.get(code=code).id


class BackendContract:
    @pytest.fixture
    def backend(self):
        raise NotImplementedError

    def sync(self, backend):
        """Bring the backend's copy up to date with the database (no-op for the database)."""

    def ids(self, backend, **query):
        self.sync(backend)
        return [h.id for h in backend.search(SearchQuery(**query)).hits]

    def student(self, **kw):
        kw.setdefault("interests", {"ITC": 5, "EL": 3})
        return student_facts(StudentProfileFactory(**kw))

    # --- listing rules -----------------------------------------------------------------------
    def test_lists_only_what_anyone_may_see(self, backend, make_placement):
        ok = make_placement()
        make_placement(status="draft")
        make_placement(is_hidden=True)
        p = make_placement()
        p.company.is_hidden = True
        p.company.save()
        p = make_placement()
        p.company.is_verified = False
        p.company.save()
        make_placement(application_deadline=in_days(-1))
        make_placement(start_date=in_days(-1), end_date=in_days(5))
        full = make_placement(seats=1)
        Application.objects.create(
            student=StudentProfileFactory(), placement=full, message="x", status=ApplicationStatus.ACCEPTED
        )
        assert self.ids(backend) == [ok.id]

    # --- a student's eligibility ------------------------------------------------------------
    def test_student_rules(self, backend, make_placement):
        s = self.student(grade=9, expected_qualification=3, travel_radius_km=10)
        ok = make_placement(min_grade=9, required_qualification=3)
        make_placement(min_grade=10)
        make_placement(min_age=18)
        make_placement(required_qualification=4)
        make_placement(km_north=12)
        make_placement(kind="school_internship")  # no class period
        assert self.ids(backend, student=s) == [ok.id]

    def test_kind_the_student_asks_for(self, backend, make_placement):
        s = self.student()
        a = make_placement(kind="apprenticeship")
        make_placement(kind="career_day")
        assert self.ids(backend, student=s, kinds=("apprenticeship",)) == [a.id]

    def test_school_internship_inside_the_class_period(self, backend, make_placement):
        profile = StudentProfileFactory(interests={"ITC": 5})
        klass = SchoolClassFactory(internship_start=in_days(30), internship_end=in_days(50))
        klass.memberships.create(student=profile)
        inside = make_placement(kind="school_internship", start_date=in_days(31), end_date=in_days(45))
        make_placement(kind="school_internship", start_date=in_days(45), end_date=in_days(55))
        assert self.ids(backend, student=student_facts(profile)) == [inside.id]

    def test_edge_of_the_travel_radius(self, backend, make_placement):
        """The database backend cuts the circle in SQL: a placement just inside stays, just outside goes."""
        s = self.student(travel_radius_km=10)
        inside = make_placement(km_north=9.98)
        make_placement(km_north=10.02)
        inside_south = make_placement(km_north=-9.98)
        make_placement(km_north=-7.2, km_east=7.2)  # inside the bounding box's corner, outside the circle
        assert sorted(self.ids(backend, student=s)) == sorted([inside.id, inside_south.id])

    def test_school_internship_period_edges(self, backend, make_placement):
        profile = StudentProfileFactory(interests={"ITC": 5})
        klass = SchoolClassFactory(internship_start=in_days(30), internship_end=in_days(50))
        klass.memberships.create(student=profile)
        first_day = make_placement(kind="school_internship", start_date=in_days(30), end_date=in_days(50))
        one_day = make_placement(kind="school_internship", start_date=in_days(50), end_date=None)
        make_placement(kind="school_internship", start_date=in_days(29), end_date=in_days(40))
        make_placement(kind="school_internship", start_date=in_days(51), end_date=None)
        other = make_placement(kind="holiday_internship", start_date=in_days(5), end_date=in_days(9))
        found = self.ids(backend, student=student_facts(profile))
        assert sorted(found) == sorted([first_day.id, one_day.id, other.id])

    # --- order ---------------------------------------------------------------------------------
    def test_closer_and_more_interesting_first(self, backend, make_placement):
        s = self.student()
        far = make_placement(km_north=6)
        near = make_placement(km_north=1)
        both = make_placement(km_north=6, berufsfelder=("ITC", "EL"))
        assert self.ids(backend, student=s) == [both.id, near.id, far.id]

    def test_ties_by_id(self, backend, make_placement):
        s = self.student()
        ps = [make_placement(km_north=2) for _ in range(4)]
        assert self.ids(backend, student=s) == [p.id for p in ps]

    def test_score_parts_are_reported(self, backend, make_placement):
        s = self.student()
        make_placement(km_north=3)
        self.sync(backend)
        hit = backend.search(SearchQuery(student=s)).hits[0]
        assert hit.score.interest == pytest.approx(5 / 8)
        assert hit.distance_km == pytest.approx(3, abs=0.4)

    def test_sort_by_distance_and_date(self, backend, make_placement):
        a = make_placement(km_north=5, start_date=in_days(10))
        b = make_placement(km_north=1, start_date=in_days(20))
        home = GeoPoint(a.site.postal_code.latitude, a.site.postal_code.longitude, "44137")
        assert self.ids(backend, near=home, radius_km=20, sort="distance") == [b.id, a.id]
        assert self.ids(backend, sort="date") == [a.id, b.id]

    # --- search --------------------------------------------------------------------------------
    def test_free_text(self, backend, make_placement):
        hit = make_placement(title="Ausbildung Mechatroniker")
        make_placement(title="Praktikum Büro")
        assert self.ids(backend, text="Mechatroniker") == [hit.id]

    def test_filters(self, backend, make_placement):
        a = make_placement(berufsfelder=("EL",), is_accessible=True, required_qualification=1)
        b = make_placement(
            berufsfelder=("ITC",),
            kind="apprenticeship",
            required_qualification=3,
            start_date=in_days(200),
            end_date=None,
        )
        assert self.ids(backend, berufsfelder=(bf("EL"),)) == [a.id]
        assert self.ids(backend, kinds=("apprenticeship",)) == [b.id]
        assert self.ids(backend, accessible=True) == [a.id]
        assert self.ids(backend, qualification=2) == [a.id]
        assert self.ids(backend, date_from=in_days(100)) == [b.id]
        assert self.ids(backend, date_to=in_days(100)) == [a.id]
        district = a.site.district
        assert district is not None
        assert set(self.ids(backend, district=district.id)) == {a.id, b.id}
        other = District.objects.exclude(pk=district.pk).first()
        assert self.ids(backend, district=other.id) == []

    def test_occupation_filter(self, backend, make_placement):
        from backend.reference.models import Occupation

        job = Occupation.objects.order_by("slug").first()
        a = make_placement(kind="apprenticeship", occupation=job)
        make_placement(kind="apprenticeship")
        assert self.ids(backend, occupation=job.id) == [a.id]
        assert self.ids(backend, text=job.name.split()[0]) == [a.id]

    def test_facet_counts(self, backend, make_placement):
        make_placement(berufsfelder=("EL", "ITC"))
        make_placement(berufsfelder=("ITC",), kind="apprenticeship")
        self.sync(backend)
        facets = backend.search(SearchQuery()).facets
        assert facets["kind"] == {"holiday_internship": 1, "apprenticeship": 1}
        assert facets["berufsfelder"] == {bf("ITC"): 2, bf("EL"): 1}

    def test_paging(self, backend, make_placement):
        ps = [make_placement(start_date=in_days(10 + i)) for i in range(5)]
        self.sync(backend)
        result = backend.search(SearchQuery(sort="date", offset=2, limit=2))
        assert [h.id for h in result.hits] == [ps[2].id, ps[3].id]
        assert result.total == 5


class TestDatabaseBackend(BackendContract):
    @pytest.fixture
    def backend(self, db_backend):
        return db_backend


@pytest.mark.elasticsearch
class TestElasticsearchBackend(BackendContract):
    @pytest.fixture
    def backend(self, es_backend, db):
        return es_backend

    def sync(self, backend):
        backend.rebuild()


@pytest.mark.parametrize(
    "config,message",
    [
        ({}, "Kein Suche-Backend 'default'"),
        ({"default": {}}, "braucht den Schlüssel 'BACKEND'"),
        ({"default": {"BACKEND": "matching.search.backends.solr"}}, "lässt sich nicht importieren"),
    ],
)
def test_get_backend_explains_a_wrong_configuration(settings, config, message):
    from django.core.exceptions import ImproperlyConfigured

    from matching.search import get_backend, reset_backends

    settings.SEARCH_BACKENDS = config
    reset_backends()
    with pytest.raises(ImproperlyConfigured, match=message):
        get_backend()
    reset_backends()


def test_get_backend_returns_the_configured_one(db_backend):
    from matching.search import get_backend
    from matching.search.backends.database import Backend

    assert isinstance(get_backend(), Backend) and get_backend() is get_backend()
