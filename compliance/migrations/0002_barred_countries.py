"""Countries barred from public contracts (kept by admins), seeded with Russia; licences name destinations."""

import django_countries.fields
from django.db import migrations, models


# Russia: Art. 5k(1) of Council Regulation (EU) No 833/2014 (inserted by Regulation (EU) 2022/576) prohibits
# awarding or continuing public and concession contracts with Russian nationals and entities established in
# Russia, entities more than 50 % owned by them, and those acting on their behalf, including subcontractors,
# suppliers or entities relied on for more than 10 % of the contract value.
# Belarus is not seeded: Council Regulation (EC) No 765/2006, as amended up to Regulation (EU) 2024/1865, bans
# exports of arms, dual-use and defence-relevant goods to Belarus (Art. 1e, 1f), which the destination rules
# already treat as embargoed, but it has no counterpart to Art. 5k barring Belarusian entities from public
# contracts. Admins add a row when such a ban is adopted.
SEED = [
    {"country": "RU",
     "legal_basis": "Art. 5k of Council Regulation (EU) No 833/2014",
     "note": "Public and concession contracts may not be awarded to, or continued with, Russian nationals or "
             "entities established in Russia, entities more than 50 % owned by them or acting on their behalf, "
             "including subcontractors, suppliers or entities relied on for more than 10 % of the contract "
             "value (inserted by Council Regulation (EU) 2022/576)."},
]


def seed(apps, schema_editor):
    barred = apps.get_model("compliance", "BarredCountry")
    for row in SEED:
        barred.objects.update_or_create(country=row["country"], defaults=row)


def unseed(apps, schema_editor):
    apps.get_model("compliance", "BarredCountry").objects.filter(country__in=[r["country"] for r in SEED]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='BarredCountry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('country', django_countries.fields.CountryField(max_length=2, unique=True, verbose_name='country')),
                ('legal_basis', models.CharField(help_text='e.g. Art. 5k of Council Regulation (EU) No 833/2014', max_length=300, verbose_name='legal basis')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'country barred from public contracts',
                'verbose_name_plural': 'countries barred from public contracts',
                'ordering': ['country'],
            },
        ),
        migrations.AlterField(
            model_name='licence',
            name='destinations',
            field=models.JSONField(default=list, help_text='ISO codes of the countries the licence covers (at least one)', verbose_name='destination countries'),
        ),
        migrations.RunPython(seed, unseed),
    ]
