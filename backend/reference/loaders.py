"""Load the reference data files in backend/reference/data/ into the database.

Idempotent (update or create by natural key), so the same code serves the data migration, the
`load_reference_data` command and tests. Works with historical models: pass the migration's `apps`.
"""

import csv
from pathlib import Path

from django.apps import apps as global_apps
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
    Link = Occupation.berufsfelder.through
    fields_by_code = dict(Berufsfeld.objects.values_list("code", "id"))
    mapping = {row["slug"]: row["berufsfelder"].split() for row in _rows("occupation_berufsfelder.csv")}
    existing = {o.slug: o for o in Occupation.objects.all()}
    new, changed = [], []
    for row in _rows("ausbildungsberufe.csv"):
        if not mapping.get(row["slug"]):
            raise ValueError(f"occupation_berufsfelder.csv has no Berufsfeld for {row['slug']!r}")
        values = {
            "name": row["name"],
            "name_masc": row["name_masc"],
            "name_fem": row["name_fem"],
            "duration_months": int(row["duration_months"]),
            "legal_basis": row["legal_basis"],
            "nrw_fachbereich": row["nrw_bk_fachbereich"],
        }
        occupation = existing.get(row["slug"])
        if occupation is None:
            new.append(Occupation(slug=row["slug"], **values))
        else:
            for key, value in values.items():
                setattr(occupation, key, value)
            changed.append(occupation)
    Occupation.objects.bulk_create(new)
    Occupation.objects.bulk_update(
        changed, ["name", "name_masc", "name_fem", "duration_months", "legal_basis", "nrw_fachbereich"]
    )
    ids = dict(Occupation.objects.values_list("slug", "id"))
    Link.objects.filter(occupation_id__in=ids.values()).delete()
    Link.objects.bulk_create(
        [
            Link(occupation_id=ids[slug], berufsfeld_id=fields_by_code[code])
            for slug, codes in mapping.items()
            if slug in ids
            for code in codes
        ]
    )


def load_districts_and_postal_codes(apps=None, states=None):
    """All German postal codes (or only `states`, e.g. {"NW"}), with Dortmund's Stadtbezirk where known."""
    District = _model(apps, "District")
    PostalCode = _model(apps, "PostalCode")
    for row in _rows("odbl/dortmund_stadtbezirke.csv"):
        District.objects.update_or_create(
            name=row["stadtbezirk"],
            defaults={
                "slug": slugify(row["stadtbezirk"]),
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            },
        )
    districts = {d.name: d for d in District.objects.all()}
    district_of = {
        r["plz"]: districts[r["stadtbezirk"]]
        for r in _rows("odbl/dortmund_plz_stadtbezirk.csv")
        if r["is_majority"] == "true"
    }
    better_point = {
        r["plz"]: (float(r["latitude"]), float(r["longitude"]))
        for r in _rows("dortmund_plz_school_centroids.csv")
        if r["plz"] in GENERIC_COORDINATE_CODES
    }
    fields = ["place", "state_code", "latitude", "longitude", "district_id"]
    existing = {row[0]: row[1:] for row in PostalCode.objects.values_list("code", *fields)}
    new, changed = [], []
    for row in _rows("plz_de.csv"):
        if states and row["state_code"] not in states:
            continue
        lat, lon = better_point.get(row["plz"], (float(row["latitude"]), float(row["longitude"])))
        obj = PostalCode(
            code=row["plz"],
            place=row["place"][:255],
            state_code=row["state_code"],
            latitude=lat,
            longitude=lon,
            district=district_of.get(row["plz"]),
        )
        if obj.code not in existing:
            new.append(obj)
        elif existing[obj.code] != tuple(getattr(obj, f) for f in fields):
            changed.append(obj)
    PostalCode.objects.bulk_create(new, batch_size=1000)
    PostalCode.objects.bulk_update(
        changed, ["place", "state_code", "latitude", "longitude", "district"], batch_size=1000
    )


def load_schools(apps=None):
    School = _model(apps, "School")
    for row in _rows("dortmund_schulen.csv"):
        School.objects.update_or_create(
            number=row["schulnummer"],
            defaults={
                "name": row["name_1"] or row["name"],
                "school_form": row["schulform"],
                "street": row["strasse"],
                "postal_code_id": row["plz"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            },
        )


def load_all(apps=None):
    load_berufsfelder(apps)
    load_occupations(apps)
    load_districts_and_postal_codes(apps)
    load_schools(apps)
