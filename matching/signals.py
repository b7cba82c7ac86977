"""Record index changes from model signals, so that no write path can forget the index: services, the
admin, management commands, a shell, cascading deletes (a company's placements), `queryset.delete()`
(Django sends post_delete per row when a receiver is connected). Written in the writing transaction
(matching.indexing). `queryset.update()` and `bulk_create` send no signals: such code calls
`indexing.placements_changed` itself, or, in the apps below matching (companies, seekers), sends
`companies.signals.placements_written` through `companies.signals.placements_changed`, heard here.

Company and Site changes are recorded only when a field the search document reads changed (compared
with the values loaded), so that e.g. a new logo does not re-index every placement of the company.
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from companies import signals as company_signals
from companies.models import Company, Placement, Site
from matching import indexing
from seekers.models import Application

COMPANY_FIELDS = ("name", "is_verified", "is_hidden")
SITE_FIELDS = ("latitude", "longitude", "district_id")


def _snapshot(instance, fields):
    return tuple(instance.__dict__.get(f) for f in fields)


def _remember_company(sender, instance, **kwargs):
    instance._index_snapshot = _snapshot(instance, COMPANY_FIELDS)


def _remember_site(sender, instance, **kwargs):
    instance._index_snapshot = _snapshot(instance, SITE_FIELDS)


def _placement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.placement_changed(instance.pk)


def _placement_deleted(sender, instance, **kwargs):
    indexing.placement_changed(instance.pk)


def _placement_berufsfelder_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        indexing.placement_changed(instance.pk)
    elif action == "pre_clear":  # a Berufsfeld losing all its placements: read them before they go
        indexing.placements_changed(instance.placements.values_list("pk", flat=True))
    elif pk_set:
        indexing.placements_changed(pk_set)


def _owner_changed(fields):
    def receiver(sender, instance, created=False, raw=False, **kwargs):
        now = _snapshot(instance, fields)
        before = getattr(instance, "_index_snapshot", None)
        instance._index_snapshot = now
        if raw or created or before == now or instance.pk is None:
            return
        indexing.placements_changed(instance.placements.values_list("pk", flat=True))

    return receiver


_company_saved = _owner_changed(COMPANY_FIELDS)
_site_saved = _owner_changed(SITE_FIELDS)


def _application_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.placement_id:
        indexing.placement_changed(instance.placement_id)


def _placements_written(sender, ids, **kwargs):
    indexing.placements_changed(ids)


def connect() -> None:
    company_signals.placements_written.connect(_placements_written, dispatch_uid="index.placements_written")
    post_save.connect(_placement_saved, sender=Placement, dispatch_uid="index.placement_saved")
    post_delete.connect(_placement_deleted, sender=Placement, dispatch_uid="index.placement_deleted")
    m2m_changed.connect(
        _placement_berufsfelder_changed, sender=Placement.berufsfelder.through, dispatch_uid="index.placement_bf"
    )
    post_init.connect(_remember_company, sender=Company, dispatch_uid="index.company_init")
    post_save.connect(_company_saved, sender=Company, dispatch_uid="index.company_saved")
    post_init.connect(_remember_site, sender=Site, dispatch_uid="index.site_init")
    post_save.connect(_site_saved, sender=Site, dispatch_uid="index.site_saved")
    post_save.connect(_application_changed, sender=Application, dispatch_uid="index.application_saved")
    post_delete.connect(_application_changed, sender=Application, dispatch_uid="index.application_deleted")
