"""Pages: public search, a student's matches, a student's matches for a teacher or parent."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from matching import selectors
from matching.filters import PAGE_SIZE, SearchFilter, build_query
from matching.search.backends.base import SearchUnavailable
from seekers.access import can_view_student
from seekers.models import StudentProfile

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def _results_context(request, filterset, *, student=None):
    """Run the search when the filters are valid; otherwise the form shows the errors inline."""
    catalogues = selectors.catalogues()
    ctx = _search_context(request, filterset, catalogues, student=student)
    ctx["choices"] = _filter_choices(filterset.form, ctx["facet_counts"], catalogues)
    return ctx


def _search_context(request, filterset, catalogues, *, student=None):
    facts = selectors.student_facts(student) if student else None
    ctx = {
        "facet_counts": {},
        "filter": filterset,
        "form": filterset.form,
        "matches": [],
        "result": None,
        "facets": {},
        "tile_url": getattr(settings, "MAP_TILE_URL", OSM_TILES),
        "student": student,
    }
    try:
        query = build_query(filterset, student=facts)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field in filterset.form.fields:
                for m in messages:
                    if m not in filterset.form.errors.get(field, []):
                        filterset.form.add_error(field, m)
        _mark_errors(filterset.form)
        return ctx
    try:
        result, matches = selectors.search(query, catalogues=catalogues)
    except SearchUnavailable as exc:
        ctx["unavailable"] = exc.message
        return ctx
    page = query.offset // PAGE_SIZE + 1
    last = max(1, -(-result.total // PAGE_SIZE))
    params = request.GET.copy()
    params.pop("page", None)
    ctx.update(
        result=result,
        matches=matches,
        facets=(facets := selectors.facet_options(result.facets, catalogues)),
        facet_counts={k: {o["value"]: o["count"] for o in v} for k, v in facets.items()},
        page=page,
        last_page=last,
        base_params=params.urlencode(),
        query=query,
        map_points=[
            {
                "title": m.placement.title,
                "company": m.placement.company.name,
                "lat": m.placement.site.latitude,
                "lon": m.placement.site.longitude,
                "url": m.url,
            }
            for m in matches
        ],
    )
    return ctx


def _filter_choices(form, facet_counts: dict, catalogues: selectors.Catalogues) -> dict[str, list[dict]]:
    """The filter form's checkboxes and district options with their facet counts, as _filters.html shows them:
    built once here from the catalogues the page read anyway, instead of through the bound fields in the
    template (an attribute chain per checkbox and option, and a query per catalogue, two for the districts
    because Django counts the options first). Values and labels as the fields give them: the slug (their
    to_field_name) and str() of the row, in the fields' order (the models' default ordering)."""
    choices = {
        "kind": form.fields["kind"].choices,
        "berufsfeld": [(b.slug, str(b)) for b in catalogues.berufsfelder],
        "district": [("", form.fields["district"].empty_label), *((d.slug, str(d)) for d in catalogues.districts)],
    }
    out: dict[str, list[dict]] = {}
    for name, facet in (("kind", "kind"), ("berufsfeld", "berufsfelder")):
        bound = form[name]
        chosen = {"" if v is None else str(v) for v in (bound.value() or [])}
        counts = facet_counts.get(facet, {})
        out[name] = [
            {
                "name": bound.html_name,
                "value": str(value),
                "label": label,
                "id": f"{bound.auto_id}_{i}",
                "selected": str(value) in chosen,
                "count": counts.get(str(value)),
            }
            for i, (value, label) in enumerate(choices[name])
        ]
    current = form["district"].value()
    counts = facet_counts.get("district", {})
    out["district"] = [
        {"value": str(value), "label": label, "selected": current == str(value), "count": counts.get(str(value))}
        for value, label in choices["district"]
    ]
    return out


def _mark_errors(form):
    """Link each error message to its input (aria-describedby), as the house style asks."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            ids = [i for i in (attrs.get("aria-describedby", ""), f"{form[name].auto_id}-error") if i]
            attrs["aria-describedby"] = " ".join(ids)


def search(request):
    filterset = SearchFilter(request.GET)
    return render(request, "matching/search.html", _results_context(request, filterset))


@login_required
def my_matches(request):
    student = StudentProfile.objects.select_related("postal_code", "user").filter(user=request.user).first()
    if student is None:
        return render(request, "matching/no_profile.html", status=200)
    filterset = SearchFilter(request.GET, student_mode=True)
    ctx = _results_context(request, filterset, student=student)
    ctx["own"] = True
    return render(request, "matching/matches.html", ctx)


@login_required
def student_matches(request, student_id: int):
    student = get_object_or_404(StudentProfile.objects.select_related("postal_code", "user"), pk=student_id)
    if not can_view_student(request.user, student):
        raise Http404  # do not reveal that the student exists
    filterset = SearchFilter(request.GET, student_mode=True)
    ctx = _results_context(request, filterset, student=student)
    ctx["own"] = student.user_id == request.user.pk
    return render(request, "matching/matches.html", ctx)
