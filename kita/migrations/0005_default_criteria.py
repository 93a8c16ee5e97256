from django.db import migrations

# The criteria most German municipalities use; each is editable (and can be switched off) in
# the admin, and the points are set per allocation round.
CRITERIA = [
    {
        "code": "sibling",
        "name_de": "Geschwisterkind besucht diese Kita",
        "name_en": "A sibling attends this Kita",
        "per_wish": True,
        "points": 40,
        "order": 10,
    },
    {
        "code": "single-parent",
        "name_de": "Alleinerziehend",
        "name_en": "Single parent",
        "points": 20,
        "order": 20,
    },
    {
        "code": "working-or-training",
        "name_de": "Beide Eltern (bzw. der alleinerziehende Elternteil) berufstätig, in Ausbildung oder im Studium",
        "name_en": "Both parents (or the single parent) working, in training or studying",
        "points": 20,
        "order": 30,
    },
    {
        "code": "inclusion",
        "name_de": "Besonderer Förder- oder Inklusionsbedarf",
        "name_en": "Special support or inclusion need",
        "help_de": "Bitte beschreiben Sie kurz, was Ihr Kind braucht.",
        "help_en": "Please describe briefly what your child needs.",
        "requires_description": True,
        "points": 30,
        "order": 40,
    },
]


def create(apps, schema_editor):
    Criterion = apps.get_model("kita", "Criterion")
    for data in CRITERIA:
        Criterion.objects.update_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("kita", "0004_registration")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
