"""Drop the key figures' own index on estate: the unique index (estate, year, measure) serves every lookup by estate,
and beside it the planner chose the smaller one and read every year of each estate to find the year asked for."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0004_municipal_averages"),
    ]

    operations = [
        migrations.AlterField(
            model_name="keyfigure",
            name="estate",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="key_figures",
                to="dialogue.estate",
                verbose_name="afdeling",
            ),
        ),
    ]
