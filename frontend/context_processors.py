from django.conf import settings
from django.utils.functional import SimpleLazyObject

from seekers.selectors import waiting_on_user

from . import navigation


def site(request):
    return {"SITE_NAME": "Dortmund at Work", "SITE_URL": settings.SITE_URL}


def nav(request):
    """Links for _nav.html and _footer.html; lazy, so templates that don't show them (emails) pay nothing."""
    path = getattr(request, "path", "")
    user = getattr(request, "user", None)
    return {
        "nav": SimpleLazyObject(
            lambda: {
                "public": navigation.links(navigation.PUBLIC_LINKS, path),
                "role": navigation.with_badges(
                    navigation.links(navigation.role_links(user), path),
                    waiting_on_user(user) if getattr(user, "is_authenticated", False) else {},
                ),
                "footer": navigation.links(navigation.FOOTER_LINKS, path),
                "language_next": _without_lang(request),
            }
        )
    }


def _without_lang(request) -> str:
    """Where the language switch returns to: this page, minus a ?lang= that would switch straight back."""
    params = request.GET.copy() if hasattr(request, "GET") else None
    if params is None:
        return "/"
    params.pop("lang", None)
    query = params.urlencode()
    return request.path + (f"?{query}" if query else "")
