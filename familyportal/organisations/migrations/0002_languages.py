from django.db import migrations

CODES = [
    "de",
    "en",
    "tr",
    "ar",
    "pl",
    "ru",
    "uk",
    "ku",
    "fa",
    "fr",
    "es",
    "it",
    "el",
    "ro",
    "bg",
    "gsg",
]


def create(apps, schema_editor):
    Language = apps.get_model("organisations", "Language")
    Language.objects.bulk_create([Language(code=code) for code in CODES], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
