"""Error pages in our layout and the visitor's language (LocaleMiddleware has activated it before the view ran).

400/403/404 render with the request's context processors (navigation, user). 500 must work when the database or a
context processor is what failed: it renders with a plain context (no user, no navigation, no database access)."""

import logging

from django.http import HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

SITE_NAME = "Dortmund at Work"


def _safe_render(request, template: str) -> str:
    try:
        return render_to_string(template, {"SITE_NAME": SITE_NAME}, request=request)
    except Exception:  # the request context itself failed (e.g. the database is down): the plain 500 still helps
        logger.exception("Rendering %s with the request context failed; falling back to the plain page", template)
        return render_to_string("500.html", {"SITE_NAME": SITE_NAME, "plain": True})


@requires_csrf_token
def bad_request(request, exception=None):
    return HttpResponseBadRequest(_safe_render(request, "400.html"))


@requires_csrf_token
def permission_denied(request, exception=None):
    return HttpResponseForbidden(_safe_render(request, "403.html"))


@requires_csrf_token
def page_not_found(request, exception=None):
    return HttpResponseNotFound(_safe_render(request, "404.html"))


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(render_to_string("500.html", {"SITE_NAME": SITE_NAME, "plain": True}))


def csrf_failure(request, reason=""):
    """A form sent after its page went stale (or without cookies): say what to do instead of Django's English page."""
    return HttpResponseForbidden(_safe_render(request, "403_csrf.html"))
