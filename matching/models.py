from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexOutbox(models.Model):
    """A placement whose search document may be out of date. Written inside the transaction that changed
    the placement (or its company, site, applications), whatever search backend the writing process
    uses; marked pushed once Elasticsearch has taken it (a rebuild re-reads what was pushed while it ran,
    see backends.elasticsearch.rebuild), pruned a day later. What stays unpushed while Elasticsearch is
    down is pushed by the next task or by `manage.py sync_search_index`."""

    placement_id = models.BigIntegerField(db_index=True)  # no FK: deleted placements must leave the index too
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    pushed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "Suchindex-Ausstehend"
        verbose_name_plural = "Suchindex-Ausstehend"

    def __str__(self):
        return f"placement {self.placement_id}"


class IndexCheck(models.Model):
    """One run of the consistency check (`manage.py check_search_index`, the periodic task): database and
    index compared by id and digest of the indexed fields, what differed repaired."""

    started_at = models.DateTimeField(_("Beginn"), auto_now_add=True)
    finished_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    in_database = models.PositiveIntegerField(_("in der Datenbank"), default=0)
    in_index = models.PositiveIntegerField(_("im Index"), default=0)
    missing = models.PositiveIntegerField(_("fehlten im Index"), default=0)
    extra = models.PositiveIntegerField(_("zu viel im Index"), default=0)
    differing = models.PositiveIntegerField(_("veraltet im Index"), default=0)
    repaired = models.PositiveIntegerField(_("repariert"), default=0)
    remaining = models.PositiveIntegerField(_("danach noch abweichend"), default=0)
    error = models.CharField(_("Fehler"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("Suchindex-Prüfung")
        verbose_name_plural = _("Suchindex-Prüfungen")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.drift} abweichend"

    @property
    def drift(self) -> int:
        return self.missing + self.extra + self.differing


class RankFacts(models.Model):
    """Per-placement facts the database backend's ranking on PostgreSQL reads instead of joining them for every
    search (matching.search.backends.database.ranking_sql): the placement's Berufsfelder as a bitmask (bit b for
    Berufsfeld id b; -1 when an id does not fit 0..62), its applications holding a seat (SEAT_STATUSES) and
    competing for one (COMPETING_STATUSES). Kept by PostgreSQL triggers on the Berufsfelder and applications tables
    (migration 0003), so EVERY write keeps them, bulk_create, queryset.update() and raw SQL included; no row yet
    means none of either. Never written by Django. SQLite has no triggers for it and leaves the table empty: its
    backend reads the live rows. Search results take the exact facts of the page from the live rows and compare
    (a drifted row sends that search down the full path)."""

    placement_id = models.BigIntegerField(primary_key=True)  # no FK: the triggers write while Django cascades
    berufsfelder = models.BigIntegerField(default=0)
    accepted = models.IntegerField(default=0)
    open = models.IntegerField(default=0)

    class Meta:
        verbose_name = "Ranking-Fakten"
        verbose_name_plural = "Ranking-Fakten"

    def __str__(self):
        return f"placement {self.placement_id}"
