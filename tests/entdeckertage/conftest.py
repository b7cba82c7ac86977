import datetime

import pytest

from backend.accounts.models import Role
from backend.reference.models import Berufsfeld
from entdeckertage import services
from entdeckertage.models import Phase
from seekers.models import ClassMembership
from tests.factories import (
    CompanyMemberFactory,
    SchoolClassFactory,
    SiteFactory,
    StudentProfileFactory,
    TeacherProfileFactory,
    UserFactory,
)

# 2026: three blocks of three days (Tue–Thu)
BLOCKS = [
    [datetime.date(2026, 4, 21), datetime.date(2026, 4, 22), datetime.date(2026, 4, 23)],
    [datetime.date(2026, 5, 19), datetime.date(2026, 5, 20), datetime.date(2026, 5, 21)],
]
PHASES = {
    "offers_from": datetime.date(2026, 1, 12),
    "wishes_from": datetime.date(2026, 2, 16),
    "allocation_from": datetime.date(2026, 3, 9),
    "booking_from": datetime.date(2026, 3, 23),
    "days_from": datetime.date(2026, 4, 20),
    "certificates_from": datetime.date(2026, 6, 22),
}
ON = {
    Phase.OFFER: datetime.date(2026, 1, 20),
    Phase.WISH: datetime.date(2026, 2, 20),
    Phase.ALLOCATE: datetime.date(2026, 3, 10),
    Phase.BOOKING: datetime.date(2026, 3, 25),
    Phase.DAYS: datetime.date(2026, 4, 22),
    Phase.CERTIFICATES: datetime.date(2026, 6, 23),
}


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.STAFF)


@pytest.fixture
def season(staff):
    return services.season_create(
        actor=staff, name="Entdeckertage 2026", school_year="2025/26", blocks=BLOCKS, **PHASES
    )


@pytest.fixture
def company_member(db):
    return CompanyMemberFactory()


@pytest.fixture
def site(company_member):
    return SiteFactory(company=company_member.company)


@pytest.fixture
def make_offer(season, company_member, site):
    def make(date=BLOCKS[0][0], field="ITC", seats=3, **kw):
        values = dict(
            site=site,
            date=date,
            berufsfeld=Berufsfeld.objects.get(code=field),
            title=kw.pop("title", f"Tag {field} {date}"),
            start_time=datetime.time(8, 0),
            end_time=datetime.time(13, 0),
            seats=seats,
        )
        values.update(kw)
        return services.offer_create(
            actor=company_member.user, season=season, company=company_member.company, today=ON[Phase.OFFER], **values
        )

    return make


@pytest.fixture
def teacher(db):
    return TeacherProfileFactory().user


@pytest.fixture
def klass(season, teacher, staff):
    c = SchoolClassFactory(grade=8, school_year="2025/26", name="8a")
    c.teachers.add(teacher)
    services.class_block_set(
        actor=staff, season=season, school_class=c, block=season.blocks.all()[0], today=ON[Phase.OFFER]
    )
    return c


@pytest.fixture
def make_pupil(klass):
    def make(**kw):
        kw.setdefault("grade", 8)
        kw.setdefault("birth_date", datetime.date(2012, 1, 1))
        p = StudentProfileFactory(**kw)
        ClassMembership.objects.create(school_class=klass, student=p)
        return p

    return make
