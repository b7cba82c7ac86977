"""The emails of the seekers app. Each function picks recipients and a template; sending is queued by
backend.mail.services.email_send (after commit, never raising to the caller)."""
import logging

from django.conf import settings
from django.urls import reverse

from backend.accounts.models import User

logger = logging.getLogger(__name__)


def _send(*, to, template: str, context: dict) -> None:
    recipients = [r for r in (to if isinstance(to, list) else [to]) if r]
    if not recipients:
        return
    context = {"site_url": settings.SITE_URL, **context}
    try:
        from backend.mail.services import email_send
    except ImportError:  # the mail app is not there yet: fall back to Django's mailer after commit
        from django.core.mail import EmailMultiAlternatives
        from django.db import transaction
        from django.template.loader import render_to_string

        def send():
            try:
                subject = render_to_string(f"{template}.subject.txt", context).strip()
                msg = EmailMultiAlternatives(subject, render_to_string(f"{template}.txt", context), to=recipients)
                msg.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
                msg.send()
            except Exception:  # noqa: BLE001 - an email must never break the request
                logger.exception("Could not send %s", template)
        transaction.on_commit(send)
        return
    email_send(to=recipients, template=template, context=context)


def _url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def application_received(application) -> None:
    """To every member of the company, once the company may see the application."""
    from companies.models import Membership

    emails = list(Membership.objects.filter(company_id=application.placement.company_id)
                  .values_list("user__email", flat=True))
    _send(to=emails, template="emails/seekers/application_received", context={
        "placement_title": application.placement.title, "first_name": application.student.user.first_name,
        "url": _url("seekers:application_detail", application.pk)})


def status_changed(application) -> None:
    """To the student."""
    _send(to=application.student.user.email, template="emails/seekers/status_changed", context={
        "first_name": application.student.user.first_name, "placement_title": application.placement.title,
        "status": application.get_status_display(), "decline_reason": application.decline_reason,
        "school_approval": application.get_school_approval_display(),
        "url": _url("seekers:application_detail", application.pk)})


def consent_requested(application, parents: list[User] | None = None) -> None:
    """To the linked parents (or the given ones) of a minor."""
    if parents is None:
        parents = [link.parent for link in application.student.parent_links.select_related("parent")]
    _send(to=[p.email for p in parents], template="emails/seekers/consent_requested", context={
        "first_name": application.student.user.first_name, "placement_title": application.placement.title,
        "company_name": application.placement.company.name, "url": _url("seekers:parent_home")})


def approval_requested(application) -> None:
    """To the teachers of the student's classes (school internships need the school's approval)."""
    emails = list(User.objects.filter(taught_classes__memberships__student_id=application.student_id)
                  .values_list("email", flat=True).distinct())
    _send(to=emails, template="emails/seekers/approval_requested", context={
        "first_name": application.student.user.first_name, "placement_title": application.placement.title,
        "company_name": application.placement.company.name, "url": _url("seekers:teacher_classes")})
