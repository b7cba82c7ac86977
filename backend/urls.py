from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from frontend import views as frontend_views

api_v1 = [
    path("accounts/", include("backend.accounts.api_urls")),
    path("reference/", include("backend.reference.api_urls")),
    path("", include("companies.api_urls")),
    path("", include("seekers.api_urls")),
    path("", include("matching.api_urls")),
    path("entdeckertage/", include("entdeckertage.api_urls")),
    path("clearing/", include("clearing.api_urls")),  # issue 10: response figures, a class's clearing, nudge
    path("", include("monitoring.api_urls")),
]

urlpatterns = [
    # The API first: Django tries the patterns in order, and an API request went through every page's first
    path("api/v1/", include(api_v1)),
    path("", include("frontend.urls")),
    path("konto/", include("backend.accounts.urls")),
    path("", include("companies.urls")),
    path("", include("seekers.urls")),
    path("", include("matching.urls")),
    path("", include("clearing.urls")),  # issue 10: the teacher's "noch ohne Platz" page
    path("", include("entdeckertage.urls")),  # issue 9: Entdeckertage pages (pupil, company, teacher, city, parent)
    path("i18n/setlang/", frontend_views.set_language, name="set_language"),  # keeps the choice in the profile
    path("", include("monitoring.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # no inline script (split view) and no CDN or web fonts (sidecar, our Redoc template): backend/csp.py
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="api-schema", template_name="api_docs/redoc.html"),
        name="api-redoc",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Error pages in our layout and the visitor's language (frontend/errors.py; 500 renders without the database).
handler400 = "frontend.errors.bad_request"
handler403 = "frontend.errors.permission_denied"
handler404 = "frontend.errors.page_not_found"
handler500 = "frontend.errors.server_error"
