"""Where a page sends the user next: the one check for `?next=` / `<input name="next">`, used by every app, and
links to pages that may not be installed (`safe_reverse`)."""

from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str = "") -> str:
    """The `next` value if it is a local path on this site (no other host, no view name), else `default`."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt.startswith("/") and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return default


def redirect_next(request, default, *args, **kwargs) -> HttpResponseRedirect:
    """Redirect to a safe `next`, otherwise to `default` (a URL, a URL name with args, or a model)."""
    return HttpResponseRedirect(safe_next_url(request) or resolve_url(default, *args, **kwargs))


def safe_reverse(name: str) -> str | None:
    """The URL of a named page, or None when no such page is installed (a link is then left out)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
