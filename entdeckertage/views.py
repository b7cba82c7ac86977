"""Pages of the Entdeckertage: thin views over the same services and selectors as the JSON API (apis/).

Bad input re-renders the page with status 400 and the service's German message; objects a user may not see
answer 404, pages of another role 403 (role_required)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.models import Role
from backend.api.exceptions import DomainError
from backend.forms import add_service_errors
from companies.models import Company
from companies.permissions import is_member
from seekers.models import SchoolClass, StudentProfile
from seekers.services import parse_id
from seekers.views import role_required

from . import selectors, services
from .certificates import certificate_pdf, class_programme_pdf
from .forms import CancelForm, ClassBlockForm, MoveForm, OfferForm, PhasesForm, ReasonForm, SeasonForm
from .models import AllocationRun, Assignment, Attendance, ManualMove, Offer, Phase, RunStatus, Season
from .permissions import can_teach_class, can_view_pupil_days


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return getattr(exc, "message", None) or str(exc)


def _season_or_none():
    return selectors.current_season()


def _form_error(form, exc) -> None:
    """A service's error onto the form: ValidationError per field, DomainError on its field (or the form)."""
    if isinstance(exc, ValidationError):
        add_service_errors(form, exc)
    else:
        form.add_error(exc.field if getattr(exc, "field", None) in form.fields else None, _error_text(exc))


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- pupils -------------------------------------------------------------------------------------------------------
def _pupil_context(season, student) -> dict:
    ctx = {"season": season, "student": student}
    if season is None:
        return ctx
    phase = season.phase_on(selectors.today())
    wishes = list(selectors.wishes_of(season, student))
    wished = {w.offer_id for w in wishes}
    part = selectors.participation_of(season, student)
    block = selectors.student_block(season, student)
    ranked = selectors.ranked_offers(season, student, limit=60) if block else []
    ctx.update(
        phase=phase,
        phase_name=dict(Phase.choices)[phase],
        pupil_block=block,
        dates=selectors.block_dates(block) if block else [],
        wishes=wishes,
        widen=bool(part and part.widen),
        advice=selectors.wish_advice(season, student),
        days=list(selectors.assignments_of(season, student)),
        candidates=[
            {"offer": o, "distance_km": sc.distance_km, "reasons": reasons, "wished": o.id in wished}
            for o, sc, reasons in ranked
        ],
        can_wish=phase == Phase.WISH,
        can_book=phase == Phase.BOOKING,
        published=season.published_run_id is not None,
        certificates=phase == Phase.CERTIFICATES,
    )
    return ctx


def _new_wish_order(ids: list[int], action: str, offer_id: int | None) -> list[int]:
    ids = list(ids)
    if action == "add" and offer_id is not None:
        ids.append(offer_id)
    elif action == "remove" and offer_id in ids:
        ids.remove(offer_id)
    elif action in ("up", "down") and offer_id in ids:
        i = ids.index(offer_id)
        j = i - 1 if action == "up" else i + 1
        if 0 <= j < len(ids):
            ids[i], ids[j] = ids[j], ids[i]
    return ids


@role_required(Role.STUDENT)
def my_days(request):
    student = get_object_or_404(StudentProfile.objects.select_related("user"), user=request.user)
    season = _season_or_none()
    error = None
    if request.method == "POST":
        if season is None:
            raise Http404
        action = request.POST.get("action", "")
        offer_id = parse_id(request.POST.get("offer", ""))
        try:
            if action == "book":
                offer = season.offers.filter(pk=offer_id).first() if offer_id else None
                if offer is None:
                    raise ValidationError(
                        _("Dieses Angebot gibt es in dieser Saison nicht. Bitte wähle aus der Liste.")
                    )
                services.booking_create(actor=request.user, student=student, offer=offer)
                messages.success(request, _("Gebucht: %(t)s am %(d)s.") % {"t": offer.title, "d": offer.date})
            elif action == "unbook":
                a = get_object_or_404(Assignment, pk=offer_id or 0, student=student, season=season)
                services.booking_cancel(actor=request.user, assignment=a)
                messages.success(request, _("Der Tag ist zurückgegeben."))
            elif action in ("add", "remove", "up", "down", "widen"):
                if action != "widen" and offer_id is None:
                    raise ValidationError(_("Bitte wähle ein Angebot aus der Liste."))
                current = [w.offer_id for w in selectors.wishes_of(season, student)]
                widen = request.POST.get("widen") == "on" if action == "widen" else None
                services.wishes_set(
                    actor=request.user,
                    student=student,
                    season=season,
                    offer_ids=_new_wish_order(current, action, offer_id),
                    widen=widen,
                )
                messages.success(request, _("Deine Wunschliste ist gespeichert."))
            else:
                raise ValidationError(_("Diese Aktion gibt es nicht. Bitte nutze die Knöpfe auf der Seite."))
        except (DomainError, ValidationError) as exc:
            error = _error_text(exc)
        else:
            return redirect("entdeckertage:my_days")
    ctx = _pupil_context(season, student)
    ctx["error"] = error
    return render(request, "entdeckertage/my_days.html", ctx, status=400 if error else 200)


@role_required(Role.STUDENT, Role.PARENT, Role.TEACHER)
def certificate(request, season_id, student_id):
    season = get_object_or_404(Season, pk=season_id)
    student = get_object_or_404(StudentProfile.objects.select_related("user", "school"), pk=student_id)
    if not can_view_pupil_days(request.user, student):
        raise Http404
    return _pdf(certificate_pdf(season, student), f"entdeckertage-bescheinigung-{season.pk}.pdf")


# --- parents ------------------------------------------------------------------------------------------------------
@role_required(Role.PARENT)
def parent_days(request):
    season = _season_or_none()
    children = []
    for student in StudentProfile.objects.filter(parent_links__parent=request.user).select_related("user"):
        block = selectors.student_block(season, student) if season else None
        days = list(selectors.assignments_of(season, student)) if season else []
        # the certificate exists once a company confirmed a day (it lists the confirmed days)
        certificate = any(a.attendance == Attendance.CAME for a in days)
        children.append({"student": student, "block": block, "days": days, "certificate": certificate})
    return render(request, "entdeckertage/parent_days.html", {"season": season, "children": children})


# --- companies ----------------------------------------------------------------------------------------------------
def _my_companies(user):
    return Company.objects.filter(memberships__user=user).order_by("name")


@role_required(Role.COMPANY)
def company_offers(request):
    season = _season_or_none()
    rows = []
    for company in _my_companies(request.user):
        offers = list(selectors.offers_of_company(company, season)) if season else []
        rows.append(
            {
                "company": company,
                "offers": [{"offer": o, "pupils": list(selectors.assignments_of_offer(o))} for o in offers],
            }
        )
    for row in rows:
        row["earlier"] = list(selectors.earlier_offers_of_company(row["company"], season)) if season else []
    return render(
        request,
        "entdeckertage/company_offers.html",
        {"season": season, "companies": rows, "attendance": Attendance, "today": selectors.today()},
    )


def _member_company(request, slug) -> Company:
    company = get_object_or_404(Company, slug=slug)
    if not is_member(request.user, company):
        raise Http404  # another company's pages do not exist for you
    return company


def _my_offer(request, pk) -> Offer:
    offer = get_object_or_404(Offer.objects.select_related("company", "season", "site", "berufsfeld"), pk=pk)
    if not is_member(request.user, offer.company):
        raise Http404
    return offer


def _offer_form_page(request, *, form, season, company, offer=None, template_offer=None, status=200):
    return render(
        request,
        "entdeckertage/offer_form.html",
        {"form": form, "season": season, "company": company, "offer": offer, "template_offer": template_offer},
        status=status,
    )


@role_required(Role.COMPANY)
def offer_new(request, slug):
    """A new day; with ?vorlage=ID (an earlier offer of the company) the form starts with its values."""
    company = _member_company(request, slug)
    season = _season_or_none()
    if season is None:
        messages.info(request, _("Zurzeit gibt es keine Entdeckertage, für die du Tage anbieten kannst."))
        return redirect("entdeckertage:company_offers")
    if not company.is_verified:  # said before the form is filled in, not after (the service refuses it too)
        messages.info(
            request, _("Die Stadt muss dein Unternehmen erst prüfen. Danach kannst du Entdeckertage anbieten.")
        )
        return redirect("entdeckertage:company_offers")
    if not company.sites.exists():
        messages.info(request, _("Lege zuerst einen Standort an; dort findet der Tag statt."))
        return redirect("companies:site_create", slug=company.slug)
    template_id = parse_id(request.POST.get("vorlage", "") or request.GET.get("vorlage", ""))
    template_offer = (
        Offer.objects.filter(pk=template_id, company=company).select_related("season").first() if template_id else None
    )
    initial = {"site": company.sites.order_by("name", "id").first()}
    if template_offer is not None:
        initial = {f: getattr(template_offer, f) for f in services.OFFER_FIELDS if f != "date"}
    form = OfferForm(request.POST or None, initial=initial, season=season, company=company)
    if request.method == "POST":
        if form.is_valid():
            try:
                offer = services.offer_create(
                    actor=request.user, season=season, company=company, copied_from=template_offer, **form.values()
                )
            except (DomainError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Gespeichert: %(t)s am %(d)s.")
                    % {"t": offer.title, "d": formats.date_format(offer.date, "d.m.Y")},
                )
                return redirect("entdeckertage:company_offers")
        return _offer_form_page(
            request, form=form, season=season, company=company, template_offer=template_offer, status=400
        )
    return _offer_form_page(request, form=form, season=season, company=company, template_offer=template_offer)


@role_required(Role.COMPANY)
def offer_edit(request, pk):
    offer = _my_offer(request, pk)
    initial = {f: getattr(offer, f) for f in services.OFFER_FIELDS}
    initial["date"] = offer.date.isoformat()
    form = OfferForm(request.POST or None, initial=initial, season=offer.season, company=offer.company)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.offer_update(actor=request.user, offer=offer, **form.values())
            except (DomainError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
                return redirect("entdeckertage:company_offers")
        return _offer_form_page(request, form=form, season=offer.season, company=offer.company, offer=offer, status=400)
    return _offer_form_page(request, form=form, season=offer.season, company=offer.company, offer=offer)


@role_required(Role.COMPANY)
def offer_cancel(request, pk):
    """Confirm page with the reason; the service tells the pupils and books them the best free alternative."""
    offer = _my_offer(request, pk)
    pupils = list(selectors.assignments_of_offer(offer))
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                alts = services.offer_cancel(actor=request.user, offer=offer, reason=form.cleaned_data["reason"])
            except (DomainError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                if pupils:
                    messages.success(
                        request,
                        _(
                            "Der Tag ist abgesagt. Alle %(n)s Schüler*innen sind benachrichtigt; %(a)s von ihnen "
                            "haben einen freien Ersatztag bekommen."
                        )
                        % {"n": len(pupils), "a": len(alts)},
                    )
                else:
                    messages.success(request, _("Der Tag ist abgesagt."))
                return redirect("entdeckertage:company_offers")
    return render(
        request, "entdeckertage/offer_cancel.html", {"offer": offer, "pupils": pupils, "form": form}, status=status
    )


@role_required(Role.COMPANY)
@require_POST
def attendance(request, pk):
    a = get_object_or_404(Assignment.objects.select_related("offer__company", "student__user"), pk=pk)
    if not is_member(request.user, a.offer.company):
        raise Http404
    came = request.POST.get("came")
    try:
        if came not in ("1", "0"):
            raise ValidationError(_("Bitte wähle „war da“ oder „war nicht da“."))
        services.attendance_confirm(
            actor=request.user, assignment=a, came=came == "1", feedback=request.POST.get("feedback", "")[:2000]
        )
    except (DomainError, ValidationError) as exc:
        season = a.season
        rows = [
            {
                "company": a.offer.company,
                "offers": [
                    {"offer": o, "pupils": list(selectors.assignments_of_offer(o))}
                    for o in selectors.offers_of_company(a.offer.company, season)
                ],
            }
        ]
        return render(
            request,
            "entdeckertage/company_offers.html",
            {
                "season": season,
                "companies": rows,
                "error": _error_text(exc),
                "error_for": a.pk,
                "kept_feedback": request.POST.get("feedback", ""),
            },
            status=400,
        )
    messages.success(request, _("Anwesenheit gespeichert."))
    return redirect("entdeckertage:company_offers")


# --- teachers -----------------------------------------------------------------------------------------------------
def _teacher_page(request, season, *, bound_class=None, block_form=None, reason_form=None, status=200):
    """The teacher's classes; a form that failed (bound, with errors) replaces that class's empty one."""
    classes = []
    can_set_block = bool(season) and season.phase_on(selectors.today()) in (Phase.PREPARATION, Phase.OFFER, Phase.WISH)
    if season:
        for c in selectors.season_classes(season).filter(teachers=request.user).order_by("name"):
            if not can_teach_class(request.user, c):
                continue
            block = selectors.class_block(season, c)
            rows = selectors.class_overview(season, c)
            reasons = selectors.no_participation_reasons(season, [r["student"] for r in rows])
            for r in rows:
                r["reason"] = reasons.get(r["student"].pk, "")
            mine = bound_class is not None and bound_class.pk == c.pk
            classes.append(
                {
                    "school_class": c,
                    "block": block,
                    "rows": rows,
                    "block_form": block_form
                    if mine and block_form
                    else ClassBlockForm(
                        season=season, initial={"block": block.pk if block else None}, prefix=f"c{c.pk}"
                    ),
                    "reason_form": reason_form
                    if mine and reason_form
                    else ReasonForm(pupils=[r["student"] for r in rows], prefix=f"r{c.pk}"),
                }
            )
    return render(
        request,
        "entdeckertage/teacher_classes.html",
        {"season": season, "classes": classes, "can_set_block": can_set_block},
        status=status,
    )


@role_required(Role.TEACHER)
def teacher_classes(request):
    return _teacher_page(request, _season_or_none())


@role_required(Role.TEACHER)
@require_POST
def teacher_class_block(request, season_id, class_id):
    season = get_object_or_404(Season, pk=season_id)
    c = _teacher_class(request, class_id)
    form = ClassBlockForm(request.POST, season=season, prefix=f"c{c.pk}")
    if form.is_valid():
        block = season.blocks.filter(pk=form.cleaned_data["block"]).first()
        try:
            services.class_block_set(actor=request.user, season=season, school_class=c, block=block)
        except (DomainError, ValidationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Klasse %(c)s: %(b)s.") % {"c": c.name, "b": block.name})
            return redirect("entdeckertage:teacher_classes")
    return _teacher_page(request, season, bound_class=c, block_form=form, status=400)


@role_required(Role.TEACHER)
@require_POST
def teacher_reason(request, season_id, class_id):
    """Why a pupil does not take part (the SVWS export's SBO 5.1.8 reason); empty deletes it."""
    season = get_object_or_404(Season, pk=season_id)
    c = _teacher_class(request, class_id)
    pupils = list(StudentProfile.objects.filter(class_memberships__school_class=c).select_related("user"))
    form = ReasonForm(request.POST, pupils=pupils, prefix=f"r{c.pk}")
    if form.is_valid():
        student = next(p for p in pupils if p.pk == form.cleaned_data["student"])
        try:
            services.participation_set(
                actor=request.user,
                season=season,
                student=student,
                no_participation_reason=form.cleaned_data["reason"],
            )
        except (DomainError, ValidationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("Gespeichert: %(n)s.") % {"n": f"{student.user.first_name} {student.user.last_name}".strip()},
            )
            return redirect("entdeckertage:teacher_classes")
    return _teacher_page(request, season, bound_class=c, reason_form=form, status=400)


def _teacher_class(request, class_id) -> SchoolClass:
    c = get_object_or_404(SchoolClass, pk=class_id)
    if not can_teach_class(request.user, c):
        raise Http404
    return c


@role_required(Role.TEACHER)
@require_POST
def teacher_class_action(request, season_id, class_id, action):
    season = get_object_or_404(Season, pk=season_id)
    c = _teacher_class(request, class_id)
    try:
        if action == "erinnern":
            n = services.class_remind_without_wishes(actor=request.user, season=season, school_class=c)
            messages.success(request, _("%(n)s Schüler*innen ohne Wünsche wurden erinnert.") % {"n": n})
        elif action == "bestaetigen":
            services.class_bookings_confirm(actor=request.user, season=season, school_class=c)
            messages.success(request, _("Die Buchungen der Klasse %(c)s sind bestätigt.") % {"c": c.name})
        else:
            raise Http404
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    return redirect("entdeckertage:teacher_classes")


@role_required(Role.TEACHER)
def class_programme(request, season_id, class_id):
    season = get_object_or_404(Season, pk=season_id)
    c = _teacher_class(request, class_id)
    return _pdf(class_programme_pdf(season, c), f"entdeckertage-{c.name}.pdf")


# --- city staff ---------------------------------------------------------------------------------------------------
@role_required(Role.STAFF)
def staff_season(request, season_id=None):
    season = get_object_or_404(Season, pk=season_id) if season_id else _season_or_none()
    ctx = {"season": season, "seasons": list(Season.objects.order_by("-offers_from", "-id"))}
    if season:
        ctx.update(
            coverage=selectors.coverage(season),
            runs=list(season.runs.order_by("-id")[:10]),
            phase_name=dict(Phase.choices)[season.phase_on(selectors.today())],
            blocks=[(b, selectors.block_dates(b)) for b in season.blocks.order_by("position", "id")],
            phases=[(season._meta.get_field(f).verbose_name, getattr(season, f)) for f in services.PHASE_FIELDS],
            moves=list(season.moves.select_related("student__user", "from_offer", "to_offer", "actor")[:20]),
        )
    return render(request, "entdeckertage/staff_season.html", ctx)


@role_required(Role.STAFF)
def staff_season_new(request):
    form = SeasonForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                season = services.season_create(actor=request.user, **form.values())
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, ValidationError) and "blocks" in getattr(exc, "message_dict", {}):
                    form.add_error("block_1_from", exc.message_dict["blocks"])
                else:
                    _form_error(form, exc)
            else:
                messages.success(request, _("Die Saison %(s)s ist angelegt.") % {"s": season.name})
                return redirect("entdeckertage:staff_season_detail", season_id=season.pk)
        return render(request, "entdeckertage/staff_season_form.html", {"form": form}, status=400)
    return render(request, "entdeckertage/staff_season_form.html", {"form": form})


@role_required(Role.STAFF)
def staff_phases(request, season_id):
    season = get_object_or_404(Season, pk=season_id)
    form = PhasesForm(request.POST or None, initial={f: getattr(season, f) for f in services.PHASE_FIELDS})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.season_update_phases(actor=request.user, season=season, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Die Phasen sind gespeichert."))
                return redirect("entdeckertage:staff_season_detail", season_id=season.pk)
        season.refresh_from_db()
        ctx = {"form": form, "season": season, "blocks": season.blocks.order_by("position", "id")}
        return render(request, "entdeckertage/staff_phases.html", ctx, status=400)
    ctx = {"form": form, "season": season, "blocks": season.blocks.order_by("position", "id")}
    return render(request, "entdeckertage/staff_phases.html", ctx)


@role_required(Role.STAFF)
def staff_pupils(request, season_id):
    """Find a pupil of the season (name) to move them by hand."""
    season = get_object_or_404(Season, pk=season_id)
    q = request.GET.get("q", "").strip()[:80]
    pupils = selectors.season_pupils(season, q)[:50] if q else []
    return render(request, "entdeckertage/staff_pupils.html", {"season": season, "q": q, "pupils": pupils})


@role_required(Role.STAFF)
def staff_pupil(request, season_id, student_id):
    """A pupil's days; remove one, add one, or both (a move), with a logged reason."""
    season = get_object_or_404(Season, pk=season_id)
    student = get_object_or_404(selectors.season_pupils(season), pk=student_id)
    days = list(selectors.assignments_of(season, student))
    block = selectors.student_block(season, student)
    on = {a.offer_id for a in days}
    offers = [o for o in selectors.offers_for_block(block) if o.taken < o.seats and o.id not in on] if block else []
    form = MoveForm(request.POST or None, days=days, offers=offers)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            fa = next((a for a in days if a.pk == d["from_assignment"]), None)
            to = next((o for o in offers if o.pk == d["to_offer"]), None)
            try:
                services.assignment_move(
                    actor=request.user,
                    season=season,
                    student=student,
                    reason=d["reason"],
                    from_assignment=fa,
                    to_offer=to,
                )
            except (DomainError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Gespeichert und protokolliert."))
                return redirect("entdeckertage:staff_pupil", season_id=season.pk, student_id=student.pk)
    ctx = {
        "season": season,
        "student": student,
        "school_class": selectors.student_class(season, student),
        "block": block,
        "days": days,
        "form": form,
        "moves": ManualMove.objects.filter(season=season, student=student).select_related(
            "from_offer", "to_offer", "actor"
        ),
    }
    return render(request, "entdeckertage/staff_pupil.html", ctx, status=status)


@role_required(Role.STAFF)
@require_POST
def staff_run_start(request, season_id):
    season = get_object_or_404(Season, pk=season_id)
    try:
        run = services.allocation_run_start(actor=request.user, season=season, seed=None, time_limit_s=60)
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
        return redirect("entdeckertage:staff_season_detail", season_id=season.pk)
    return redirect("entdeckertage:staff_run", pk=run.pk)


RUN_FIGURES = (
    ("pupils", gettext_lazy("Schüler*innen")),
    ("three_days", gettext_lazy("mit 3 Tagen")),
    ("two", gettext_lazy("mit 2 Tagen")),
    ("one", gettext_lazy("mit 1 Tag")),
    ("none", gettext_lazy("ohne Tag")),
    ("days", gettext_lazy("Tage zugeteilt")),
    ("bound", gettext_lazy("obere Schranke (Tage)")),
    ("share_of_bound", gettext_lazy("Anteil an der Schranke (%)")),
    ("first_wish", gettext_lazy("Erstwünsche erfüllt (%)")),
    ("seats_filled", gettext_lazy("Plätze belegt (%)")),
    ("seconds", gettext_lazy("Rechenzeit (s)")),
)


def _run_figures(figures: dict) -> list[tuple[str, object]]:
    """The run's figures: the ones the city reads first with German names, then the solver's technical ones."""
    known = dict(RUN_FIGURES)
    return [(label, figures[k]) for k, label in RUN_FIGURES if k in figures] + [
        (k, v) for k, v in sorted(figures.items()) if k not in known
    ]


@role_required(Role.STAFF)
def staff_run(request, pk):
    """A run's progress and figures. While it runs, a small script (run_progress.js) asks the API for the progress
    and reloads the page when the run is done; without JavaScript the "Aktualisieren" link does the same."""
    run = get_object_or_404(AllocationRun.objects.select_related("season"), pk=pk)
    return render(
        request,
        "entdeckertage/staff_run.html",
        {
            "run": run,
            "season": run.season,
            "running": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
            "figures": _run_figures(run.figures or {}),
        },
    )


@role_required(Role.STAFF)
@require_POST
def staff_run_publish(request, pk):
    run = get_object_or_404(AllocationRun, pk=pk)
    try:
        n = services.allocation_publish(actor=request.user, run=run)
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
        return redirect("entdeckertage:staff_run", pk=run.pk)
    messages.success(request, _("Veröffentlicht: %(n)s Tage.") % {"n": n})
    return redirect("entdeckertage:staff_season_detail", season_id=run.season_id)
