from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import navigation


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
    return render(request, "frontend/accessibility.html")
