"""A mobile is searched by its whole number or its last four digits only (customers/search.py): the search log,
a btree on the last four digits (leading, so the group user's search reads it too), and no more pg_trgm index on
mobiles, which only served searches for digits inside a number. Membership ends when the customer is anonymized."""

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import connection as default_connection
from django.db import migrations, models


def on_postgresql(statement):
    def run(apps, schema_editor):
        # tests/conftest.py re-runs data migrations without a schema editor; the statements are idempotent.
        connection = schema_editor.connection if schema_editor else default_connection
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(statement)

    return run


DROP_MOBILE_TRIGRAMS = "DROP INDEX IF EXISTS customer_mobile_trgm"
RESTORE_MOBILE_TRIGRAMS = (
    "CREATE INDEX IF NOT EXISTS customer_mobile_trgm ON customers_customer USING gin (mobile gin_trgm_ops)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0007_customer_mobile_index"),
        ("organization", "0003_message_policy_defaults"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MobileSearch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digits", models.CharField(max_length=11, verbose_name="digits searched")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
            ],
            options={
                "verbose_name": "mobile search",
                "verbose_name_plural": "mobile search log",
                "ordering": ["-at", "-pk"],
            },
        ),
        migrations.AlterField(
            model_name="historicalmembership",
            name="revoked_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("vehicle_sold", "The vehicle was sold"),
                    ("vehicle_scrapped", "The vehicle was scrapped"),
                    ("fleet_dissolved", "The fleet fell below the minimum size and was dissolved"),
                    ("missed_services", "Missed consecutive scheduled services here"),
                    ("manager", "Revoked by a manager (harm to the dealership's reputation)"),
                    ("anonymized", "The customer's personal data was erased on request"),
                ],
                max_length=20,
                verbose_name="reason for revocation",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="revoked_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("vehicle_sold", "The vehicle was sold"),
                    ("vehicle_scrapped", "The vehicle was scrapped"),
                    ("fleet_dissolved", "The fleet fell below the minimum size and was dissolved"),
                    ("missed_services", "Missed consecutive scheduled services here"),
                    ("manager", "Revoked by a manager (harm to the dealership's reputation)"),
                    ("anonymized", "The customer's personal data was erased on request"),
                ],
                max_length=20,
                verbose_name="reason for revocation",
            ),
        ),
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(
                django.db.models.functions.text.Right("mobile", 4), models.F("store"), name="customer_mobile_last4"
            ),
        ),
        migrations.AddField(
            model_name="mobilesearch",
            name="store",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: every store.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="organization.store",
                verbose_name="store",
            ),
        ),
        migrations.AddField(
            model_name="mobilesearch",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="staff member",
            ),
        ),
        migrations.RunPython(on_postgresql(DROP_MOBILE_TRIGRAMS), on_postgresql(RESTORE_MOBILE_TRIGRAMS)),
    ]
