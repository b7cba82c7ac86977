import datetime

import pytest
from django.utils import timezone

from backend.accounts.models import Role
from backend.reference.models import Berufsfeld
from companies.models import MemberRole
from tests.factories import CompanyFactory, CompanyMemberFactory, PlacementFactory, SiteFactory, UserFactory


@pytest.fixture
def company(db):
    return CompanyFactory(name="Stahlwerk Hörde GmbH", slug="stahlwerk-hoerde")


@pytest.fixture
def owner(company):
    return CompanyMemberFactory(company=company, role=MemberRole.OWNER).user


@pytest.fixture
def editor(company):
    return CompanyMemberFactory(company=company, role=MemberRole.EDITOR).user


@pytest.fixture
def site(company):
    return SiteFactory(company=company)


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.STAFF)


@pytest.fixture
def itc(db):
    return Berufsfeld.objects.get(code="ITC")


@pytest.fixture
def placement(company, site):
    return PlacementFactory(company=company, site=site)


@pytest.fixture
def in_days():
    return lambda n: timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def sent(monkeypatch):
    """Emails the companies services asked to send: [{"to", "template", "context"}]."""
    calls = []
    for module in ("colleagues", "moderation"):  # the services that mail (companies/services/)
        monkeypatch.setattr(f"companies.services.{module}._send_email", lambda **kw: calls.append(kw))
    return calls
