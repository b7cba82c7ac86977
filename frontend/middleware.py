from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# The signed-in person's own language (their profile), kept in the session from login on.
SESSION_KEY = "daw_language"


class GermanFirstLocaleMiddleware(LocaleMiddleware):
    """German for everyone unless they chose another language: with the picker in the header (POST to
    set_language, works without JavaScript, also stored in the profile of a signed-in person), a shareable link
    with ?lang=en, or their profile's language from the moment they sign in. Order: link, profile (session),
    language cookie, German.

    Django's LocaleMiddleware would also follow the browser's Accept-Language, so an English browser
    would see a mix of translated and untranslated (German) pages; a city service in Germany should
    read the same for everyone until the visitor asks otherwise."""

    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        from_link = request.GET.get("lang")
        session = getattr(request, "session", None)
        candidates = [from_link, session.get(SESSION_KEY) if session is not None else None]
        candidates.append(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        chosen = next((c for c in candidates if c in supported), settings.LANGUAGE_CODE)
        request._language_from_link = from_link if from_link in supported else None
        if request._language_from_link and session is not None and session.get(SESSION_KEY):
            session[SESSION_KEY] = from_link  # a shared ?lang= link outranks the profile for this visit, redirects too
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if getattr(request, "_language_from_link", None):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                request._language_from_link,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


@receiver(user_logged_in)
def _language_from_profile(sender, request, user, **kwargs):
    """At sign-in the site switches to the person's own language (the session outranks an old cookie)."""
    if request is not None and hasattr(request, "session") and getattr(user, "language", ""):
        request.session[SESSION_KEY] = user.language
