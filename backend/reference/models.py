"""Open reference data (sources and licences in backend/reference/data/README.md), loaded by migration."""

from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# The 16 KAoA field names as stored (German): listed here so the catalogues carry their translations;
# Berufsfeld.__str__ shows them in the reader's language.
BERUFSFELD_NAMES = [
    gettext_noop("Bau, Architektur, Vermessung"),
    gettext_noop("Dienstleistung"),
    gettext_noop("Elektro"),
    gettext_noop("Gesundheit"),
    gettext_noop("Gesellschafts-, Geisteswissenschaften"),
    gettext_noop("IT, Computer"),
    gettext_noop("Kunst, Kultur, Gestaltung"),
    gettext_noop("Landwirtschaft, Natur, Umwelt"),
    gettext_noop("Metall, Maschinenbau"),
    gettext_noop("Medien"),
    gettext_noop("Naturwissenschaft"),
    gettext_noop("Produktion, Fertigung"),
    gettext_noop("Soziales, Pädagogik"),
    gettext_noop("Technik, Technologiefelder"),
    gettext_noop("Verkehr, Logistik"),
    gettext_noop("Wirtschaft, Verwaltung"),
]


class Berufsfeld(models.Model):
    """One of the 16 KAoA occupational fields: the interest vocabulary of the product."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    code = models.CharField(max_length=8, unique=True)  # KAoA Kürzel, e.g. ITC
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Berufsfeld")
        verbose_name_plural = _("Berufsfelder")

    def __str__(self):
        return gettext(self.name)  # in the reader's language (BERUFSFELD_NAMES)


class Occupation(models.Model):
    """A recognised apprenticeship occupation (Ausbildungsberuf) and the Berufsfelder we map it to."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=255)
    name_masc = models.CharField(max_length=255, blank=True)
    name_fem = models.CharField(max_length=255, blank=True)
    duration_months = models.PositiveSmallIntegerField()
    legal_basis = models.CharField(max_length=16)
    nrw_fachbereich = models.CharField(max_length=80, blank=True)
    berufsfelder = models.ManyToManyField(Berufsfeld, related_name="occupations")

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ausbildungsberuf")
        verbose_name_plural = _("Ausbildungsberufe")

    def __str__(self):
        return self.name


class District(models.Model):
    """One of Dortmund's 12 Stadtbezirke (derived from OpenStreetMap, ODbL)."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Stadtbezirk")
        verbose_name_plural = _("Stadtbezirke")

    def __str__(self):
        return self.name


class PostalCode(models.Model):
    """A German postal code with a centre point (GeoNames, CC BY 4.0). District only for Dortmund codes."""

    code = models.CharField(max_length=5, primary_key=True)
    place = models.CharField(max_length=255)
    state_code = models.CharField(max_length=2, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="postal_codes"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("Postleitzahl")
        verbose_name_plural = _("Postleitzahlen")

    def __str__(self):
        return f"{self.code} {self.place}"


class School(models.Model):
    """A school in Dortmund (IT.NRW dl-de/by-2.0, coordinates MSB NRW BSD-3-Clause)."""

    number = models.CharField(max_length=8, unique=True)  # Schulnummer
    name = models.CharField(max_length=255)
    school_form = models.CharField(max_length=80)
    street = models.CharField(max_length=120, blank=True)
    postal_code = models.ForeignKey(PostalCode, on_delete=models.PROTECT, related_name="schools")
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Schule")
        verbose_name_plural = _("Schulen")

    def __str__(self):
        return self.name


class Qualification(models.IntegerChoices):
    """NRW school-leaving qualifications since 2022, in order: comparisons use the integer value."""

    NONE = 0, _("ohne Abschluss")
    ESA = 1, _("Erster Schulabschluss (ESA)")
    EESA = 2, _("Erweiterter Erster Schulabschluss (EESA)")
    MSA = 3, _("Mittlerer Schulabschluss (MSA)")
    FHR = 4, _("Fachhochschulreife")
    ABITUR = 5, _("Allgemeine Hochschulreife (Abitur)")


class SchoolType(models.TextChoices):
    HAUPTSCHULE = "hauptschule", _("Hauptschule")
    REALSCHULE = "realschule", _("Realschule")
    SEKUNDARSCHULE = "sekundarschule", _("Sekundarschule")
    GESAMTSCHULE = "gesamtschule", _("Gesamtschule")
    GYMNASIUM = "gymnasium", _("Gymnasium")
    FOERDERSCHULE = "foerderschule", _("Förderschule")
    BERUFSKOLLEG = "berufskolleg", _("Berufskolleg")
