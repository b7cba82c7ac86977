from urllib.parse import quote

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.forms import add_service_errors
from backend.redirects import redirect_next, safe_next_url, safe_reverse

from . import services
from .forms import LoginForm, VerifyEmailForm

# Role sign-up pages live in the role's app; the chooser lists those that exist.
SIGNUP_CHOICES = [
    (
        "seekers:signup_student",
        gettext_lazy("Schüler*in"),
        gettext_lazy("Praktikum oder Ausbildung finden, Profil anlegen, Treffer sehen und dich bewerben."),
    ),
    (
        "companies:signup",
        gettext_lazy("Unternehmen"),
        gettext_lazy("Deinen Betrieb vorstellen, Praktika und Ausbildungsplätze anbieten, Bewerbungen beantworten."),
    ),
    (
        "seekers:signup_teacher",
        gettext_lazy("Lehrkraft"),
        gettext_lazy("Klassen verwalten, Praktikumsplätze im Blick behalten und Schulpraktika genehmigen."),
    ),
    (
        "seekers:signup_parent",
        gettext_lazy("Eltern"),
        gettext_lazy("Dein Kind begleiten: Merkliste und Bewerbungen ansehen, Einwilligungen geben."),
    ),
]


def signup_chooser(request):
    choices = [
        {"url": url, "label": label, "text": text}
        for name, label, text in SIGNUP_CHOICES
        if (url := safe_reverse(name))
    ]
    return render(request, "accounts/signup_chooser.html", {"choices": choices})


def login_view(request):
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.user
        login(request, user)
        if not user.is_email_verified:
            messages.info(request, _("Bitte bestätige zuerst deine E-Mail-Adresse mit dem Code aus unserer E-Mail."))
            return _verify_email_redirect(safe_next_url(request, reverse("frontend:dashboard")))
        return redirect_next(request, "frontend:dashboard")
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def _verify_email_redirect(nxt: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('accounts:verify_email')}?next={quote(nxt, safe='/')}")


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("Du bist abgemeldet."))
    return redirect("frontend:home")


@login_required
def verify_email(request):
    user = request.user
    nxt = safe_next_url(request, reverse("frontend:dashboard"))
    if user.is_email_verified:
        return HttpResponseRedirect(nxt)
    form = VerifyEmailForm(
        request.POST if request.method == "POST" and request.POST.get("action") != "resend" else None
    )
    if request.method == "POST":
        if request.POST.get("action") == "resend":
            try:
                services.email_verification_send(user=user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("Wir haben dir einen neuen Code an %(email)s geschickt.") % {"email": user.email}
                )
            return _verify_email_redirect(nxt)
        if form.is_valid():
            try:
                services.email_verify(user=user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Danke! Deine E-Mail-Adresse ist bestätigt."))
                return HttpResponseRedirect(nxt)
    return render(request, "accounts/verify_email.html", {"form": form, "next": nxt})


class PasswordResetForm(django_forms.Form):
    email = django_forms.EmailField(
        label=gettext_lazy("E-Mail-Adresse"),
        max_length=services.EMAIL_MAX_LENGTH,
        widget=django_forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy("Bitte gib deine E-Mail-Adresse ein."),
            "invalid": gettext_lazy("Bitte gib eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de."),
        },
    )


def password_reset(request):
    """Our own request view (not Django's) so the mail goes through the mail queue like every other email."""
    form = PasswordResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"])
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        return response
