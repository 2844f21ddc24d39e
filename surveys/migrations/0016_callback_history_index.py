"""The queues' history: done callbacks of a store, latest first, read page by page down an index; the dissatisfied
ones down their own."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0015_weekly_and_monthly_focus_items"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="callback",
            index=models.Index(
                condition=models.Q(("completed_at__isnull", False)),
                fields=["store", "-completed_at", "-id"],
                name="callback_done_by_store",
            ),
        ),
        migrations.AddIndex(
            model_name="callback",
            index=models.Index(
                condition=models.Q(("completed_at__isnull", False), ("reached", True), ("satisfied", False)),
                fields=["store", "-completed_at", "-id"],
                name="callback_dissatisfied_by_store",
            ),
        ),
    ]
