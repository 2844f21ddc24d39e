"""PostgreSQL indexes for the customer search box (customers/search.py); nothing on other databases.

pg_trgm cannot index fragments under three characters, and Chinese name fragments are often one or two
(a surname), so names get an index of their own grams: every character and every pair of neighbouring
characters, from an IMMUTABLE function (string functions only, no subquery: 5 µs a name). Mobiles,
plates and VINs are matched anywhere (a mobile's last four digits, a VIN's last six) through pg_trgm.
The group user's list, newest first over every store, reads its own btree instead of sorting millions.
"""

from django.db import connection as default_connection
from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    r"""
    CREATE OR REPLACE FUNCTION customer_name_grams(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT string_to_array(name, NULL) || string_to_array(
        regexp_replace(
          substr(regexp_replace(name, '(.)', '\1\1', 'g'), 2, greatest(2 * char_length(name) - 2, 0)),
          '(..)(?=.)', E'\\1\x1f', 'g'),
        E'\x1f')
    $$
    """,
    # The same grams again behind the store's id ("51:王"): a store's search reads only its own postings,
    # not the 180,000 every 王 in the group has.
    # PL/pgSQL with a high COST, so the planner prices the per-row call truly and does not walk the
    # newest-first index filtering 2 M rows for a rare pair such as 张丽 (1.3 s before, 20 ms after).
    r"""
    CREATE OR REPLACE FUNCTION customer_name_keys(store bigint, name text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
    BEGIN
      IF name = '' THEN
        RETURN '{}'::text[];
      END IF;
      RETURN customer_name_grams(name) || string_to_array(
        store || ':' || replace(array_to_string(customer_name_grams(name), E'\x1f'), E'\x1f', E'\x1f' || store || ':'),
        E'\x1f');
    END
    $$
    """,
    "CREATE INDEX IF NOT EXISTS customer_name_keys ON customers_customer USING gin (customer_name_keys(store_id, name))",
    "CREATE INDEX IF NOT EXISTS customer_mobile_trgm ON customers_customer USING gin (mobile gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS customer_newest ON customers_customer (created_at DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS vehicle_plate_trgm ON customers_vehicle USING gin (plate gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS vehicle_vin_trgm ON customers_vehicle USING gin (vin gin_trgm_ops)",
]
# pg_trgm stays installed: other apps may use it.
BACKWARD = [
    "DROP INDEX IF EXISTS vehicle_vin_trgm",
    "DROP INDEX IF EXISTS vehicle_plate_trgm",
    "DROP INDEX IF EXISTS customer_newest",
    "DROP INDEX IF EXISTS customer_mobile_trgm",
    "DROP INDEX IF EXISTS customer_name_keys",
    "DROP FUNCTION IF EXISTS customer_name_keys(bigint, text)",
    "DROP FUNCTION IF EXISTS customer_name_grams(text)",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        # tests/conftest.py re-runs data migrations without a schema editor; the statements are idempotent.
        connection = schema_editor.connection if schema_editor else default_connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_membership_discount_referral_policy_defaults")]

    operations = [migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD))]
