"""Periodic mails: the reminder the day before and "certificate ready", each once even when run twice."""

import datetime

from django.utils import timezone

from entdeckertage import services, tasks
from entdeckertage.models import Assignment, Phase

from .conftest import ON


def test_reminder_once_the_day_before(
    make_offer, make_pupil, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    offer = make_offer()
    pupil = make_pupil()
    services.booking_create(actor=pupil.user, student=pupil, offer=offer, today=ON[Phase.BOOKING])
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: offer.date - datetime.timedelta(days=2))
    assert tasks.send_day_reminders.call() == 0
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: offer.date - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_day_reminders.call() == 1
        assert tasks.send_day_reminders.call() == 0  # a second run sends nothing
    assert [m.subject for m in mailoutbox] == ["Morgen ist dein Entdeckertag"]
    assert pupil.user.email in mailoutbox[0].to


def test_certificate_mail_once_after_a_confirmed_day(
    make_offer, make_pupil, company_member, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    offer = make_offer()
    pupil = make_pupil()
    a = services.booking_create(actor=pupil.user, student=pupil, offer=offer, today=ON[Phase.BOOKING])
    services.attendance_confirm(actor=company_member.user, assignment=a, came=True, today=offer.date)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: ON[Phase.CERTIFICATES])
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_certificate_mails.call() == 1
        assert tasks.send_certificate_mails.call() == 0
    assert "Bescheinigung" in mailoutbox[-1].subject and "certificate.pdf" in mailoutbox[-1].body
    assert Assignment.objects.get().attendance == "came"
