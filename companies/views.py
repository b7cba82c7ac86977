"""Pages: thin views over the same services and selectors as the JSON API. Every form works without
JavaScript (POST, redirect, inline German errors)."""

import re
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.api.exceptions import DomainError
from backend.forms import add_service_errors
from backend.redirects import redirect_next

from . import selectors, services
from .filters import CompanyFilter
from .forms import (
    CompanyCreateForm,
    CompanyProfileForm,
    CompanySignUpForm,
    ContactForm,
    InvitationSignUpForm,
    InviteForm,
    LogoForm,
    PhotoForm,
    PlacementForm,
    ReasonForm,
    RoleForm,
    SiteForm,
    model_copy,
)
from .models import Company, CompanyPhoto, ContactPerson, Invitation, Membership, Placement, PlacementKind, Site
from .permissions import (
    can_view_audit,
    is_city_staff,
    is_member,
    is_owner,
    require_city_staff,
    require_member,
    require_owner,
)


def _login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def _member_company(request, slug) -> Company:
    company = get_object_or_404(Company, slug=slug)
    require_member(request.user, company)
    return company


def _domain_message(request, exc: DomainError):
    messages.error(request, exc.message)


def _plain(html_text: str, chars=200) -> str:
    clean = services.sanitize_html(html_text or "")  # drops <script> with its content, unlike strip_tags
    text = strip_tags(re.sub(r"<(/p|br|/li|/h[1-6])\s*/?>", " ", clean, flags=re.I))
    return Truncator(re.sub(r"\s+", " ", text).strip()).chars(chars)


# --- public pages ---------------------------------------------------------------------------------------
def directory(request):
    """The company directory; the same CompanyFilter as GET /api/v1/companies/."""
    flt = CompanyFilter(request.GET or None, queryset=selectors.company_public_list())
    qs = flt.qs if flt.is_bound else flt.queryset
    page = Paginator(qs, 24).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "companies/directory.html", {"filter": flt, "page": page, "query": query.urlencode()})


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def _logo_url(request, company, size="card"):
    name = (company.logo_sizes or {}).get(size)
    return _absolute(request, default_storage.url(name)) if name else ""


def _organization_ld(request, company, *, nested=False):
    data = {"@type": "Organization", "name": company.name, "url": _absolute(request, company.get_absolute_url())}
    if not nested:
        data = {"@context": "https://schema.org", **data}
    if company.legal_name:
        data["legalName"] = company.legal_name
    if company.website:
        data["sameAs"] = [company.website]
    if logo := _logo_url(request, company):
        data["logo"] = logo
    return data


def detail(request, slug):
    company = selectors.company_for_viewer(slug=slug, user=request.user)
    placements = selectors.company_placements_for_viewer(company=company, user=request.user)
    return render(
        request,
        "companies/detail.html",
        {
            "company": company,
            "placements": placements,
            "is_member": is_member(request.user, company),
            "is_staff": is_city_staff(request.user),
            "og": {
                "title": company.name,
                "description": _plain(company.description) or company.name,
                "url": _absolute(request, company.get_absolute_url()),
                "image": _logo_url(request, company),
                "type": "website",
            },
            "jsonld": _organization_ld(request, company),
        },
    )


EMPLOYMENT_TYPE: dict[str, str] = {
    PlacementKind.SCHOOL_INTERNSHIP: "INTERN",
    PlacementKind.HOLIDAY_INTERNSHIP: "INTERN",
    PlacementKind.APPRENTICESHIP: "FULL_TIME",
    PlacementKind.DUAL_STUDY: "FULL_TIME",
}


def _placement_ld(request, p: Placement):
    """JobPosting for internships, apprenticeships and dual study; an Event for a career-field day."""
    site = p.site
    place = {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": site.street,
            "postalCode": site.postal_code_id,
            "addressLocality": site.city,
            "addressRegion": "NW",
            "addressCountry": "DE",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": site.latitude, "longitude": site.longitude},
    }
    url = _absolute(request, p.get_absolute_url())
    description = services.sanitize_html(p.description) or f"<p>{p.title}</p>"
    if p.kind == PlacementKind.CAREER_DAY:
        return {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": p.title,
            "url": url,
            "description": _plain(description, 500),
            "startDate": p.start_date,
            "endDate": p.end_date,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": place,
            "organizer": _organization_ld(request, p.company, nested=True),
        }
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": p.title,
        "url": url,
        "description": description,
        "datePosted": (p.published_at or p.created_at).date(),
        "employmentType": EMPLOYMENT_TYPE.get(p.kind, "OTHER"),
        "jobStartDate": p.start_date,
        "hiringOrganization": _organization_ld(request, p.company, nested=True),
        "jobLocation": place,
        "directApply": True,
        "totalJobOpenings": p.seats,
    }
    if p.application_deadline:
        data["validThrough"] = p.application_deadline
    if p.occupation:
        data["occupationalCategory"] = p.occupation.name
    return data


def placement_detail(request, company_slug, slug):
    p = selectors.placement_for_viewer(company_slug=company_slug, slug=slug, user=request.user)
    member = is_member(request.user, p.company)
    if p.is_public and not member and not is_city_staff(request.user):
        services.placement_record_view(placement=p)
    return render(
        request,
        "companies/placement_detail.html",
        {
            "placement": p,
            "company": p.company,
            "is_member": member,
            "is_staff": is_city_staff(request.user),
            "og": {
                "title": f"{p.title} – {p.company.name}",
                "description": _plain(p.description) or p.title,
                "url": _absolute(request, p.get_absolute_url()),
                "image": _logo_url(request, p.company),
                "type": "website",
            },
            "jsonld": _placement_ld(request, p),
        },
    )


def signup(request):
    """A new company: account + company in one step; the account gets an email code (accounts app)."""
    if request.user.is_authenticated:
        return redirect("companies:dashboard")
    form = CompanySignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except DomainError as exc:
            form.add_error(None, exc.message)
            user = None
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Willkommen! Wir haben dir einen Code an %(email)s geschickt. Bitte bestätige deine E-Mail-Adresse.")
                % {"email": user.email},
            )
            return redirect(_verify_url(form.company))
    return render(request, "companies/signup.html", {"form": form, "login_url": _login_url()})


def _verify_url(company):
    """The accounts app's verification page, then back to the new company's dashboard."""
    nxt = reverse("companies:company_dashboard", kwargs={"slug": company.slug})
    return f"{reverse('accounts:verify_email')}?next={quote(nxt, safe='/')}"


def invitation_accept(request, token):
    """Accept an invitation: logged in with the invited address, or by creating the account right here."""
    try:
        inv = services.invitation_get(token=token)
    except DomainError as exc:
        return render(
            request, "companies/invitation.html", {"error": exc.message, "login_url": _login_url()}, status=404
        )
    ctx = {"invitation": inv, "login_url": _login_url()}
    signup_form = None
    if not request.user.is_authenticated:
        signup_form = InvitationSignUpForm(request.POST or None, invitation=inv, token=token)
        ctx["signup_form"] = signup_form
    if request.method == "POST":
        if signup_form is not None:
            user = signup_form.save() if signup_form.is_valid() else None
            if user is None:
                return render(request, "companies/invitation.html", ctx, status=400)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Willkommen bei %(name)s! Bitte bestätige noch deine E-Mail-Adresse mit dem Code aus unserer E-Mail.")
                % {"name": inv.company.name},
            )
            return redirect(_verify_url(inv.company))
        try:
            m = services.invitation_accept(token=token, user=request.user)
        except DomainError as exc:
            return render(
                request,
                "companies/invitation.html",
                {**ctx, "error": exc.message},
                status=getattr(exc, "status_code", 400),
            )
        messages.success(request, _("Du gehörst jetzt zu %(name)s.") % {"name": m.company.name})
        return redirect("companies:company_dashboard", slug=m.company.slug)
    return render(request, "companies/invitation.html", ctx)


# --- member pages ---------------------------------------------------------------------------------------
@login_required
def dashboard(request):
    companies = list(selectors.companies_of_user(request.user))
    if len(companies) == 1:
        return redirect("companies:company_dashboard", slug=companies[0].slug)
    if not companies and not request.user.is_company_member:
        raise PermissionDenied(_("Diese Seite ist für Unternehmenskonten."))
    return render(request, "companies/dashboard_pick.html", {"companies": companies})


@login_required
def company_create(request):
    if not request.user.is_company_member:
        raise PermissionDenied(_("Nur Unternehmenskonten können ein Unternehmen anlegen."))
    form = CompanyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_register(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Unternehmen angelegt. Als Nächstes: der Steckbrief."))
            return redirect("companies:profile_edit", slug=company.slug)
    return render(
        request, "companies/form_page.html", {"form": form, "title": _("Unternehmen anlegen"), "submit": _("Anlegen")}
    )


@login_required
def company_dashboard(request, slug):
    company = _member_company(request, slug)
    placements = selectors.dashboard_placements(company=company)
    return render(
        request,
        "companies/company_dashboard.html",
        {
            "company": company,
            "placements": placements,
            "completeness": services.company_completeness(company),
            "is_owner": is_owner(request.user, company),
            "sites": company.sites.all(),
            "contacts": company.contacts.all(),
        },
    )


@login_required
def profile_edit(request, slug):
    company = _member_company(request, slug)
    form = CompanyProfileForm(
        request.POST or None, instance=model_copy(company), initial={"berufsfelder": list(company.berufsfelder.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update(company=company, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Steckbrief gespeichert."))
            return redirect("companies:profile_edit", slug=company.slug)
    return _render_profile(request, company, form=form)


def _render_profile(request, company, *, form=None, logo_form=None, photo_form=None, status=200):
    if form is None:
        form = CompanyProfileForm(
            instance=model_copy(company), initial={"berufsfelder": list(company.berufsfelder.all())}
        )
    return render(
        request,
        "companies/profile_edit.html",
        {
            "company": company,
            "form": form,
            "logo_form": logo_form or LogoForm(),
            "photo_form": photo_form or PhotoForm(),
            "photos": company.photos.all(),
            "completeness": services.company_completeness(company),
            "max_photos": services.MAX_PHOTOS,
        },
        status=status,
    )


@login_required
@require_POST
def logo_upload(request, slug):
    company = _member_company(request, slug)
    if request.POST.get("remove"):
        services.company_logo_remove(company=company, by=request.user)
        messages.success(request, _("Logo entfernt."))
        return redirect("companies:profile_edit", slug=slug)
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.company_logo_replace(company=company, by=request.user, upload=form.cleaned_data["logo"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Logo gespeichert."))
            return redirect("companies:profile_edit", slug=slug)
    return _render_profile(request, company, logo_form=form, status=400)


@login_required
@require_POST
def photo_add(request, slug):
    company = _member_company(request, slug)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.company_photo_add(
                company=company,
                by=request.user,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Foto hinzugefügt."))
            return redirect("companies:profile_edit", slug=slug)
    return _render_profile(request, company, photo_form=form, status=400)


@login_required
@require_POST
def photo_remove(request, slug, pk):
    company = _member_company(request, slug)
    services.company_photo_remove(photo=get_object_or_404(CompanyPhoto, company=company, pk=pk), by=request.user)
    messages.success(request, _("Foto gelöscht."))
    return redirect("companies:profile_edit", slug=slug)


def _simple_form_page(request, *, company, form, title, submit, save, success, back=None, extra=None):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, success)
            return redirect(back or reverse("companies:company_dashboard", kwargs={"slug": company.slug}))
    return render(
        request,
        "companies/form_page.html",
        {"company": company, "form": form, "title": title, "submit": submit, **(extra or {})},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def site_edit(request, slug, pk=None):
    company = _member_company(request, slug)
    site = get_object_or_404(Site, company=company, pk=pk) if pk else None
    initial = {}
    if site:
        initial = {
            "name": site.name,
            "street": site.street,
            "postal_code": site.postal_code_id,
            "city": site.city,
            "latitude": site.latitude if site.has_exact_point else "",
            "longitude": site.longitude if site.has_exact_point else "",
        }
    form = SiteForm(request.POST or None, initial=initial)

    def save(data):
        if site:
            services.site_update(site=site, by=request.user, **data)
        else:
            services.site_create(company=company, by=request.user, **data)

    return _simple_form_page(
        request,
        company=company,
        form=form,
        save=save,
        title=_("Standort bearbeiten") if site else _("Standort anlegen"),
        submit=_("Speichern"),
        success=_("Standort gespeichert."),
    )


@login_required
@require_POST
def site_delete(request, slug, pk):
    company = _member_company(request, slug)
    try:
        services.site_delete(site=get_object_or_404(Site, company=company, pk=pk), by=request.user)
        messages.success(request, _("Standort gelöscht."))
    except DomainError as exc:
        _domain_message(request, exc)
    return redirect("companies:company_dashboard", slug=slug)


@login_required
def contact_edit(request, slug, pk=None):
    company = _member_company(request, slug)
    contact = get_object_or_404(ContactPerson, company=company, pk=pk) if pk else None
    form = ContactForm(request.POST or None, instance=model_copy(contact))

    def save(data):
        if contact:
            services.contact_person_update(contact=contact, by=request.user, **data)
        else:
            services.contact_person_create(company=company, by=request.user, **data)

    return _simple_form_page(
        request,
        company=company,
        form=form,
        save=save,
        title=_("Ansprechperson bearbeiten") if contact else _("Ansprechperson anlegen"),
        submit=_("Speichern"),
        success=_("Ansprechperson gespeichert."),
    )


@login_required
@require_POST
def contact_delete(request, slug, pk):
    company = _member_company(request, slug)
    services.contact_person_delete(contact=get_object_or_404(ContactPerson, company=company, pk=pk), by=request.user)
    messages.success(request, _("Ansprechperson gelöscht."))
    return redirect("companies:company_dashboard", slug=slug)


@login_required
def placement_edit(request, slug, pk=None):
    company = _member_company(request, slug)
    placement = get_object_or_404(Placement, company=company, pk=pk) if pk else None
    if not company.sites.exists():
        messages.info(request, _("Lege zuerst einen Standort an; dort findet das Angebot statt."))
        return redirect("companies:site_create", slug=slug)
    form = PlacementForm(
        request.POST or None,
        instance=placement,
        company=company,
        initial=None if placement else {"site": company.sites.first()},
    )
    publish = "publish" in request.POST

    def save(data):
        # one service call, so a refused publish stores nothing (no draft left behind, none added per retry)
        if placement:
            services.placement_update(placement=placement, by=request.user, publish=publish, **data)
        else:
            services.placement_create(company=company, by=request.user, publish=publish, **data)

    return _simple_form_page(
        request,
        company=company,
        form=form,
        save=save,
        title=_("Angebot bearbeiten") if placement else _("Neues Angebot"),
        submit=_("Als Entwurf speichern"),
        success=_("Angebot veröffentlicht.") if publish else _("Angebot gespeichert."),
        extra={"publish_button": placement is None or placement.status == "draft"},
    )


PLACEMENT_ACTIONS = {
    "publish": (services.placement_publish, gettext_lazy("Angebot veröffentlicht.")),
    "close": (services.placement_close, gettext_lazy("Angebot geschlossen.")),
    "reopen": (services.placement_reopen, gettext_lazy("Angebot wieder geöffnet.")),
    "archive": (services.placement_archive, gettext_lazy("Angebot archiviert.")),
    "copy": (services.placement_copy, gettext_lazy("Kopie für das nächste Jahr als Entwurf angelegt.")),
}


@login_required
@require_POST
def placement_action(request, slug, pk, action):
    company = _member_company(request, slug)
    placement = get_object_or_404(Placement, company=company, pk=pk)
    service, success = PLACEMENT_ACTIONS[action]
    try:
        result = service(placement=placement, by=request.user)
    except ValidationError as exc:
        for field_messages in exc.message_dict.values():
            for m in field_messages:
                messages.error(request, m)
        return redirect("companies:placement_edit", slug=slug, pk=pk)
    except DomainError as exc:
        _domain_message(request, exc)
    else:
        messages.success(request, success)
        if action == "copy":
            return redirect("companies:placement_edit", slug=slug, pk=result.pk)
    return redirect("companies:company_dashboard", slug=slug)


@login_required
def colleagues(request, slug):
    company = _member_company(request, slug)
    owner = is_owner(request.user, company)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        require_owner(request.user, company)
        if form.is_valid():
            try:
                services.invitation_create(company=company, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Einladung an %(email)s verschickt.") % form.cleaned_data)
                return redirect("companies:colleagues", slug=slug)
    return render(
        request,
        "companies/colleagues.html",
        {
            "company": company,
            "members": selectors.company_members(company=company),
            "form": form,
            "is_owner": owner,
            "invitations": company.invitations.filter(accepted_at__isnull=True) if owner else [],
            "role_form": RoleForm(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    company = _member_company(request, slug)
    inv = get_object_or_404(Invitation, company=company, pk=pk, accepted_at__isnull=True)
    services.invitation_revoke(invitation=inv, by=request.user)
    messages.success(request, _("Einladung an %(email)s zurückgezogen.") % {"email": inv.email})
    return redirect("companies:colleagues", slug=slug)


@login_required
@require_POST
def member_role(request, slug, pk):
    company = _member_company(request, slug)
    m = get_object_or_404(Membership, company=company, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(membership=m, by=request.user, role=form.cleaned_data["role"])
            messages.success(request, _("Rolle geändert."))
        except DomainError as exc:
            _domain_message(request, exc)
    else:
        messages.error(request, _("Bitte wähle eine Rolle."))
    return redirect("companies:colleagues", slug=slug)


@login_required
@require_POST
def member_remove(request, slug, pk):
    company = _member_company(request, slug)
    m = get_object_or_404(Membership, company=company, pk=pk)
    leaving = m.user_id == request.user.pk
    try:
        services.membership_remove(membership=m, by=request.user)
    except DomainError as exc:
        _domain_message(request, exc)
        return redirect("companies:colleagues", slug=slug)
    if leaving:
        messages.success(request, _("Du hast %(name)s verlassen.") % {"name": company.name})
        return redirect("frontend:dashboard")
    messages.success(request, _("Kolleg*in entfernt."))
    return redirect("companies:colleagues", slug=slug)


@login_required
def audit(request, slug):
    company = get_object_or_404(Company, slug=slug)
    if not can_view_audit(request.user, company):
        raise PermissionDenied
    page = Paginator(selectors.audit_for_company(company=company), 50).get_page(request.GET.get("page"))
    return render(request, "companies/audit.html", {"company": company, "page": page})


# --- city staff -----------------------------------------------------------------------------------------
@login_required
def staff_queue(request):
    """Companies to check (unverified, oldest first) and hidden ones. Unverified companies are not
    public at all (see CompanyQuerySet.public): nobody can reach minors before the city checked them."""
    require_city_staff(request.user)
    return render(
        request, "companies/staff_queue.html", {"companies": selectors.staff_queue(), "reason_form": ReasonForm()}
    )


@login_required
@require_POST
def staff_company_action(request, slug, action):
    require_city_staff(request.user)
    company = get_object_or_404(Company, slug=slug)
    reason = request.POST.get("reason") or ""
    try:
        services.company_moderate(company=company, by=request.user, action=action, reason=reason)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Gespeichert: %(name)s.") % {"name": company.name})
    return redirect_next(request, "companies:staff_queue")


@login_required
@require_POST
def staff_placement_action(request, pk, action):
    require_city_staff(request.user)
    p = get_object_or_404(Placement.objects.select_related("company"), pk=pk)
    try:
        services.placement_moderate(
            placement=p, by=request.user, action=action, reason=request.POST.get("reason") or ""
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Gespeichert: %(title)s.") % {"title": p.title})
    return redirect(p.get_absolute_url())
