"""Pages for students, teachers, parents and the company inbox. Thin: a form, one service, a template."""

import csv
import io
import json
from functools import wraps
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.models import Role
from backend.api.exceptions import DomainError
from backend.forms import add_service_errors
from backend.redirects import redirect_next
from clearing.selectors import best_free_matches
from companies.models import Placement
from seekers.errors import ErrorCode

from . import forms, selectors, services
from .access import can_view_application, can_view_student, is_class_teacher, is_company_side, is_linked_parent
from .models import (
    ACTIVE_STATUSES,
    AWAITING_COMPANY,
    ApplicationStatus,
    ApprovalStatus,
    Favourite,
    SchoolClass,
    StudentProfile,
)
from .pdf import text_pdf
from .questionnaire import suggest_weights


def _login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def role_required(*roles):
    """Anonymous users go to the login page; signed-in users of another role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), _login_url())
            if roles and request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _student(request) -> StudentProfile:
    student = StudentProfile.objects.select_related("user").filter(user=request.user).first()
    if student is None:
        raise PermissionDenied
    return student


def _home(user) -> str:
    return resolve_url(settings.LOGIN_REDIRECT_URL)


# --- sign-up ----------------------------------------------------------------------------------------------
def _signup(request, form_class, template, after):
    """The sign-up pages: the accounts app's SignUpForm subclassed per role; then verify the email."""
    if request.user.is_authenticated:
        return redirect(_home(request.user))
    form = form_class(request.POST or None, initial={"join_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid() and (user := form.save()):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _(
                "Willkommen! Dein Konto ist angelegt. Wir haben dir einen Code geschickt, "
                "mit dem du deine E-Mail-Adresse bestätigst."
            ),
        )
        return redirect(f"{reverse('accounts:verify_email')}?next={reverse(after)}")
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


def signup_student(request):
    return _signup(request, forms.StudentSignupForm, "seekers/signup_student.html", "seekers:interests")


def signup_teacher(request):
    return _signup(request, forms.TeacherSignupForm, "seekers/signup_teacher.html", "seekers:teacher_classes")


def signup_parent(request):
    return _signup(request, forms.ParentSignupForm, "seekers/signup_parent.html", "seekers:parent_home")


# --- profile and interests --------------------------------------------------------------------------------
@role_required(Role.STUDENT)
def profile(request):
    student = _student(request)
    initial = {
        "first_name": student.user.first_name,
        "last_name": student.user.last_name,
        "school": student.school_id,
        "school_type": student.school_type,
        "grade": student.grade,
        "expected_qualification": student.expected_qualification,
        "postal_code": student.postal_code_id,
        "travel_radius_km": student.travel_radius_km,
        "accessibility_needs": student.accessibility_needs,
        "languages": ", ".join(student.languages),
    }
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_profile_update(student=student, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dein Profil ist gespeichert."))
            return redirect("seekers:profile")
    return render(
        request,
        "seekers/profile.html",
        {"form": form, "student": student, "birth_date_fixed": services.BIRTH_DATE_FIXED},
        status=400 if form.errors else 200,
    )


@role_required(Role.STUDENT)
def interests(request):
    student = _student(request)
    current = dict(student.interests.values_list("berufsfeld_id", "weight"))
    questionnaire = forms.QuestionnaireForm(prefix="q")
    form = forms.InterestForm(initial_weights=current)
    status = 200
    if request.method == "POST" and "suggest" in request.POST:
        questionnaire = forms.QuestionnaireForm(request.POST, prefix="q")
        if questionnaire.is_valid():
            form = forms.InterestForm(initial_weights=suggest_weights(questionnaire.answers()))
            messages.info(request, _("Vorschlag übernommen. Prüfe die Gewichtung und speichere sie."))
        else:
            status = 400
    elif request.method == "POST":
        form = forms.InterestForm(request.POST, initial_weights=current)
        if form.is_valid():
            try:
                services.student_interests_set(student=student, weights=form.weights())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Deine Interessen sind gespeichert."))
                return redirect("seekers:interests")
        status = 400
    return render(request, "seekers/interests.html", {"form": form, "questionnaire": questionnaire}, status=status)


def class_join(request):
    """The class's link and QR code lead here. Without an account the code must survive the way to the sign-up
    (a login redirect would lose it): a page that offers both ways, each carrying the code."""
    if not request.user.is_authenticated:
        return _class_join_anonymous(request)
    return _class_join(request)


def _class_join_anonymous(request):
    code = (request.GET.get("code") or "").strip()
    here = reverse("seekers:class_join") + (f"?{urlencode({'code': code})}" if code else "")
    return render(
        request,
        "seekers/class_join_anonymous.html",
        {
            "code": code,
            "signup_url": reverse("seekers:signup_student") + (f"?{urlencode({'code': code})}" if code else ""),
            "login_url": f"{_login_url()}?{urlencode({'next': here})}",
        },
    )


@role_required(Role.STUDENT)
def _class_join(request):
    student = _student(request)
    form = forms.JoinClassForm(request.POST or None, initial={"join_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.class_join(student=student, join_code=form.cleaned_data["join_code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Du bist jetzt in der Klasse %(name)s.") % {"name": membership.school_class.name}
            )
            return redirect("seekers:profile")
    return render(
        request,
        "seekers/class_join.html",
        {"form": form, "classes": student.classes.all()},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(Role.STUDENT)
def class_leave(request, pk):
    student = _student(request)
    school_class = get_object_or_404(student.classes, pk=pk)
    services.class_leave(student=student, school_class=school_class)
    messages.success(
        request,
        _("Du bist nicht mehr in der Klasse %(name)s. Die Lehrkräfte der Klasse sehen deine Daten nicht mehr.")
        % {"name": school_class.name},
    )
    return redirect("seekers:class_join")


# --- favourites -------------------------------------------------------------------------------------------
@role_required(Role.STUDENT)
def favourites(request):
    student = _student(request)
    return render(
        request,
        "seekers/favourites.html",
        {
            "favourites": selectors.favourite_list(student=student),
            "recommendations": selectors.recommendation_list_for_student(student=student),
        },
    )


@require_POST
@role_required(Role.STUDENT)
def favourite_add(request, placement_pk):
    student = _student(request)
    placement = get_object_or_404(Placement.objects.public(), pk=placement_pk)
    services.favourite_add(student=student, placement=placement)
    messages.success(request, _("„%(title)s“ ist auf deiner Merkliste.") % {"title": placement.title})
    return redirect_next(request, "seekers:favourites")


@require_POST
@role_required(Role.STUDENT)
def favourite_edit(request, pk):
    favourite = get_object_or_404(Favourite, pk=pk, student__user=request.user)
    if "remove" in request.POST:
        services.favourite_remove(favourite=favourite)
        messages.success(request, _("Von der Merkliste entfernt."))
    else:
        form = forms.NoteForm(request.POST)
        if form.is_valid():
            services.favourite_update(favourite=favourite, note=form.cleaned_data["note"])
            messages.success(request, _("Notiz gespeichert."))
        else:
            messages.error(request, _("Die Notiz darf höchstens 2000 Zeichen lang sein."))
    return redirect("seekers:favourites")


# --- applications -----------------------------------------------------------------------------------------
@role_required(Role.STUDENT)
def applications(request):
    student = _student(request)
    services.applications_release_adults(student=student)
    return render(
        request,
        "seekers/applications.html",
        {
            "applications": selectors.application_list_for_student(student=student),
            "has_parent": student.parent_links.exists(),
        },
    )


@role_required(Role.STUDENT)
def apply(request, placement_pk):
    student = _student(request)
    placement = get_object_or_404(Placement.objects.public().select_related("company"), pk=placement_pk)
    existing = student.applications.filter(placement=placement, status__in=ACTIVE_STATUSES).first()
    if existing:
        messages.info(request, _("Du hast dich auf diesen Platz schon beworben. Hier ist der Stand."))
        return redirect("seekers:application_detail", pk=existing.pk)
    form = forms.ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                student=student, placement=placement, message=form.cleaned_data["message"], cv=form.cleaned_data["cv"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if application.status == ApplicationStatus.AWAITING_CONSENT:
                messages.success(
                    request,
                    _(
                        "Deine Bewerbung ist gespeichert. Weil du noch nicht 18 bist, muss "
                        "ein Elternteil zustimmen, bevor das Unternehmen sie sieht."
                    ),
                )
            else:
                messages.success(request, _("Deine Bewerbung ist verschickt."))
            return redirect("seekers:application_detail", pk=application.pk)
    return render(
        request, "seekers/apply.html", {"form": form, "placement": placement}, status=400 if form.errors else 200
    )


def _application_or_404(request, pk):
    application = selectors.application_detail(pk=pk)
    if application is None or not can_view_application(request.user, application):
        raise Http404
    return application


@role_required()
def application_detail(request, pk):
    application = _application_or_404(request, pk)
    return render(request, "seekers/application_detail.html", _application_context(request, application))


def _application_context(request, application, **forms_with_input) -> dict:
    user = request.user
    is_student = application.student.user_id == user.pk
    next_matches = []
    if is_student and application.status in (ApplicationStatus.LAPSED, ApplicationStatus.DECLINED):
        # no answer or a no: the student's best matches with free seats of the same kind, right there (issue 10)
        next_matches = best_free_matches(application.student, kind=application.placement.kind, limit=3)
    return {
        "application": application,
        "next_matches": next_matches,
        "is_student": is_student,
        "is_company": is_company_side(user, application),
        "is_parent": is_linked_parent(user, application.student),
        "is_teacher": user.role == Role.TEACHER and can_view_student(user, application.student),
        "message_form": forms.MessageForm(),
        "invite_form": forms.InviteForm(),
        "decline_form": forms.DeclineForm(),
        "age": services.age_on(application.student.birth_date),
        "ApplicationStatus": ApplicationStatus,
        "ApprovalStatus": ApprovalStatus,
        **forms_with_input,
    }


# Actions with a text the user typed: a refused one shows the page again with the error at the field and the text.
TEXT_FORMS = {"invite": ("invite_form", forms.InviteForm), "decline": ("decline_form", forms.DeclineForm),
              "message": ("message_form", forms.MessageForm)}  # fmt: skip


ACTIONS = {
    "withdraw": lambda a, u, p: services.application_withdraw(application=a, by=u),
    "invite": lambda a, u, p: services.application_invite(application=a, by=u, note=p.get("note", "")),
    "accept": lambda a, u, p: services.application_accept(application=a, by=u),
    "waitlist": lambda a, u, p: services.application_waitlist(application=a, by=u),
    "offer_accept": lambda a, u, p: services.offer_accept(application=a, by=u),
    "offer_decline": lambda a, u, p: services.offer_decline(application=a, by=u),
    "decline": lambda a, u, p: services.application_decline(
        application=a, by=u, reason=p.get("reason", "other"), text=p.get("text", "")
    ),
    "message": lambda a, u, p: services.application_message_post(application=a, author=u, body=p.get("body", "")),
    "consent": lambda a, u, p: services.application_consent(application=a, parent=u, approve=True),
    "refuse": lambda a, u, p: services.application_consent(application=a, parent=u, approve=False),
    "approve": lambda a, u, p: services.application_school_decide(application=a, teacher=u, approve=True),
    "reject": lambda a, u, p: services.application_school_decide(application=a, teacher=u, approve=False),
}


@require_POST
@role_required()
def application_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    application = _application_or_404(request, pk)
    try:
        ACTIONS[action](application, request.user, request.POST)
    except DomainError as exc:
        if exc.code == ErrorCode.PERMISSION_DENIED:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
    except ValidationError as exc:
        if action not in TEXT_FORMS:
            messages.error(request, " ".join(exc.messages))
            return redirect_next(request, "seekers:application_detail", pk=pk)
        name, form_class = TEXT_FORMS[action]
        form = form_class(request.POST)
        form.is_valid()
        add_service_errors(form, exc)
        context = _application_context(request, _application_or_404(request, pk), **{name: form})
        return render(request, "seekers/application_detail.html", context, status=400)
    else:
        messages.success(request, _("Gespeichert."))
    return redirect_next(request, "seekers:application_detail", pk=pk)


@role_required()
def application_cv(request, pk):
    application = _application_or_404(request, pk)
    if not application.cv:
        raise Http404
    return FileResponse(
        application.cv.open("rb"), content_type="application/pdf", as_attachment=True, filename="lebenslauf.pdf"
    )


@role_required(Role.COMPANY)
def company_inbox(request):
    status = request.GET.get("status") or None
    if status not in ApplicationStatus.values:
        status = None
    applications = selectors.application_inbox(user=request.user, status=status)
    return render(
        request,
        "seekers/company_inbox.html",
        {
            "applications": applications,
            # reminded (clearing.services.reminders_send) and still waiting for the company: the badge's count
            "reminded": selectors.application_inbox(user=request.user)
            .filter(status__in=AWAITING_COMPANY, reminders_sent__gt=0)
            .count(),
            "status": status,
            "statuses": [(v, lbl) for v, lbl in ApplicationStatus.choices if v != ApplicationStatus.AWAITING_CONSENT],
        },
    )


# --- teachers ---------------------------------------------------------------------------------------------
@role_required(Role.TEACHER)
def teacher_classes(request):
    form = forms.SchoolClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school_class = services.school_class_create(teacher=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Die Klasse ist angelegt. Gib deinen Schüler*innen den Code %(code)s.")
                % {"code": school_class.join_code},
            )
            return redirect("seekers:teacher_class", pk=school_class.pk)
    return render(
        request,
        "seekers/teacher_classes.html",
        {"classes": selectors.class_list_for_teacher(teacher=request.user), "form": form},
        status=400 if form.errors else 200,
    )


def _own_class(request, pk) -> SchoolClass:
    school_class = get_object_or_404(SchoolClass, pk=pk)
    if not is_class_teacher(request.user, school_class):
        raise Http404
    return school_class


@role_required(Role.TEACHER)
def teacher_class(request, pk):
    school_class = _own_class(request, pk)
    rows = selectors.class_overview(school_class=school_class)
    data = request.POST if request.method == "POST" else None
    params = data if data is not None else request.GET
    q = (params.get("q") or "").strip()
    placements = selectors.placements_to_recommend(school_class=school_class, q=q)
    # a placement chosen on its page ("Der Klasse empfehlen") or before a search stays in the list
    chosen = services.parse_id(params.get("placement"))
    if chosen and chosen not in {p.pk for p in placements}:
        placements[:0] = Placement.objects.public().select_related("company").filter(pk=chosen)
    form = forms.RecommendForm(
        data,
        students=[r["student"] for r in rows],
        placements=placements,
        initial={"placement": chosen, "student": services.parse_id(request.GET.get("student"))},
    )
    if request.method == "POST" and form.is_valid():
        placement = next(p for p in placements if p.pk == form.cleaned_data["placement"])
        student = (
            school_class.students.filter(pk=form.cleaned_data["student"]).first()
            if form.cleaned_data["student"]
            else None
        )
        try:
            services.recommendation_create(
                teacher=request.user,
                placement=placement,
                school_class=school_class,
                student=student,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Empfehlung gespeichert."))
            return redirect("seekers:teacher_class", pk=pk)
    join_url = request.build_absolute_uri(reverse("seekers:class_join") + f"?code={school_class.join_code}")
    return render(
        request,
        "seekers/teacher_class.html",
        {
            "school_class": school_class,
            "rows": rows,
            "form": form,
            "join_url": join_url,
            "state_labels": selectors.STATE_LABELS,
            "q": q,
            "placements": placements,
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.TEACHER)
def class_qr(request, pk):
    school_class = _own_class(request, pk)
    url = request.build_absolute_uri(reverse("seekers:class_join") + f"?code={school_class.join_code}")
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=6,
        border=2,
        title=_("QR-Code zum Beitreten der Klasse %(name)s") % {"name": school_class.name},
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


CLASS_COLUMNS = [
    "Vorname",
    "Nachname",
    "Merkliste",
    "Bewerbungen",
    "Stand",
    "Platz",
    "Unternehmen",
    _("Genehmigung der Schule"),
    _("Offene Genehmigungen"),  # as on the page: applications waiting for the teacher's approval
]


def _class_rows(school_class) -> list[list[str]]:
    rows = []
    for row in selectors.class_overview(school_class=school_class):
        accepted = next((a for a in row["applications"] if a.status == ApplicationStatus.ACCEPTED), None)
        rows.append(
            [
                row["student"].user.first_name,
                row["student"].user.last_name,
                str(row["shortlist"]),
                str(row["application_count"]),
                selectors.STATE_LABELS[row["state"]],
                accepted.placement.title if accepted else "",
                accepted.placement.company.name if accepted else "",
                str(accepted.get_school_approval_display()) if accepted else "",
                "; ".join(f"{a.placement.title} ({a.placement.company.name})" for a in row["pending_approvals"]),
            ]
        )
    return rows


@role_required(Role.TEACHER)
def class_export(request, pk):
    school_class = _own_class(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="klasse-{school_class.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CLASS_COLUMNS)
    for row in _class_rows(school_class):
        writer.writerow([_csv_safe(cell) for cell in row])
    return response


@role_required(Role.TEACHER)
def class_export_pdf(request, pk):
    school_class = _own_class(request, pk)
    pdf = text_pdf(
        title=f"Klasse {school_class.name} ({school_class.school_year})",
        rows=[CLASS_COLUMNS, *_class_rows(school_class)],
        widths=[70, 80, 55, 70, 70, 120, 100, 80, 117],  # 762 points: A4 landscape without the margins
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="klasse-{school_class.pk}.pdf"'
    return response


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# --- parents ----------------------------------------------------------------------------------------------
@role_required(Role.STUDENT)
def parent_code(request):
    student = _student(request)
    code = None
    if request.method == "POST":
        code = services.parent_link_code_issue(student=student)
    return render(
        request,
        "seekers/parent_code.html",
        {"code": code, "student": student, "parents": student.parent_links.select_related("parent")},
    )


@require_POST
@role_required(Role.STUDENT)
def parent_link_remove(request, pk):
    student = _student(request)
    link = get_object_or_404(student.parent_links.select_related("parent"), pk=pk)
    services.parent_link_remove(student=student, link=link)
    messages.success(
        request,
        _("%(name)s ist nicht mehr mit deinem Konto verknüpft und sieht deine Daten nicht mehr.")
        % {"name": link.parent.display_name},
    )
    return redirect("seekers:parent_code")


@role_required(Role.PARENT)
def parent_home(request):
    form = forms.LinkCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_link_create(parent=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ihr Konto ist jetzt mit Ihrem Kind verknüpft."))
            return redirect("seekers:parent_home")
    return render(
        request,
        "seekers/parent_home.html",
        {"students": selectors.students_for_parent(parent=request.user), "form": form},
        status=400 if form.errors else 200,
    )


@role_required(Role.PARENT, Role.TEACHER)
def student_overview(request, pk):
    """Read-only view of a student for linked parents and class teachers."""
    student = get_object_or_404(StudentProfile.objects.select_related("user"), pk=pk)
    if not can_view_student(request.user, student):
        raise Http404
    return render(
        request,
        "seekers/student_overview.html",
        {
            "student": student,
            "favourites": selectors.favourite_list(student=student),
            "applications": selectors.application_list_for_student(student=student),
            "is_parent": request.user.role == Role.PARENT,
            "matches_url": reverse("matching:student_matches", args=[student.pk]),
            "is_minor": services.age_on(student.birth_date) < services.ADULT_AGE,
        },
    )


def _minor_of_parent(request, pk) -> StudentProfile:
    """A linked parent acts for a minor (DSGVO art. 15/17); adults decide for themselves."""
    student = get_object_or_404(StudentProfile.objects.select_related("user"), pk=pk)
    if not is_linked_parent(request.user, student):
        raise Http404
    if services.age_on(student.birth_date) >= services.ADULT_AGE:
        raise PermissionDenied
    return student


@role_required(Role.PARENT)
def parent_student_export(request, pk):
    student = _minor_of_parent(request, pk)
    response = HttpResponse(
        json.dumps(services.student_export(student=student, for_parent=True), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="daten-meines-kindes.json"'
    return response


@role_required(Role.PARENT)
def parent_student_delete(request, pk):
    student = _minor_of_parent(request, pk)
    form = forms.DeleteAccountForm(request.POST or None)
    form.fields["password"].label = _("Ihr Passwort zur Bestätigung")
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("Das Passwort stimmt nicht. Bitte versuchen Sie es noch einmal."))
        else:
            services.student_delete(student=student)
            messages.success(request, _("Das Konto Ihres Kindes und alle seine Daten sind gelöscht."))
            return redirect("seekers:parent_home")
    return render(
        request,
        "seekers/parent_student_delete.html",
        {"form": form, "student": student},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(Role.PARENT)
def favourite_feedback(request, pk):
    favourite = get_object_or_404(Favourite, pk=pk)
    if not is_linked_parent(request.user, favourite.student):
        raise Http404
    form = forms.ParentFeedbackForm(request.POST)
    if form.is_valid():
        services.favourite_parent_feedback(
            favourite=favourite,
            parent=request.user,
            liked=form.cleaned_data["liked"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Ihre Rückmeldung ist gespeichert."))
    else:
        messages.error(request, _("Der Kommentar darf höchstens 2000 Zeichen lang sein."))
    return redirect("seekers:student_overview", pk=favourite.student_id)


# --- DSGVO ------------------------------------------------------------------------------------------------
@role_required(Role.STUDENT)
def my_data(request):
    student = _student(request)
    form = forms.DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("Das Passwort stimmt nicht. Bitte versuche es noch einmal."))
        else:
            services.student_delete(student=student)
            auth_logout(request)
            messages.success(request, _("Dein Konto und alle deine Daten sind gelöscht."))
            return redirect("/")
    return render(request, "seekers/my_data.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.STUDENT)
def my_data_export(request):
    student = _student(request)
    response = HttpResponse(
        json.dumps(services.student_export(student=student), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="meine-daten.json"'
    return response
