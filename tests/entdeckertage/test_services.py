import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backend.api.exceptions import DomainError
from entdeckertage import services
from entdeckertage.models import Assignment, ManualMove, Phase, Wish

from .conftest import BLOCKS, ON


def test_phases_follow_the_dates(season):
    assert season.phase_on(datetime.date(2026, 1, 1)) == Phase.PREPARATION
    for phase, day in ON.items():
        assert season.phase_on(day) == phase


def test_only_staff_create_seasons(company_member):
    from .conftest import PHASES

    with pytest.raises(PermissionDenied):
        services.season_create(actor=company_member.user, name="x", school_year="2025/26", blocks=BLOCKS, **PHASES)


def test_offer_rules(make_offer):
    with pytest.raises(ValidationError) as e:
        make_offer(seats=10)
    assert "zwischen 1 und 9" in str(e.value)
    with pytest.raises(ValidationError) as e:
        make_offer(end_time=datetime.time(11, 30))
    assert "mindestens 4 Stunden" in str(e.value)
    with pytest.raises(ValidationError) as e:
        make_offer(date=datetime.date(2026, 4, 24))
    assert "einen der Tage" in str(e.value)
    offer = make_offer()
    assert offer.block.dates.filter(date=offer.date).exists()


def test_wish_outside_block_and_wrong_grade(make_offer, make_pupil):
    pupil = make_pupil()
    inside = make_offer()
    outside = make_offer(date=BLOCKS[1][0])
    with pytest.raises(DomainError) as e:
        services.wishes_set(
            actor=pupil.user,
            student=pupil,
            season=inside.season,
            offer_ids=[inside.id, outside.id],
            today=ON[Phase.WISH],
        )
    assert e.value.code == "outside_block" and "nicht im Block deiner Klasse" in e.value.message
    assert not Wish.objects.exists()  # nothing half-saved
    services.wishes_set(
        actor=pupil.user, student=pupil, season=inside.season, offer_ids=[inside.id], today=ON[Phase.WISH]
    )
    assert Wish.objects.get().rank == 1
    nine = make_pupil(grade=9)
    with pytest.raises(DomainError) as e:
        services.wishes_set(
            actor=nine.user, student=nine, season=inside.season, offer_ids=[inside.id], today=ON[Phase.WISH]
        )
    assert e.value.code == "wrong_grade"


def test_wishes_only_in_wish_phase(make_offer, make_pupil):
    pupil = make_pupil()
    offer = make_offer()
    with pytest.raises(DomainError) as e:
        services.wishes_set(
            actor=pupil.user, student=pupil, season=offer.season, offer_ids=[offer.id], today=ON[Phase.ALLOCATE]
        )
    assert e.value.code == "wrong_phase"


def test_booking_rules(make_offer, make_pupil):
    pupil = make_pupil()
    d1, d2 = BLOCKS[0][0], BLOCKS[0][1]
    a = make_offer(date=d1, field="ITC")
    same_date = make_offer(date=d1, field="EL")
    same_field = make_offer(date=d2, field="ITC")
    ok = make_offer(date=d2, field="EL", seats=1)
    services.booking_create(actor=pupil.user, student=pupil, offer=a, today=ON[Phase.BOOKING])
    with pytest.raises(DomainError) as e:
        services.booking_create(actor=pupil.user, student=pupil, offer=same_date, today=ON[Phase.BOOKING])
    assert e.value.code == "date_taken"
    with pytest.raises(DomainError) as e:
        services.booking_create(actor=pupil.user, student=pupil, offer=same_field, today=ON[Phase.BOOKING])
    assert e.value.code == "field_taken" and "anderen Berufsfeld" in e.value.message
    services.booking_create(actor=pupil.user, student=pupil, offer=ok, today=ON[Phase.BOOKING])
    other = make_pupil()
    with pytest.raises(DomainError) as e:
        services.booking_create(actor=other.user, student=other, offer=ok, today=ON[Phase.BOOKING])
    assert e.value.code == "full"
    with pytest.raises(DomainError) as e:
        services.booking_create(actor=other.user, student=other, offer=a, today=ON[Phase.DAYS])
    assert e.value.code == "wrong_phase" and "zu Ende" in e.value.message
    assert Assignment.objects.filter(student=pupil).count() == 2


def test_seats_cannot_go_below_bookings(make_offer, make_pupil, company_member):
    offer = make_offer(seats=2)
    for _ in range(2):
        p = make_pupil()
        services.booking_create(actor=p.user, student=p, offer=offer, today=ON[Phase.BOOKING])
    with pytest.raises(DomainError) as e:
        services.offer_update(actor=company_member.user, offer=offer, seats=1, today=ON[Phase.BOOKING])
    assert e.value.code == "seats_below_bookings" and "nicht unter 2" in e.value.message
    offer.refresh_from_db()
    assert offer.seats == 2


def test_manual_move_is_logged(make_offer, make_pupil, staff):
    pupil = make_pupil()
    a = make_offer(date=BLOCKS[0][0], field="ITC")
    b = make_offer(date=BLOCKS[0][0], field="EL")
    services.booking_create(actor=pupil.user, student=pupil, offer=a, today=ON[Phase.BOOKING])
    with pytest.raises(ValidationError):
        services.assignment_move(actor=staff, season=a.season, student=pupil, reason="", to_offer=b)
    services.assignment_move(
        actor=staff,
        season=a.season,
        student=pupil,
        reason="Wunsch der Schule",
        from_assignment=Assignment.objects.get(student=pupil),
        to_offer=b,
    )
    assert Assignment.objects.get(student=pupil).offer == b
    move = ManualMove.objects.get()
    assert (move.from_offer, move.to_offer, move.reason) == (a, b, "Wunsch der Schule")


def test_cancel_offers_alternative(make_offer, make_pupil, company_member, mailoutbox):
    pupil = make_pupil()
    a = make_offer(date=BLOCKS[0][0], field="ITC")
    b = make_offer(date=BLOCKS[0][0], field="EL")
    services.booking_create(actor=pupil.user, student=pupil, offer=a, today=ON[Phase.BOOKING])
    alts = services.offer_cancel(actor=company_member.user, offer=a, reason="Krankheit", today=ON[Phase.BOOKING])
    assert [x.offer for x in alts] == [b]
    assert Assignment.objects.get(student=pupil).offer == b


def test_teacher_reminds_pupils_without_wishes(
    make_offer, make_pupil, teacher, klass, mailoutbox, django_capture_on_commit_callbacks
):
    offer = make_offer()
    with_wish, without = make_pupil(), make_pupil()
    services.wishes_set(
        actor=with_wish.user, student=with_wish, season=offer.season, offer_ids=[offer.id], today=ON[Phase.WISH]
    )
    with pytest.raises(PermissionDenied):
        services.class_remind_without_wishes(
            actor=with_wish.user, season=offer.season, school_class=klass, today=ON[Phase.WISH]
        )
    with django_capture_on_commit_callbacks(execute=True):
        n = services.class_remind_without_wishes(
            actor=teacher, season=offer.season, school_class=klass, today=ON[Phase.WISH]
        )
    assert n == 1
    assert [m.to for m in mailoutbox] == [[without.user.email]]
