from django.db import models


class IndexOutbox(models.Model):
    """A placement whose search document is out of date. Written inside the transaction that changed
    the placement; deleted once the backend has taken the change. What stays here when Elasticsearch
    is down is pushed at the next change or by `manage.py sync_search_index`."""

    placement_id = models.BigIntegerField(db_index=True)  # no FK: deleted placements must leave the index too
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "Suchindex-Ausstehend"
        verbose_name_plural = "Suchindex-Ausstehend"

    def __str__(self):
        return f"placement {self.placement_id}"
