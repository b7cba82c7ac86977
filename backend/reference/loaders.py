"""Load the reference data files in backend/reference/data/ into the database.

Idempotent (update or create by natural key), so the same code serves the data migration, the
`load_reference_data` command and tests. Works with historical models: pass the migration's `apps`.
"""
import csv
from pathlib import Path

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"

# The catalogue writes this field without a space; show it as people write it.
BERUFSFELD_DISPLAY_NAMES = {"GESGE": "Gesellschafts-, Geisteswissenschaften"}

# GeoNames gives only the city-centre fall-back for these Dortmund codes; the mean of the schools
# in the code (dortmund_plz_school_centroids.csv) is a much better estimate (data/README.md).
GENERIC_COORDINATE_CODES = {"44289", "44329", "44357"}


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def _model(apps, name):
    if apps is None:
        from django.apps import apps as global_apps

        return global_apps.get_model("reference", name)
    return apps.get_model("reference", name)


def load_berufsfelder(apps=None):
    Berufsfeld = _model(apps, "Berufsfeld")
    for row in _rows("kaoa_berufsfelder.csv"):
        name = BERUFSFELD_DISPLAY_NAMES.get(row["kuerzel"], row["name"])
        Berufsfeld.objects.update_or_create(
            id=int(row["id"]), defaults={"code": row["kuerzel"], "name": name, "slug": slugify(name)}
        )


def load_occupations(apps=None):
    Berufsfeld = _model(apps, "Berufsfeld")
    Occupation = _model(apps, "Occupation")
    fields_by_code = {b.code: b for b in Berufsfeld.objects.all()}
    mapping = {row["slug"]: row["berufsfelder"].split() for row in _rows("occupation_berufsfelder.csv")}
    for row in _rows("ausbildungsberufe.csv"):
        occupation, _ = Occupation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "name_masc": row["name_masc"],
                "name_fem": row["name_fem"],
                "duration_months": int(row["duration_months"]),
                "legal_basis": row["legal_basis"],
                "nrw_fachbereich": row["nrw_bk_fachbereich"],
            },
        )
        codes = mapping.get(row["slug"])
        if not codes:
            raise ValueError(f"occupation_berufsfelder.csv has no Berufsfeld for {row['slug']!r}")
        occupation.berufsfelder.set([fields_by_code[c] for c in codes])


def load_districts_and_postal_codes(apps=None, states=None):
    """All German postal codes (or only `states`, e.g. {"NW"}), with Dortmund's Stadtbezirk where known."""
    District = _model(apps, "District")
    PostalCode = _model(apps, "PostalCode")
    for row in _rows("odbl/dortmund_stadtbezirke.csv"):
        District.objects.update_or_create(
            name=row["stadtbezirk"],
            defaults={"slug": slugify(row["stadtbezirk"]), "latitude": float(row["latitude"]),
                      "longitude": float(row["longitude"])},
        )
    districts = {d.name: d for d in District.objects.all()}
    district_of = {
        r["plz"]: districts[r["stadtbezirk"]] for r in _rows("odbl/dortmund_plz_stadtbezirk.csv")
        if r["is_majority"] == "true"
    }
    better_point = {
        r["plz"]: (float(r["latitude"]), float(r["longitude"])) for r in _rows("dortmund_plz_school_centroids.csv")
        if r["plz"] in GENERIC_COORDINATE_CODES
    }
    existing = set(PostalCode.objects.values_list("code", flat=True))
    new, changed = [], []
    for row in _rows("plz_de.csv"):
        if states and row["state_code"] not in states:
            continue
        lat, lon = better_point.get(row["plz"], (float(row["latitude"]), float(row["longitude"])))
        obj = PostalCode(code=row["plz"], place=row["place"][:255], state_code=row["state_code"],
                         latitude=lat, longitude=lon, district=district_of.get(row["plz"]))
        (changed if obj.code in existing else new).append(obj)
    PostalCode.objects.bulk_create(new, batch_size=1000)
    PostalCode.objects.bulk_update(changed, ["place", "state_code", "latitude", "longitude", "district"],
                                   batch_size=1000)


def load_schools(apps=None):
    School = _model(apps, "School")
    for row in _rows("dortmund_schulen.csv"):
        School.objects.update_or_create(
            number=row["schulnummer"],
            defaults={"name": row["name_1"] or row["name"], "school_form": row["schulform"],
                      "street": row["strasse"], "postal_code_id": row["plz"],
                      "latitude": float(row["latitude"]), "longitude": float(row["longitude"])},
        )


def load_all(apps=None):
    load_berufsfelder(apps)
    load_occupations(apps)
    load_districts_and_postal_codes(apps)
    load_schools(apps)
