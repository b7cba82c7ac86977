"""RankFacts and the PostgreSQL triggers that keep it (see matching.models.RankFacts).

The status lists are seekers.models' SEAT_STATUSES and COMPETING_STATUSES as of this migration;
tests/matching/test_rank_facts.py fails when they and the triggers differ (then: a new migration that
replaces the functions)."""

from django.db import migrations, models

SEAT = ("offered", "accepted")
COMPETING = ("awaiting_consent", "submitted", "invited", "waitlisted")


def _list(values):
    return ", ".join(f"'{v}'" for v in values)


MASK = (
    "(SELECT CASE WHEN MAX(t.berufsfeld_id) > 62 OR MIN(t.berufsfeld_id) < 0 THEN -1"
    " ELSE COALESCE(BIT_OR(1::bigint << t.berufsfeld_id::integer), 0) END"
    " FROM companies_placement_berufsfelder t WHERE t.placement_id = pid)"
)
COUNTS = (
    f"SELECT COUNT(*) FILTER (WHERE a.status IN ({_list(SEAT)})),"
    f" COUNT(*) FILTER (WHERE a.status IN ({_list(COMPETING)}))"
    " FROM seekers_application a WHERE a.placement_id = pid"
)

CREATE = f"""
CREATE OR REPLACE FUNCTION matching_rankfacts_berufsfelder(pid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO matching_rankfacts (placement_id, berufsfelder, accepted, open) VALUES (pid, {MASK}, 0, 0)
  ON CONFLICT (placement_id) DO UPDATE SET berufsfelder = EXCLUDED.berufsfelder;
END $$;

CREATE OR REPLACE FUNCTION matching_rankfacts_applications(pid bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE n_accepted integer; n_open integer;
BEGIN
  {COUNTS} INTO n_accepted, n_open;
  INSERT INTO matching_rankfacts (placement_id, berufsfelder, accepted, open) VALUES (pid, 0, n_accepted, n_open)
  ON CONFLICT (placement_id) DO UPDATE SET accepted = EXCLUDED.accepted, open = EXCLUDED.open;
END $$;

CREATE OR REPLACE FUNCTION matching_rankfacts_bf_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN PERFORM matching_rankfacts_berufsfelder(NEW.placement_id); END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.placement_id IS DISTINCT FROM NEW.placement_id) THEN
    PERFORM matching_rankfacts_berufsfelder(OLD.placement_id);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION matching_rankfacts_application_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.placement_id IS NOT DISTINCT FROM NEW.placement_id
     AND OLD.status IS NOT DISTINCT FROM NEW.status THEN
    RETURN NULL;  -- a message or a date changed: the counts did not
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.placement_id IS NOT NULL THEN
    PERFORM matching_rankfacts_applications(NEW.placement_id);
  END IF;
  IF (TG_OP = 'DELETE' OR OLD.placement_id IS DISTINCT FROM NEW.placement_id) AND OLD.placement_id IS NOT NULL THEN
    PERFORM matching_rankfacts_applications(OLD.placement_id);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION matching_rankfacts_placement_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM matching_rankfacts WHERE placement_id = OLD.id;
  RETURN NULL;
END $$;

CREATE TRIGGER matching_rankfacts_bf AFTER INSERT OR UPDATE OR DELETE ON companies_placement_berufsfelder
  FOR EACH ROW EXECUTE FUNCTION matching_rankfacts_bf_trigger();
CREATE TRIGGER matching_rankfacts_application AFTER INSERT OR UPDATE OR DELETE ON seekers_application
  FOR EACH ROW EXECUTE FUNCTION matching_rankfacts_application_trigger();
CREATE TRIGGER matching_rankfacts_placement AFTER DELETE ON companies_placement
  FOR EACH ROW EXECUTE FUNCTION matching_rankfacts_placement_deleted();

INSERT INTO matching_rankfacts (placement_id, berufsfelder, accepted, open)
SELECT p.id, COALESCE(m.mask, 0), COALESCE(n.n_accepted, 0), COALESCE(n.n_open, 0)
FROM companies_placement p
LEFT JOIN (
  SELECT t.placement_id, CASE WHEN MAX(t.berufsfeld_id) > 62 OR MIN(t.berufsfeld_id) < 0 THEN -1
         ELSE BIT_OR(1::bigint << t.berufsfeld_id::integer) END AS mask
  FROM companies_placement_berufsfelder t GROUP BY t.placement_id
) m ON m.placement_id = p.id
LEFT JOIN (
  SELECT a.placement_id, COUNT(*) FILTER (WHERE a.status IN ({_list(SEAT)})) AS n_accepted,
         COUNT(*) FILTER (WHERE a.status IN ({_list(COMPETING)})) AS n_open
  FROM seekers_application a GROUP BY a.placement_id
) n ON n.placement_id = p.id;
"""

DROP = """
DROP TRIGGER IF EXISTS matching_rankfacts_bf ON companies_placement_berufsfelder;
DROP TRIGGER IF EXISTS matching_rankfacts_application ON seekers_application;
DROP TRIGGER IF EXISTS matching_rankfacts_placement ON companies_placement;
DROP FUNCTION IF EXISTS matching_rankfacts_bf_trigger();
DROP FUNCTION IF EXISTS matching_rankfacts_application_trigger();
DROP FUNCTION IF EXISTS matching_rankfacts_placement_deleted();
DROP FUNCTION IF EXISTS matching_rankfacts_berufsfelder(bigint);
DROP FUNCTION IF EXISTS matching_rankfacts_applications(bigint);
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_outbox_pushed_index_check"),
        ("companies", "0004_placement_public_newest_index"),
        ("seekers", "0003_clearing_states"),
    ]

    operations = [
        migrations.CreateModel(
            name="RankFacts",
            fields=[
                ("placement_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("berufsfelder", models.BigIntegerField(default=0)),
                ("accepted", models.IntegerField(default=0)),
                ("open", models.IntegerField(default=0)),
            ],
            options={"verbose_name": "Ranking-Fakten", "verbose_name_plural": "Ranking-Fakten"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
