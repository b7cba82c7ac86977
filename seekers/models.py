from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.reference.models import Berufsfeld, PostalCode, Qualification, School, SchoolType
from companies.models import Placement


def private_storage():
    """CVs are personal data of (mostly) minors: kept outside the public media folder (settings.STORAGES)."""
    return storages["private"]


class TeacherProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teacher_profile")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="teachers")

    def __str__(self):
        return f"Lehrkraft (Konto {self.user_id}) an Schule {self.school_id}"


class SchoolClass(models.Model):
    """A class and its internship period; students join it with the teacher's code."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classes")
    teachers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_classes")
    name = models.CharField(_("Klasse"), max_length=40)
    school_year = models.CharField(_("Schuljahr"), max_length=9, help_text="2026/27")
    grade = models.PositiveSmallIntegerField(_("Jahrgangsstufe"))
    internship_start = models.DateField(_("Praktikum von"), null=True, blank=True)
    internship_end = models.DateField(_("Praktikum bis"), null=True, blank=True)
    join_code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school_year", "name"]

    def __str__(self):
        return f"{self.name} ({self.school_year})"


class StudentProfile(models.Model):
    """Only what the service needs: a home postal code, never a street address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile")
    birth_date = models.DateField(_("Geburtsdatum"))
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.SET_NULL, related_name="students")
    school_type = models.CharField(_("Schulform"), max_length=16, choices=SchoolType.choices, blank=True)
    grade = models.PositiveSmallIntegerField(_("Klasse"))
    expected_qualification = models.PositiveSmallIntegerField(
        _("angestrebter Abschluss"), choices=Qualification.choices, default=Qualification.ESA
    )
    postal_code = models.ForeignKey(
        PostalCode, on_delete=models.PROTECT, related_name="+", verbose_name=_("Postleitzahl (Wohnort)")
    )
    travel_radius_km = models.PositiveSmallIntegerField(_("Umkreis in km"), default=15)
    accessibility_needs = models.CharField(_("Unterstützungsbedarf"), max_length=255, blank=True)
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    classes = models.ManyToManyField(SchoolClass, through="ClassMembership", related_name="students")
    parent_link_code = models.CharField(max_length=12, blank=True, db_index=True)
    parent_link_code_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.user.display_name


class Interest(models.Model):
    """How much a student cares for a Berufsfeld (1–5); matching sums these."""

    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="interests")
    berufsfeld = models.ForeignKey(Berufsfeld, on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveSmallIntegerField(default=3)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "berufsfeld"], name="unique_interest")]

    def __str__(self):
        return f"Interesse {self.weight}/5 an Berufsfeld {self.berufsfeld_id} (Schüler:in {self.student_id})"


class ClassMembership(models.Model):
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="class_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school_class", "student"], name="unique_class_member")]

    def __str__(self):
        return f"Schüler:in {self.student_id} in Klasse {self.school_class_id}"


class ParentLink(models.Model):
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parent_links")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="parent_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["parent", "student"], name="unique_parent_link")]

    def __str__(self):
        return f"Elternteil (Konto {self.parent_id}) von Schüler:in {self.student_id}"


class Favourite(models.Model):
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="favourites")
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="favourites")
    note = models.TextField(_("Notiz"), blank=True, max_length=2000)
    liked_by_parent = models.BooleanField(default=False)
    parent_comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["student", "placement"], name="unique_favourite")]

    def __str__(self):
        return f"Merkliste: Platz {self.placement_id} (Schüler:in {self.student_id})"


class ApplicationStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("wartet auf Zustimmung der Eltern")
    SUBMITTED = "submitted", _("eingereicht")
    INVITED = "invited", _("zum Gespräch eingeladen")
    # clearing (issue 10): a company's "yes" is an offer the student accepts within OFFER_DAYS; a company may keep
    # an applicant on its waitlist; an application nobody answered by its deadline lapses as "keine Antwort".
    WAITLISTED = "waitlisted", _("auf der Warteliste")
    OFFERED = "offered", _("Angebot – bitte annehmen oder ablehnen")
    ACCEPTED = "accepted", _("zugesagt")
    DECLINED = "declined", _("abgesagt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")
    LAPSED = "lapsed", _("keine Antwort")


ACTIVE_STATUSES = [
    ApplicationStatus.AWAITING_CONSENT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INVITED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
]
# Open: waiting for a decision of someone (parent, company, student). The cap counts these per student and kind.
OPEN_STATUSES = [
    ApplicationStatus.AWAITING_CONSENT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INVITED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.OFFERED,
]
# Competing for a seat of the placement: matching's `open_applications` and the MAX_OPEN_PER_SEAT limit count these.
COMPETING_STATUSES = [
    ApplicationStatus.AWAITING_CONSENT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INVITED,
    ApplicationStatus.WAITLISTED,
]
# A company must answer these by `respond_by` (clearing.services): released to it and not answered for good.
AWAITING_COMPANY = [ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED]
# These hold a seat: an offer holds it until the student decides or the offer lapses.
SEAT_STATUSES = [ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED]


class ApprovalStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("nicht nötig")
    PENDING = "pending", _("ausstehend")
    APPROVED = "approved", _("genehmigt")
    REJECTED = "rejected", _("abgelehnt")


RELEASED_CONSENTS = (ApprovalStatus.NOT_REQUIRED, ApprovalStatus.APPROVED)


class ApplicationQuerySet(models.QuerySet):
    def released_to_company(self):
        """The ONE rule for what a company sees (seekers.services docstring): no parental consent pending or
        refused, i.e. consent not required or approved, and the status past AWAITING_CONSENT."""
        return self.exclude(status=ApplicationStatus.AWAITING_CONSENT).filter(consent__in=RELEASED_CONSENTS)

    def holding_seats(self):
        """The ONE rule for a taken seat: accepted students and open offers (an offer holds its seat until the
        student decides)."""
        return self.filter(status__in=SEAT_STATUSES)


class Application(models.Model):
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="applications")
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="applications")
    message = models.TextField(_("Nachricht"), max_length=4000)
    cv = models.FileField(_("Lebenslauf (PDF)"), upload_to="cvs/", blank=True, storage=private_storage)
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    consent = models.CharField(
        _("Zustimmung der Eltern"), max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.NOT_REQUIRED
    )
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    school_approval = models.CharField(
        _("Genehmigung der Schule"), max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.NOT_REQUIRED
    )
    school_approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(max_length=255, blank=True)
    # clearing (issue 10; clearing/services.py): the response deadline runs from the moment the company may see it
    released_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)  # the company's first answer
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    offer_expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "placement"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_application_per_placement",
            ),
        ]

    def __str__(self):
        return f"Bewerbung #{self.pk} auf Platz {self.placement_id} ({self.get_status_display()})"

    @property
    def is_released_to_company(self) -> bool:
        """ApplicationQuerySet.released_to_company() for one loaded row."""
        return self.status != ApplicationStatus.AWAITING_CONSENT and self.consent in RELEASED_CONSENTS


class ApplicationEvent(models.Model):
    """The status timeline a student follows."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Bewerbung #{self.application_id}: {self.get_status_display()}"


class ApplicationMessage(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Nachricht #{self.pk} zu Bewerbung #{self.application_id}"


class Recommendation(models.Model):
    """A teacher recommends a placement to one student or to a whole class."""

    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations")
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="recommendations")
    student = models.ForeignKey(
        StudentProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    school_class = models.ForeignKey(
        SchoolClass, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Empfehlung #{self.pk}: Platz {self.placement_id}"
