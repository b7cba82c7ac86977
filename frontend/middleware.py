from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class GermanFirstLocaleMiddleware(LocaleMiddleware):
    """German for everyone unless they chose another language: with the switch in the header (POST to
    set_language, works without JavaScript) or a shareable link with ?lang=en. The choice is kept in
    Django's language cookie.

    Django's LocaleMiddleware would also follow the browser's Accept-Language, so an English browser
    would see a mix of translated and untranslated (German) pages; a city service in Germany should
    read the same for everyone until the visitor asks otherwise."""

    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        from_link = request.GET.get("lang")
        chosen = from_link if from_link in supported else request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        request._language_from_link = from_link if from_link in supported else None
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
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
