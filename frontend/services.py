from django.conf import settings
from django.db import transaction
from django.utils import translation

from backend.mail.services import email_send

from .models import AccessibilityFeedback


@transaction.atomic
def accessibility_feedback_submit(
    *, message: str, page_url: str = "", name: str = "", email: str = ""
) -> AccessibilityFeedback:
    """Store a reported barrier and send it to the city's contact (settings.ACCESSIBILITY_FEEDBACK_EMAIL) through
    the mail queue: the request never waits for the mail provider, and a failed send is retried."""
    feedback = AccessibilityFeedback.objects.create(
        message=message.strip(),
        page_url=page_url.strip(),
        name=name.strip(),
        email=email.strip(),
        language=translation.get_language() or "",
    )
    feedback.forwarded_email = email_send(
        to=settings.ACCESSIBILITY_FEEDBACK_EMAIL,
        template="emails/frontend/accessibility_feedback",
        context={"feedback": feedback},
        language="de",
    )
    feedback.save(update_fields=["forwarded_email"])
    return feedback
