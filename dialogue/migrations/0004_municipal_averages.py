"""The stored municipal averages of the key figures, filled from the figures already imported.

The fill uses the one definition of an average (dialogue.selectors.keyfigure_averages) on the historical models,
so the stored values are exactly those the pages computed before; it only reads KeyFigure.measure, year, value and
Estate.area_m2."""

from django.db import migrations, models

from dialogue.selectors import keyfigure_averages


def fill(apps, schema_editor):
    KeyFigure = apps.get_model("dialogue", "KeyFigure")
    MunicipalAverage = apps.get_model("dialogue", "MunicipalAverage")
    averages = keyfigure_averages(KeyFigure.objects.all())
    MunicipalAverage.objects.bulk_create(
        [MunicipalAverage(measure=measure, year=year, value=value) for (measure, year), value in averages.items()]
    )


class Migration(migrations.Migration):

    dependencies = [
        ('dialogue', '0003_versions'),
    ]

    operations = [
        migrations.CreateModel(
            name='MunicipalAverage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('measure', models.CharField(choices=[('husleje_m2', 'Husleje pr. m²'), ('tomgangstab_m2', 'Tomgangstab pr. m²'), ('fraflytning_pct', 'Fraflytning i %'), ('tomme_1_feb', 'Tomme boliger pr. 1. februar'), ('drift_m2', 'Driftsudgifter pr. m²'), ('udlejning_venteliste', 'Udlejninger: almindelig venteliste'), ('udlejning_kommunal', 'Udlejninger: kommunal anvisning'), ('udlejning_fleksibel', 'Udlejninger: fleksibel udlejning'), ('udlejning_kombineret', 'Udlejninger: kombineret udlejning')], max_length=30, verbose_name='nøgletal')),
                ('year', models.PositiveSmallIntegerField(verbose_name='regnskabsår')),
                ('value', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='værdi')),
            ],
            options={
                'verbose_name': 'kommunalt gennemsnit',
                'verbose_name_plural': 'kommunale gennemsnit',
                'ordering': ['year', 'measure'],
                'constraints': [models.UniqueConstraint(fields=('measure', 'year'), name='municipalaverage_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
