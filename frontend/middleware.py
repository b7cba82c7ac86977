from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class GermanFirstLocaleMiddleware(LocaleMiddleware):
    """German for everyone unless they chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would also follow the browser's Accept-Language, so an English browser
    would see a mix of translated and untranslated (German) pages; a city service in Germany should
    read the same for everyone until the visitor asks otherwise."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
