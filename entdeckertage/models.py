"""Entdeckertage: Dortmund's career-field days (KAoA Berufsfelderkundung) for every grade-8 pupil.

A Season (school year) has date Blocks (consecutive school days, BlockDate) and dated phases:
companies offer → pupils wish → the city allocates → free seats are booked → the days → certificates.
A class takes part in one block (ClassBlock). Companies give Offers: one date, one Berufsfeld, 1–9 seats,
at least 4 hours. Pupils rank Wishes (offers of their block); an opt-in (Participation.widen) lets the
allocation use any reachable offer in their fields too. An AllocationRun computes assignments (stored on
the run, repeatable until published); publishing turns them into Assignments. In the booking phase pupils
book free seats directly (also Assignments). Every rule lives in services.py.

Assignment carries its offer's date and Berufsfeld (copied by the services) so the database itself refuses
two days on one date or two days in one field for a pupil, whatever the concurrency.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.reference.models import Berufsfeld
from companies.models import Company, Site
from seekers.models import SchoolClass, StudentProfile

MAX_SEATS = 9
MIN_HOURS = 4
DAYS_PER_PUPIL = 3


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Vorbereitung")
    OFFER = "offer", _("Angebote")
    WISH = "wish", _("Wünsche")
    ALLOCATE = "allocate", _("Verteilung")
    BOOKING = "booking", _("Restplätze buchen")
    DAYS = "days", _("Entdeckertage")
    CERTIFICATES = "certificates", _("Bescheinigungen")


class Season(models.Model):
    """One school year's Entdeckertage. Each phase runs from its date to the day before the next phase."""

    name = models.CharField(_("Name"), max_length=120)
    school_year = models.CharField(_("Schuljahr"), max_length=9, help_text="2025/26")
    grade = models.PositiveSmallIntegerField(_("Jahrgangsstufe"), default=8)
    offers_from = models.DateField(_("Angebote ab"))
    wishes_from = models.DateField(_("Wünsche ab"))
    allocation_from = models.DateField(_("Verteilung ab"))
    booking_from = models.DateField(_("Restplätze buchen ab"))
    days_from = models.DateField(_("Entdeckertage ab"))
    certificates_from = models.DateField(_("Bescheinigungen ab"))
    published_run = models.ForeignKey(
        "AllocationRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offers_from", "-id"]
        verbose_name = _("Entdeckertage-Saison")
        verbose_name_plural = _("Entdeckertage-Saisons")

    def __str__(self):
        return self.name

    def phase_on(self, day) -> str:
        """The phase on `day` (a date): the last phase whose start is not after it."""
        current = Phase.PREPARATION
        for phase, start in (
            (Phase.OFFER, self.offers_from),
            (Phase.WISH, self.wishes_from),
            (Phase.ALLOCATE, self.allocation_from),
            (Phase.BOOKING, self.booking_from),
            (Phase.DAYS, self.days_from),
            (Phase.CERTIFICATES, self.certificates_from),
        ):
            if start <= day:
                current = phase
        return current


class Block(models.Model):
    """A block of consecutive school days; every class of the season takes part in one block."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="blocks")
    name = models.CharField(_("Name"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["season", "position", "id"]
        verbose_name = _("Block")
        verbose_name_plural = _("Blöcke")

    def __str__(self):
        return self.name


class BlockDate(models.Model):
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="dates")
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(_("Datum"))

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["season", "date"], name="edt_unique_date_per_season")]

    def __str__(self):
        return self.date.isoformat()


class ClassBlock(models.Model):
    """The block a class takes part in (set by its teacher or the city)."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="class_blocks")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="edt_blocks")
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="class_blocks")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(_("Buchungen bestätigt am"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["season", "school_class"], name="edt_one_block_per_class")]

    def __str__(self):
        return f"{self.school_class} → {self.block}"


class OfferStatus(models.TextChoices):
    ACTIVE = "active", _("angeboten")
    CANCELLED = "cancelled", _("abgesagt")


class Offer(models.Model):
    """One day at one site: a Berufsfeld, 1–9 seats, a programme of at least 4 hours."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="offers")
    block = models.ForeignKey(Block, on_delete=models.PROTECT, related_name="offers")  # of `date`, set by services
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="edt_offers")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="edt_offers", verbose_name=_("Standort"))
    date = models.DateField(_("Datum"))
    berufsfeld = models.ForeignKey(Berufsfeld, on_delete=models.PROTECT, related_name="+", verbose_name=_("Berufsfeld"))
    title = models.CharField(_("Titel"), max_length=160)
    programme = models.TextField(_("Programm"), blank=True, max_length=4000)
    start_time = models.TimeField(_("Beginn"))
    end_time = models.TimeField(_("Ende"))
    seats = models.PositiveSmallIntegerField(_("Plätze"))
    what_to_bring = models.CharField(_("Bitte mitbringen"), max_length=500, blank=True)
    min_age = models.PositiveSmallIntegerField(_("Mindestalter"), null=True, blank=True)
    requirements = models.CharField(
        _("Voraussetzungen"), max_length=500, blank=True, help_text=_("z. B. Infektionsschutz-Belehrung")
    )
    is_accessible = models.BooleanField(_("barrierefrei"), default=False)
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.ACTIVE)
    cancel_reason = models.CharField(max_length=255, blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "company__name", "id"]
        indexes = [models.Index(fields=["season", "date", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1, seats__lte=MAX_SEATS), name="edt_offer_seats_1_9")
        ]
        verbose_name = _("Entdeckertag-Angebot")
        verbose_name_plural = _("Entdeckertag-Angebote")

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"


class Participation(models.Model):
    """A pupil's settings for a season: the opt-in to any reachable offer in their fields, or why they do not
    take part (exported as SBO 5.1.8 with the reason)."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="participations")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="edt_participations")
    widen = models.BooleanField(
        _("auch andere erreichbare Angebote in meinen Berufsfeldern"),
        default=False,
        help_text=_("Wenn deine Wünsche voll sind, darf die Verteilung dir ein anderes Angebot geben."),
    )
    no_participation_reason = models.CharField(_("Grund für Nicht-Teilnahme"), max_length=255, blank=True)
    certificate_mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["season", "student"], name="edt_one_participation")]

    def __str__(self):
        return f"{self.student} ({self.season})"


class Wish(models.Model):
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="wishes")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="edt_wishes")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="wishes")
    rank = models.PositiveSmallIntegerField(_("Rang"))  # 1 = first wish
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["student", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["student", "offer"], name="edt_unique_wish"),
            models.UniqueConstraint(fields=["season", "student", "rank"], name="edt_unique_wish_rank"),
        ]

    def __str__(self):
        return f"{self.student}: {self.rank}. {self.offer}"


class AssignmentSource(models.TextChoices):
    ALLOCATION = "allocation", _("Verteilung")
    BOOKING = "booking", _("gebucht")
    MANUAL = "manual", _("von der Stadt zugeteilt")
    ALTERNATIVE = "alternative", _("Ersatz für einen abgesagten Tag")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("noch offen")
    CAME = "came", _("war da")
    ABSENT = "absent", _("war nicht da")


class Assignment(models.Model):
    """A pupil's day at an offer. `date` and `berufsfeld` copy the offer's, so that the unique constraints
    enforce one day per date and one day per Berufsfeld for each pupil in the database."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="assignments")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="edt_assignments")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="assignments")
    date = models.DateField()
    berufsfeld = models.ForeignKey(Berufsfeld, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=12, choices=AssignmentSource.choices)
    run = models.ForeignKey("AllocationRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    wish_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    attendance = models.CharField(max_length=8, choices=Attendance.choices, default=Attendance.UNKNOWN)
    feedback = models.TextField(_("Rückmeldung des Unternehmens"), blank=True, max_length=2000)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["student", "date"], name="edt_one_day_per_date"),
            models.UniqueConstraint(fields=["season", "student", "berufsfeld"], name="edt_one_day_per_field"),
        ]

    def __str__(self):
        return f"{self.student}: {self.offer}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")
    PUBLISHED = "published", _("veröffentlicht")


class AllocationRun(models.Model):
    """One allocation: what went in (digest), the lottery seed, what came out (figures, assignments)."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="runs")
    seed = models.BigIntegerField()
    time_limit_s = models.PositiveIntegerField(default=60)
    inputs_digest = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    progress_note = models.CharField(max_length=255, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    assignments = models.JSONField(default=list, blank=True)  # [[student_id, offer_id, rank or 0], ...]
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.season} ({self.status})"


class ManualMove(models.Model):
    """A pupil moved by city staff: from one offer to another (either may be empty), with the reason."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="moves")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="edt_moves")
    from_offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("Grund"), max_length=255)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.student}: {self.reason}"
