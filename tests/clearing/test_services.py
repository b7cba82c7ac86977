"""The clearing rules (issue 10), through the real services: deadlines, reminders, lapses, offers, waitlists,
re-offers, the cap and the response figures. Time moves with the `clock` fixture."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from backend.api.exceptions import DomainError
from backend.mail.models import OutgoingEmail
from clearing import selectors as clearing_selectors
from clearing import services as clearing
from clearing.models import ResponseFigures
from companies.models import PlacementStatus
from seekers import services
from seekers.models import Application, ApplicationStatus
from tests.factories import PlacementFactory


def emails(template):
    return list(OutgoingEmail.objects.filter(template=f"emails/seekers/{template}"))


class TestDeadline:
    def test_company_is_reminded_on_day_3_and_6_and_the_application_lapses_on_day_7(
        self, market, clock, django_capture_on_commit_callbacks
    ):
        other = PlacementFactory(company=market.company, seats=2, kind="holiday_internship")
        app = market.apply()
        assert app.respond_by == app.released_at + datetime.timedelta(days=7)
        clock.advance(days=2, hours=23)
        assert clearing.deadlines_run()["reminded"] == 0
        clock.advance(hours=2)  # day 3
        assert clearing.deadlines_run()["reminded"] == 1
        assert clearing.deadlines_run()["reminded"] == 0  # once
        assert len(emails("company_reminder")) == 1
        clock.advance(days=3)  # day 6
        assert clearing.deadlines_run()["reminded"] == 1
        assert len(emails("company_reminder")) == 2
        clock.advance(days=1)  # day 7: no answer
        with django_capture_on_commit_callbacks(execute=True):
            done = clearing.deadlines_run()
        assert done["lapsed"] == 1
        app.refresh_from_db()
        assert app.status == ApplicationStatus.LAPSED and app.get_status_display() == "keine Antwort"
        told = emails("application_lapsed")
        assert len(told) == 1 and told[0].to == [market.student.user.email]
        assert other.title in told[0].body_text  # the best match with a free seat
        assert market.placement.title not in told[0].body_text.split("Diese Plätze")[1]

    def test_a_late_job_sends_one_reminder_not_two(self, market, clock):
        market.apply()
        clock.advance(days=6, hours=1)
        assert clearing.deadlines_run()["reminded"] == 1
        assert clearing.deadlines_run()["reminded"] == 0
        assert len(emails("company_reminder")) == 1

    def test_an_answer_stops_the_clock_and_an_invitation_gives_another_week(self, market, clock):
        app = market.apply()
        clock.advance(days=5)
        services.application_invite(application=app, by=market.member.user)
        clock.advance(days=5)  # day 10: more than 7 after release, 5 after the invitation
        assert clearing.deadlines_run()["lapsed"] == 0
        clock.advance(days=2, hours=1)
        assert clearing.deadlines_run()["lapsed"] == 1
        app.refresh_from_db()
        assert app.status == ApplicationStatus.LAPSED

    def test_minors_deadline_starts_when_the_parent_consents(self, market, clock):
        from tests.factories import ParentLinkFactory, StudentProfileFactory

        minor = StudentProfileFactory()
        parent = ParentLinkFactory(student=minor).parent
        app = market.apply(student=minor)
        assert app.respond_by is None
        clock.advance(days=10)
        assert clearing.deadlines_run()["lapsed"] == 0
        services.application_consent(application=app, parent=parent, approve=True)
        app.refresh_from_db()
        assert app.released_at == clock.now and app.status == ApplicationStatus.SUBMITTED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_job_runs_at_the_same_moment_act_once(clock):
    """Two workers (or a worker and `manage.py run_clearing`) at once: one lapse, one event, one email each."""
    from tests.factories import CompanyMemberFactory, StudentProfileFactory
    from tests.seekers.conftest import years_ago

    member = CompanyMemberFactory()
    placements = [PlacementFactory(company=member.company, seats=1) for _ in range(3)]

    def apply_all():
        return [
            services.application_submit(
                student=StudentProfileFactory(birth_date=years_ago(19)), placement=p, message="x"
            )
            for p in placements
        ]

    due = apply_all()  # past their deadline at the run
    clock.advance(days=1)
    reminded = apply_all()  # on day 6 of theirs: one reminder each
    clock.advance(days=6, minutes=1)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            results.append(clearing.deadlines_run())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sum(r["lapsed"] for r in results) == len(due)
    for app in due:
        app.refresh_from_db()
        assert app.status == ApplicationStatus.LAPSED
        assert app.events.filter(status=ApplicationStatus.LAPSED).count() == 1
    assert sum(r["reminded"] for r in results) == len(reminded)  # one reminder each (days 3 and 6 due: one mail)
    assert len(emails("company_reminder")) == len(reminded)
    for app in reminded:
        app.refresh_from_db()
        assert app.status == ApplicationStatus.SUBMITTED and app.reminders_sent == 2


class TestOffers:
    def test_acceptance_is_an_offer_the_student_takes(self, market, clock):
        app = market.apply()
        services.application_accept(application=app, by=market.member.user)
        app.refresh_from_db()
        assert app.status == ApplicationStatus.OFFERED
        assert app.offer_expires_at == clock.now + datetime.timedelta(days=3)
        market.placement.refresh_from_db()
        assert market.placement.status == PlacementStatus.CLOSED  # the offer holds the only seat
        with pytest.raises(DomainError) as exc:
            services.offer_accept(application=app, by=market.member.user)
        assert exc.value.code == "permission_denied"
        services.offer_accept(application=app, by=market.student.user)
        app.refresh_from_db()
        assert app.status == ApplicationStatus.ACCEPTED

    def test_accepting_withdraws_overlapping_open_applications_and_tells_those_companies(self, market):
        from tests.factories import CompanyMemberFactory

        rival = CompanyMemberFactory()
        same_time = PlacementFactory(company=rival.company, start_date=market.start, kind="holiday_internship")
        later = PlacementFactory(
            company=rival.company, kind="holiday_internship", start_date=market.start + datetime.timedelta(days=30)
        )
        mine = market.apply()
        overlapping = market.apply(placement=same_time)
        services.application_accept(application=overlapping, by=rival.user)  # an offer there too
        not_overlapping = market.apply(placement=later)
        services.application_accept(application=mine, by=market.member.user)
        services.offer_accept(application=mine, by=market.student.user)
        overlapping.refresh_from_db()
        not_overlapping.refresh_from_db()
        assert overlapping.status == ApplicationStatus.WITHDRAWN
        assert "anderen Platz im Zeitraum angenommen" in overlapping.events.get(status="withdrawn").note
        assert not_overlapping.status == ApplicationStatus.SUBMITTED
        notice = emails("withdrawn_notice")
        assert len(notice) == 1 and notice[0].to == [rival.user.email]

    def test_declined_offer_goes_to_the_first_on_the_waitlist(self, market):
        first = market.apply()
        waiting = [market.apply(student=market.adult()) for _ in range(2)]
        services.application_accept(application=first, by=market.member.user)
        for app in waiting:
            services.application_waitlist(application=app, by=market.member.user)
        services.offer_decline(application=first, by=market.student.user)
        statuses = [Application.objects.get(pk=a.pk).status for a in waiting]
        assert statuses == [ApplicationStatus.OFFERED, ApplicationStatus.WAITLISTED]

    def test_offer_not_answered_in_time_lapses_and_the_seat_moves_on(self, market, clock):
        first = market.apply()
        nxt = market.apply(student=market.adult())
        services.application_accept(application=first, by=market.member.user)
        services.application_waitlist(application=nxt, by=market.member.user)
        clock.advance(days=3, minutes=1)
        with pytest.raises(DomainError) as exc:
            services.offer_accept(application=first, by=market.student.user)
        assert exc.value.code == "offer_expired"
        assert clearing.deadlines_run()["offers_lapsed"] == 1
        first.refresh_from_db()
        nxt.refresh_from_db()
        assert first.status == ApplicationStatus.LAPSED
        assert nxt.status == ApplicationStatus.OFFERED

    def test_cancelling_an_accepted_student_reoffers_the_seat(self, market):
        first = market.apply()
        nxt = market.apply(student=market.adult())
        services.application_accept(application=first, by=market.member.user)
        services.offer_accept(application=first, by=market.student.user)
        services.application_waitlist(application=nxt, by=market.member.user)
        services.application_decline(application=first, by=market.member.user, reason="other")
        nxt.refresh_from_db()
        assert nxt.status == ApplicationStatus.OFFERED

    def test_free_seat_without_waitlist_is_told_to_unplaced_students_whose_matches_include_it(
        self, market, django_capture_on_commit_callbacks
    ):
        from tests.factories import StudentProfileFactory

        fits = StudentProfileFactory(interests={"ITC": 5})  # the placement's Berufsfeld
        StudentProfileFactory(interests={"G": 5})  # does not fit
        first = market.apply()
        services.application_accept(application=first, by=market.member.user)
        with django_capture_on_commit_callbacks(execute=True):
            services.offer_decline(application=first, by=market.student.user)
        told = emails("seat_free")
        assert [e.to for e in told] == [[fits.user.email]]

    def test_waitlists_end_when_the_placement_starts(self, market, clock):
        first = market.apply()
        nxt = market.apply(student=market.adult())
        services.application_accept(application=first, by=market.member.user)
        services.application_waitlist(application=nxt, by=market.member.user)
        clock.advance(days=61)
        assert clearing.deadlines_run()["waitlists_closed"] == 1
        nxt.refresh_from_db()
        assert nxt.status == ApplicationStatus.DECLINED


class TestCap:
    def test_at_most_five_open_applications_per_kind(self, market, settings):
        placements = [PlacementFactory(kind="holiday_internship") for _ in range(6)]
        apps = [market.apply(placement=p) for p in placements[:5]]
        with pytest.raises(DomainError) as exc:
            market.apply(placement=placements[5])
        assert exc.value.code == "cap"
        assert "5 offene Bewerbungen" in exc.value.message and "Ferienpraktikum" in exc.value.message
        market.apply(placement=PlacementFactory(kind="apprenticeship", required_qualification=0))  # other kind
        services.application_withdraw(application=apps[0], by=market.student.user)
        market.apply(placement=placements[5])  # a slot is free again
        settings.CLEARING = {**settings.CLEARING, "OPEN_CAP": 1}
        with pytest.raises(DomainError):
            market.apply(placement=PlacementFactory(kind="apprenticeship", required_qualification=0))


class TestCrowding:
    def test_a_placement_takes_at_most_three_competing_applications_per_free_seat(self, market):
        rivals = [market.adult() for _ in range(3)]
        for student in rivals:
            market.apply(student=student)
        with pytest.raises(DomainError) as exc:
            market.apply()
        assert exc.value.code == "crowded" and "3 je freiem Platz" in exc.value.message
        first = Application.objects.filter(placement=market.placement).first()
        services.application_decline(application=first, by=market.member.user, reason="profile")
        market.apply()  # an answer made room


class TestResponseFigures:
    def test_median_days_share_in_time_and_the_answer_rate_of_the_score(self, market, clock):
        answered = market.apply()
        lapses = market.apply(student=market.adult())
        clock.advance(days=2)
        services.application_waitlist(application=answered, by=market.member.user)
        clock.advance(days=5, minutes=1)
        clearing.deadlines_run()
        lapses.refresh_from_db()
        assert lapses.status == ApplicationStatus.LAPSED
        figures = ResponseFigures.objects.get(company=market.company)
        assert figures.applications == 2 and figures.answered_in_time == 1
        assert figures.median_days == pytest.approx(2.0)
        assert figures.in_time_share == pytest.approx(0.5)
        assert figures.answer_rate == pytest.approx((1 + 0.8 * 4) / (2 + 4))
        shown = clearing_selectors.response_figures_dict(market.company)
        assert shown["median_days_to_answer"] == 2.0 and shown["share_answered_in_time"] == 0.5
