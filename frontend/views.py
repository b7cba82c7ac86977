from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.i18n import set_language as django_set_language

from backend.accounts.models import User

from . import navigation, services
from .forms import AccessibilityFeedbackForm
from .middleware import SESSION_KEY


def home(request):
    return render(
        request,
        "frontend/home.html",
        {
            "search_url": navigation.safe_reverse("matching:search"),
            "directory_url": navigation.safe_reverse("companies:directory"),
            "signup_student_url": navigation.safe_reverse("seekers:signup_student"),
            "signup_company_url": navigation.safe_reverse("companies:signup"),
            "signup_teacher_url": navigation.safe_reverse("seekers:signup_teacher"),
            "signup_parent_url": navigation.safe_reverse("seekers:signup_parent"),
        },
    )


@login_required
def dashboard(request):
    """ "Mein Bereich": each role's own start page; unverified accounts confirm their email first."""
    user = request.user
    if not user.is_email_verified:
        return redirect(f"{reverse('accounts:verify_email')}?next={reverse('frontend:dashboard')}")
    if url := navigation.start_url(user):
        return redirect(url)
    return render(request, "frontend/dashboard.html", {"links": navigation.links(navigation.role_links(user))})


def imprint(request):
    return render(request, "frontend/imprint.html")


def data_sources(request):
    return render(request, "frontend/data_sources.html")


# Licence texts the data sources ask us to pass on, served as shipped (a fixed list, no path from the URL).
LICENCE_FILES = {
    "svws-bsd-3-clause": settings.BASE_DIR / "backend" / "reference" / "data" / "LICENSE-SVWS-BSD-3-Clause.txt",
}


def licence_text(request, name):
    path = LICENCE_FILES.get(name)
    if path is None or not path.exists():
        raise Http404
    return HttpResponse(path.read_text(encoding="utf-8"), content_type="text/plain; charset=utf-8")


def accessibility(request):
    """The accessibility statement (BITV NRW) with its feedback form: stored, then sent to the city."""
    sent = request.GET.get("gesendet") == "1"
    form = AccessibilityFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.accessibility_feedback_submit(**form.cleaned_data)
        return redirect(reverse("frontend:accessibility") + "?gesendet=1#feedback-sent")
    return render(request, "frontend/accessibility.html", {"form": form, "sent": sent})


def privacy(request):
    return render(request, "frontend/privacy.html")


def easy_page(template):
    """One Leichte Sprache page (German Leichte Sprache in every interface language)."""

    def view(request):
        return render(request, f"frontend/leicht/{template}.html")

    return view


def set_language(request):
    """Django's set_language (cookie, redirect to `next`), plus: a signed-in person's choice is kept in their
    profile (their emails use it) and in the session (it outranks the cookie, see the locale middleware)."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and language in {code for code, _name in settings.LANGUAGES}:
        request.session[SESSION_KEY] = language
        if request.user.is_authenticated and request.user.language != language:
            User.objects.filter(pk=request.user.pk).update(language=language)
    return response
