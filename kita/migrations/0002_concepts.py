from django.db import migrations

CODES = [
    "montessori",
    "waldorf",
    "forest",
    "bilingual",
    "reggio",
    "situational",
    "open",
    "movement",
    "music",
    "religious",
]


def create(apps, schema_editor):
    Concept = apps.get_model("kita", "Concept")
    Concept.objects.bulk_create([Concept(code=code) for code in CODES], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("kita", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
