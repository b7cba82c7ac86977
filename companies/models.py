import re

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backend.reference.models import Berufsfeld, District, Occupation, PostalCode, Qualification


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 Beschäftigte")
    SMALL = "10-49", _("10–49 Beschäftigte")
    MEDIUM = "50-249", _("50–249 Beschäftigte")
    LARGE = "250+", _("250 und mehr Beschäftigte")


class CompanyQuerySet(models.QuerySet):
    def public(self):
        """What the public (and students, most of them minors) may see.

        Rule: a company appears publicly only after city staff verified it, and never while hidden.
        Unverified companies are HIDDEN (not shown with a badge): anyone can sign up as a company, and
        until the city has checked who they are, nobody should be able to invite children to an address.
        Members see their own company and city staff see everything, with a "noch nicht geprüft" badge.
        """
        return self.filter(is_verified=True, is_hidden=False)


class Company(models.Model):
    """A host company and its public profile (Steckbrief)."""

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    legal_name = models.CharField(_("Firmierung"), max_length=200, blank=True)
    industry = models.CharField(_("Branche"), max_length=120, blank=True)
    size_band = models.CharField(_("Größe"), max_length=8, choices=SizeBand.choices, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, help_text=_("Formatierter Text; wird bereinigt."))
    website = models.URLField(_("Website"), blank=True)
    logo = models.ImageField(_("Logo"), upload_to="logos/", blank=True)
    # Re-encoded renditions made by companies/images.py: {"list": "<storage name>", "card": ..., "page": ...}
    logo_sizes = models.JSONField(default=dict, blank=True)
    berufsfelder = models.ManyToManyField(Berufsfeld, blank=True, related_name="companies")
    offers_career_days = models.BooleanField(_("bietet Berufsfelderkundungen"), default=False)
    offers_internships = models.BooleanField(_("bietet Praktika"), default=False)
    offers_apprenticeships = models.BooleanField(_("bietet Ausbildung / duales Studium"), default=False)
    requires_infection_briefing = models.BooleanField(_("Infektionsschutz-Belehrung nötig"), default=False)
    requires_police_certificate = models.BooleanField(_("erweitertes Führungszeugnis nötig"), default=False)
    is_verified = models.BooleanField(_("geprüft"), default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False, help_text=_("von der Stadt ausgeblendet"))
    hidden_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Unternehmen")
        verbose_name_plural = _("Unternehmen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.is_verified and not self.is_hidden


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Inhaber*in")
    EDITOR = "editor", _("Redakteur*in")


class Membership(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships")
    role = models.CharField(max_length=8, choices=MemberRole.choices, default=MemberRole.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="unique_company_member")]

    def __str__(self):
        return f"Konto {self.user_id} in Betrieb {self.company_id} ({self.get_role_display()})"


class Invitation(models.Model):
    """A colleague invited by email; the token is sent by email and used once."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=8, choices=MemberRole.choices, default=MemberRole.EDITOR)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    raw_token: str  # not stored: set by services.invitation_create for the email (only the hash is saved)

    def __str__(self):
        return f"Einladung #{self.pk} in Betrieb {self.company_id} ({self.get_role_display()})"


class ContactPerson(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("Name"), max_length=120)
    position = models.CharField(_("Funktion"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)

    def __str__(self):
        return self.name


class CompanyPhoto(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="photos/")
    sizes = models.JSONField(default=dict, blank=True)  # renditions, as Company.logo_sizes
    caption = models.CharField(_("Bildunterschrift"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"Foto {self.position} von Betrieb {self.company_id}"


class Site(models.Model):
    """A place where the company hosts students. Coordinates come from the postal code unless set exactly."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("Bezeichnung"), max_length=120)
    street = models.CharField(_("Straße und Hausnummer"), max_length=120)
    postal_code = models.ForeignKey(
        PostalCode, on_delete=models.PROTECT, related_name="+", verbose_name=_("Postleitzahl")
    )
    city = models.CharField(_("Ort"), max_length=80, default="Dortmund")
    latitude = models.FloatField()
    longitude = models.FloatField()
    has_exact_point = models.BooleanField(default=False)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL, related_name="sites")

    def __str__(self):
        return f"{self.name}, {self.street}, {self.postal_code_id} {self.city}"


class PlacementKind(models.TextChoices):
    CAREER_DAY = "career_day", _("Berufsfelderkundung")
    SCHOOL_INTERNSHIP = "school_internship", _("Schülerbetriebspraktikum")
    HOLIDAY_INTERNSHIP = "holiday_internship", _("Ferienpraktikum")
    APPRENTICESHIP = "apprenticeship", _("Ausbildung")
    DUAL_STUDY = "dual_study", _("Duales Studium")


class PlacementStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    CLOSED = "closed", _("geschlossen")
    ARCHIVED = "archived", _("archiviert")


class PlacementQuerySet(models.QuerySet):
    def public(self):
        """Published, not hidden, and from a public company (see CompanyQuerySet.public for the rule)."""
        return self.filter(
            status=PlacementStatus.PUBLISHED, is_hidden=False, company__is_verified=True, company__is_hidden=False
        )


class Placement(models.Model):
    """An offer: a career-field day, an internship, an apprenticeship or a dual study place."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="placements")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="placements", verbose_name=_("Standort"))
    kind = models.CharField(_("Art"), max_length=24, choices=PlacementKind.choices)
    title = models.CharField(_("Titel"), max_length=160)
    slug = models.SlugField(max_length=180)
    occupation = models.ForeignKey(
        Occupation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
        verbose_name=_("Ausbildungsberuf"),
    )
    berufsfelder = models.ManyToManyField(Berufsfeld, related_name="placements", verbose_name=_("Berufsfelder"))
    description = models.TextField(_("Beschreibung"), blank=True)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("Plätze"), default=1)
    min_grade = models.PositiveSmallIntegerField(_("ab Klasse"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("Mindestalter"), null=True, blank=True)
    required_qualification = models.PositiveSmallIntegerField(
        _("Mindestens erwarteter Abschluss"), choices=Qualification.choices, default=Qualification.NONE
    )
    application_deadline = models.DateField(_("Bewerbungsschluss"), null=True, blank=True)
    is_accessible = models.BooleanField(_("barrierefrei"), default=False)
    accessibility_notes = models.CharField(_("Hinweise zur Barrierefreiheit"), max_length=255, blank=True)
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)  # ISO 639-1 codes, e.g. ["de", "en"]
    contact = models.ForeignKey(
        ContactPerson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
        verbose_name=_("Ansprechperson"),
    )
    status = models.CharField(max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.DRAFT)
    closed_when_full = models.BooleanField(
        default=False,
        help_text=_(
            "gesetzt, wenn der letzte Platz durch eine Zusage vergeben wurde; nur solche Angebote öffnen "
            "sich von selbst wieder, wenn ein Platz frei wird"
        ),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(default=False, help_text=_("von der Stadt ausgeblendet"))
    hidden_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()
    application_counts: dict[str, int]  # not stored: set by selectors.dashboard_placements for the dashboard

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["company", "slug"], name="unique_placement_slug_per_company")]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["start_date"]),
            # The public list's order (selectors.placement_public_list): with it the database reads the newest
            # rows of a page and stops, instead of joining and sorting every public placement per request.
            models.Index(
                fields=["-published_at", "-id"],
                name="placement_public_newest",
                condition=models.Q(status=PlacementStatus.PUBLISHED, is_hidden=False),
            ),
            # The public list's count (every page of it): PostgreSQL counts the visible placements from this
            # small index and joins their companies, instead of reading the whole table (half the time).
            models.Index(
                fields=["company"],
                name="placement_public_company",
                condition=models.Q(status=PlacementStatus.PUBLISHED, is_hidden=False),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return placement_path(self.company.slug, self.slug)

    @property
    def is_public(self) -> bool:
        return self.status == PlacementStatus.PUBLISHED and not self.is_hidden and self.company.is_public


class AuditEntry(models.Model):
    """Who changed what and when, for a company and everything in it. Written by services only.

    Shown to city staff and to the company's owners. `changes` holds {field: [old, new]} for edits."""

    company = models.ForeignKey(Company, null=True, on_delete=models.SET_NULL, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)  # e.g. "placement.publish"
    target_type = models.CharField(max_length=20)  # company, placement, site, membership, ...
    target_id = models.BigIntegerField(null=True)
    target_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")  # Django's slug path converter
_PLACEMENT_PATHS: dict[tuple[str, str | None], tuple[str, str, str]] = {}


def placement_path(company_slug: str, slug: str) -> str:
    """reverse("companies:placement_detail", ...): a placement's page. A list or results page links twenty, and
    reverse() matches its arguments against the pattern each time; for slugs (what the pattern accepts, and
    what reverse leaves unquoted) the path is reversed once per script prefix and language and filled in."""
    if not (_SLUG.match(company_slug) and _SLUG.match(slug)):
        return reverse("companies:placement_detail", kwargs={"company_slug": company_slug, "slug": slug})
    key = (get_script_prefix(), get_language())
    parts = _PLACEMENT_PATHS.get(key)
    if parts is None:
        marked = reverse("companies:placement_detail", kwargs={"company_slug": "C0MPANY", "slug": "PL4CEMENT"})
        head, _, tail = marked.partition("C0MPANY")
        middle, _, end = tail.partition("PL4CEMENT")
        parts = _PLACEMENT_PATHS[key] = (head, middle, end)
    head, middle, end = parts
    return f"{head}{company_slug}{middle}{slug}{end}"
