import datetime
import os
import uuid

import pytest
from django.utils import timezone

from matching.search import reset_backends
from tests.factories import PlacementFactory, SiteFactory

HOME = (51.5136, 7.4653)  # postal code 44137's centre is close to this
KM = 1 / 111.195  # degrees of latitude per km


@pytest.fixture
def make_placement(db):
    """make_placement(km_north=2, berufsfelder=["ITC"], **placement fields)"""
    from backend.reference.models import Berufsfeld, PostalCode

    centre = PostalCode.objects.get(code="44137")

    def make(km_north=0.0, km_east=0.0, berufsfelder=("ITC",), company=None, **kw):
        site_kw = dict(latitude=centre.latitude + km_north * KM, longitude=centre.longitude + km_east * KM * 1.6)
        if company is not None:
            site_kw["company"] = company
            kw["company"] = company
        site = SiteFactory(**site_kw)
        kw.setdefault("company", site.company)
        return PlacementFactory(site=site, berufsfelder=list(Berufsfeld.objects.filter(code__in=berufsfelder)), **kw)

    return make


def in_days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def es_url():
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip("[elasticsearch] set ELASTICSEARCH_URL")
    return url


@pytest.fixture
def es_backend(es_url, settings):
    """An Elasticsearch backend on a fresh index of its own, configured as the default backend."""
    from matching.search import get_backend

    prefix = os.environ.get("ELASTICSEARCH_TEST_PREFIX", "matching_")
    index = f"{prefix}test_{uuid.uuid4().hex[:10]}"
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "matching.search.backends.elasticsearch", "URL": es_url, "INDEX": index}
    }
    reset_backends()
    backend = get_backend()
    yield backend
    backend.drop()
    reset_backends()


@pytest.fixture
def db_backend(settings):
    from matching.search import get_backend

    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database"}}
    reset_backends()
    yield get_backend()
    reset_backends()
