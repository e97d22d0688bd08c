"""Loads the curated CPV crosswalk (marketplace/data/cpv_crosswalk.csv) into CpvRelation."""

import csv
from pathlib import Path

from django.db import migrations

CROSSWALK = Path(__file__).resolve().parent.parent / "data" / "cpv_crosswalk.csv"


def crosswalk_load(apps, schema_editor):
    relation = apps.get_model("marketplace", "CpvRelation")
    lines = [line for line in CROSSWALK.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    version = "curated v1"
    for row in csv.DictReader(lines):
        relation.objects.update_or_create(need=row["need"], offer=row["offer"], defaults={
            "explanation_en": row["explanation_en"], "explanation_de": row["explanation_de"], "source": version})


def crosswalk_unload(apps, schema_editor):
    apps.get_model("marketplace", "CpvRelation").objects.filter(source="curated v1").delete()


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0007_matching_attributes_relations")]
    operations = [migrations.RunPython(crosswalk_load, crosswalk_unload)]
