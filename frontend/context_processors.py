from django.conf import settings


def site(request):
    return {"SITE_NAME": "Dortmund at Work", "SITE_URL": settings.SITE_URL}
