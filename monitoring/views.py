"""Pages: the city staff's dashboard (with gaps and exports) and the public statistics page (open data)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from companies.permissions import require_city_staff

from . import exports, selectors, services
from .forms import FilterForm

EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.to_xlsx),
}


def _figures(request, *, public: bool):
    """(form, published figures) or (form with errors, None). Every filter is optional: no query means the
    current school year, all kinds, all Berufsfelder."""
    form = FilterForm(request.GET)
    if not form.is_valid():
        return form, None
    filters = form.filters()
    return form, selectors.dashboard(filters, public=public, figures=services.figures(filters))


def _page(request, template: str, *, public: bool):
    form, data = _figures(request, public=public)
    status = 200 if data is not None else 400
    return render(request, template, {"form": form, "data": data, "query": request.GET.urlencode()}, status=status)


def _export(request, fmt: str, *, public: bool):
    form, data = _figures(request, public=public)
    if data is None:
        return render(request, "monitoring/bad_filter.html", {"form": form}, status=400)
    content_type, render_export = EXPORT_TYPES[fmt]
    response = HttpResponse(render_export(data), content_type=content_type)
    name = f"dortmund-at-work-{'statistik' if public else 'monitoring'}-{data['school_year'].replace('/', '-')}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def dashboard(request):
    require_city_staff(request.user)
    return _page(request, "monitoring/dashboard.html", public=False)


@login_required
def dashboard_export(request, fmt):
    require_city_staff(request.user)
    return _export(request, fmt, public=False)


def public_stats(request):
    return _page(request, "monitoring/public.html", public=True)


def public_stats_export(request):
    return _export(request, "csv", public=True)
