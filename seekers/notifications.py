"""The emails of the seekers app. Each function picks recipients and a template; sending is queued by
backend.mail.services.email_send (after commit, never raising to the caller)."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import lazy

from backend.accounts.models import User
from backend.mail.services import email_send, recipient_language
from companies.models import Membership


def _send(*, to, template: str, context: dict) -> None:
    recipients = [r for r in (to if isinstance(to, list) else [to]) if r]
    if not recipients:
        return
    context = {"site_url": settings.SITE_URL, **context}
    # one email per language, so each parent or colleague reads it in the language of their profile
    by_language: dict[str, list[str]] = {}
    for recipient in recipients:
        by_language.setdefault(recipient_language([recipient]), []).append(recipient)
    for language, group in by_language.items():
        email_send(to=group, template=template, context=context, language=language)


def application_marker(application_id: int) -> str:
    """Every email about an application carries its address; account deletion finds the stored copies by it."""
    return reverse("seekers:application_detail", args=[application_id])


def _url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def application_received(application) -> None:
    """To every member of the company, once the company may see the application."""
    emails = list(
        Membership.objects.filter(company_id=application.placement.company_id).values_list("user__email", flat=True)
    )
    _send(
        to=emails,
        template="emails/seekers/application_received",
        context={
            "placement_title": application.placement.title,
            "first_name": application.student.user.first_name,
            "url": _url("seekers:application_detail", application.pk),
        },
    )


def status_changed(application) -> None:
    """To the student."""
    _send(
        to=application.student.user.email,
        template="emails/seekers/status_changed",
        context={
            "first_name": application.student.user.first_name,
            "placement_title": application.placement.title,
            # lazy: turned into text while the email renders, so in the student's language, not the sender's
            "status": lazy(application.get_status_display, str)(),
            "decline_reason": application.decline_reason,
            "school_approval": lazy(application.get_school_approval_display, str)(),
            "offer_expires_at": application.offer_expires_at if application.status == "offered" else None,
            "url": _url("seekers:application_detail", application.pk),
        },
    )


def consent_requested(application, parents: list[User] | None = None) -> None:
    """To the linked parents (or the given ones) of a minor."""
    if parents is None:
        parents = [link.parent for link in application.student.parent_links.select_related("parent")]
    site = application.placement.site
    _send(
        to=[p.email for p in parents],
        template="emails/seekers/consent_requested",
        context={
            "first_name": application.student.user.first_name,
            "placement_title": application.placement.title,
            "company_name": application.placement.company.name,
            "url": _url("seekers:application_detail", application.pk),
            # what parents need to decide: when, where, and the placement itself
            "start_date": application.placement.start_date,
            "end_date": application.placement.end_date,
            "address": f"{site.street}, {site.postal_code_id} {site.city}",
            "placement_url": settings.SITE_URL.rstrip("/") + application.placement.get_absolute_url(),
        },
    )


def approval_requested(application) -> None:
    """To the teachers of the student's classes (school internships need the school's approval)."""
    emails = list(
        User.objects.filter(taught_classes__memberships__student_id=application.student_id)
        .values_list("email", flat=True)
        .distinct()
    )
    _send(
        to=emails,
        template="emails/seekers/approval_requested",
        context={
            "first_name": application.student.user.first_name,
            "placement_title": application.placement.title,
            "company_name": application.placement.company.name,
            "url": _url("seekers:application_detail", application.pk),
        },
    )


# --- clearing (issue 10) ----------------------------------------------------------------------------------
def _company_emails(company_id: int) -> list[str]:
    return list(Membership.objects.filter(company_id=company_id).values_list("user__email", flat=True))


def _match_lines(matches) -> list[dict]:
    out = []
    for m in matches:
        p = m.placement
        out.append(
            {
                "title": p.title,
                "company": p.company.name,
                "url": settings.SITE_URL.rstrip("/")
                + reverse("companies:placement_detail", kwargs={"company_slug": p.company.slug, "slug": p.slug}),
            }
        )
    return out


def company_reminder(application) -> None:
    """To every member of the company: an application waits for an answer (days 3 and 6 of the deadline)."""
    _send(
        to=_company_emails(application.placement.company_id),
        template="emails/seekers/company_reminder",
        context={
            "placement_title": application.placement.title,
            "first_name": application.student.user.first_name,
            "respond_by": application.respond_by,
            "url": _url("seekers:application_detail", application.pk),
        },
    )


def withdrawn_notice(application) -> None:
    """To the company: the student took another placement for the same dates; the application is withdrawn."""
    _send(
        to=_company_emails(application.placement.company_id),
        template="emails/seekers/withdrawn_notice",
        context={
            "placement_title": application.placement.title,
            "first_name": application.student.user.first_name,
            "url": _url("seekers:application_detail", application.pk),
        },
    )


def application_lapsed(application, matches) -> None:
    """To the student: no answer by the deadline; here are their best matches with free seats."""
    _send(
        to=application.student.user.email,
        template="emails/seekers/application_lapsed",
        context={
            "first_name": application.student.user.first_name,
            "placement_title": application.placement.title,
            "matches": _match_lines(matches),
            "url": _url("seekers:application_detail", application.pk),
            "matches_url": _url("matching:my_matches"),
        },
    )


def seat_free(student, placement) -> None:
    """To a student without a placement: a placement among their matches has a free seat again."""
    _send(
        to=student.user.email,
        template="emails/seekers/seat_free",
        context={
            "first_name": student.user.first_name,
            "placement_title": placement.title,
            "company_name": placement.company.name,
            "url": settings.SITE_URL.rstrip("/")
            + reverse(
                "companies:placement_detail", kwargs={"company_slug": placement.company.slug, "slug": placement.slug}
            ),
        },
    )


def teacher_nudge(student, teacher, school_class, matches) -> None:
    """To a student without a placement, from their teacher, with their best free matches."""
    _send(
        to=student.user.email,
        template="emails/seekers/teacher_nudge",
        context={
            "first_name": student.user.first_name,
            "teacher_name": f"{teacher.first_name} {teacher.last_name}".strip() or teacher.email,
            "class_name": school_class.name,
            "start": school_class.internship_start,
            "matches": _match_lines(matches),
            "matches_url": _url("matching:my_matches"),
        },
    )
