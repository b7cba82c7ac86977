"""The company's offer pages through Django's client: create, edit, cancel (pupils get an alternative) and copy
from last season; bad input keeps what was typed and says in German what to do; nobody else reaches them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.reference.models import Berufsfeld
from entdeckertage import services
from entdeckertage.models import Assignment, AssignmentSource, Offer, OfferStatus
from tests.factories import CompanyMemberFactory, SiteFactory

from .conftest import BLOCKS, ON, PHASES, Phase


@pytest.fixture
def freeze(monkeypatch):
    def at(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return at


def form_data(site, **kw):
    data = {
        "title": "Ein Tag in der Werkstatt",
        "date": BLOCKS[0][1].isoformat(),
        "berufsfeld": Berufsfeld.objects.get(code="ITC").pk,
        "site": site.pk,
        "start_time": "08:00",
        "end_time": "12:30",
        "seats": "4",
        "programme": "Rundgang, Löten, Fragen",
        "what_to_bring": "feste Schuhe",
        "min_age": "",
        "requirements": "",
        "is_accessible": "on",
    }
    data.update(kw)
    return data


def test_company_creates_an_offer(client, freeze, season, company_member, site):
    freeze(ON[Phase.OFFER])
    client.force_login(company_member.user)
    page = client.get(reverse("entdeckertage:company_offers")).content.decode()
    url = reverse("entdeckertage:offer_new", args=[company_member.company.slug])
    assert url in page
    r = client.get(url)
    assert r.status_code == 200 and Berufsfeld.objects.get(code="ITC").name in r.content.decode()
    r = client.post(url, form_data(site))
    assert r.status_code == 302
    offer = Offer.objects.get(company=company_member.company)
    assert (offer.date, offer.seats, offer.is_accessible, offer.what_to_bring) == (
        BLOCKS[0][1],
        4,
        True,
        "feste Schuhe",
    )
    assert offer.block == season.blocks.get(dates__date=BLOCKS[0][1])


def test_bad_offer_input_keeps_everything_and_links_the_error(client, freeze, season, company_member, site):
    freeze(ON[Phase.OFFER])
    client.force_login(company_member.user)
    url = reverse("entdeckertage:offer_new", args=[company_member.company.slug])
    r = client.post(url, form_data(site, end_time="10:00", programme="Mein langes Programm"))
    body = r.content.decode()
    assert r.status_code == 400
    assert "mindestens 4 Stunden" in body and 'href="#id_end_time"' in body  # summary links to the field
    assert 'aria-invalid="true"' in body and "Mein langes Programm" in body and 'value="feste Schuhe"' in body
    r = client.post(url, form_data(site, seats="12"))
    assert r.status_code == 400 and "zwischen 1 und 9 Plätze" in r.content.decode()
    r = client.post(url, form_data(site, title="", berufsfeld=""))
    assert r.status_code == 400 and "Titel" in r.content.decode()
    r = client.post(url, form_data(site, date="2026-07-01"))
    assert r.status_code == 400  # not a day of the season
    r = client.post(url, form_data(site, seats="abc", start_time="25:99"))
    assert r.status_code == 400
    assert not Offer.objects.exists()


def test_company_edits_and_cannot_reduce_seats_below_bookings(
    client, freeze, season, make_offer, make_pupil, company_member, site
):
    offer = make_offer(seats=3)
    pupils = [make_pupil(), make_pupil()]
    freeze(ON[Phase.BOOKING])
    for p in pupils:
        services.booking_create(actor=p.user, student=p, offer=offer)
    client.force_login(company_member.user)
    url = reverse("entdeckertage:offer_edit", args=[offer.pk])
    r = client.get(url)
    assert r.status_code == 200 and 'value="3"' in r.content.decode()
    data = form_data(site, date=offer.date.isoformat(), seats="1", title="Neuer Titel")
    r = client.post(url, data)
    body = r.content.decode()
    assert r.status_code == 400 and "schon 2 Schüler*innen eingeteilt" in body and 'value="Neuer Titel"' in body
    offer.refresh_from_db()
    assert offer.seats == 3 and offer.title != "Neuer Titel"
    r = client.post(url, {**data, "seats": "5"})
    assert r.status_code == 302
    offer.refresh_from_db()
    assert offer.seats == 5 and offer.title == "Neuer Titel"


def test_cancel_tells_pupils_and_books_the_best_free_alternative(
    client, freeze, season, make_offer, make_pupil, company_member, mailoutbox, django_capture_on_commit_callbacks
):
    offer = make_offer(date=BLOCKS[0][0], field="ITC", title="Abgesagt")
    other = CompanyMemberFactory()
    alt = services.offer_create(
        actor=other.user,
        season=season,
        company=other.company,
        today=ON[Phase.OFFER],
        site=SiteFactory(company=other.company),
        date=BLOCKS[0][0],
        berufsfeld=Berufsfeld.objects.get(code="EL"),
        title="Ersatz",
        start_time=datetime.time(8),
        end_time=datetime.time(13),
        seats=2,
    )
    pupil = make_pupil()
    freeze(ON[Phase.BOOKING])
    services.booking_create(actor=pupil.user, student=pupil, offer=offer)
    client.force_login(company_member.user)
    url = reverse("entdeckertage:offer_cancel", args=[offer.pk])
    assert "1 Schüler*in ist" in client.get(url).content.decode()
    r = client.post(url, {"reason": ""})
    assert r.status_code == 400 and "Bitte gib einen Grund an" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, {"reason": "Wasserschaden in der Werkstatt"})
    assert r.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CANCELLED
    a = Assignment.objects.get(student=pupil)
    assert a.offer == alt and a.source == AssignmentSource.ALTERNATIVE
    assert any(pupil.user.email in m.to for m in mailoutbox)
    page = client.get(reverse("entdeckertage:company_offers")).content.decode()
    assert "abgesagt" in page and reverse("entdeckertage:offer_edit", args=[offer.pk]) not in page


def test_copy_from_last_season(client, freeze, staff, season, company_member, site):
    last_year = services.season_create(
        actor=staff,
        name="Entdeckertage 2025",
        school_year="2024/25",
        blocks=[[datetime.date(2025, 4, 22), datetime.date(2025, 4, 23), datetime.date(2025, 4, 24)]],
        **{k: v.replace(year=2025) for k, v in PHASES.items()},
    )
    old = services.offer_create(
        actor=company_member.user,
        season=last_year,
        company=company_member.company,
        today=datetime.date(2025, 1, 20),
        site=site,
        date=datetime.date(2025, 4, 23),
        berufsfeld=Berufsfeld.objects.get(code="G"),
        title="Pflege erleben",
        start_time=datetime.time(9),
        end_time=datetime.time(14),
        seats=6,
        what_to_bring="Brotdose",
        requirements="Infektionsschutz-Belehrung",
    )
    freeze(ON[Phase.OFFER])
    client.force_login(company_member.user)
    page = client.get(reverse("entdeckertage:company_offers")).content.decode()
    url = reverse("entdeckertage:offer_new", args=[company_member.company.slug]) + f"?vorlage={old.pk}"
    assert "Aus Entdeckertage 2025 übernehmen" in page and url.replace("&", "&amp;") in page
    body = client.get(url).content.decode()
    assert 'value="Pflege erleben"' in body and 'value="Brotdose"' in body and 'value="6"' in body
    data = form_data(site, title="Pflege erleben", berufsfeld=old.berufsfeld_id, seats="6", vorlage=old.pk)
    assert client.post(url, data).status_code == 302
    new = Offer.objects.get(season=season)
    assert new.copied_from == old and new.date == BLOCKS[0][1]


def test_nobody_else_reaches_company_offer_pages(client, freeze, season, make_offer, make_pupil, company_member, site):
    offer = make_offer()
    freeze(ON[Phase.OFFER])
    stranger = CompanyMemberFactory()
    client.force_login(stranger.user)
    assert client.get(reverse("entdeckertage:offer_edit", args=[offer.pk])).status_code == 404
    assert client.post(reverse("entdeckertage:offer_cancel", args=[offer.pk]), {"reason": "x"}).status_code == 404
    slug = company_member.company.slug
    assert client.post(reverse("entdeckertage:offer_new", args=[slug]), form_data(site)).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE and Offer.objects.count() == 1
    client.force_login(make_pupil().user)
    assert client.get(reverse("entdeckertage:offer_edit", args=[offer.pk])).status_code == 403
    assert client.get(reverse("entdeckertage:offer_new", args=[slug])).status_code == 403


def test_unverified_company_is_told_before_filling_the_form(client, freeze, season, company_member, site):
    freeze(ON[Phase.OFFER])
    company_member.company.is_verified = False
    company_member.company.save()
    client.force_login(company_member.user)
    r = client.get(reverse("entdeckertage:offer_new", args=[company_member.company.slug]), follow=True)
    assert "erst prüfen" in r.content.decode()
    r = client.post(reverse("entdeckertage:offer_new", args=[company_member.company.slug]), form_data(site))
    assert r.status_code == 302 and not Offer.objects.exists()
