"""A trigram index on the Kita's name, for "name contains" (the desk search and the catalogue).

Django's ``icontains`` on PostgreSQL is ``UPPER(name) LIKE UPPER('%…%')``; a GIN index with
``gin_trgm_ops`` on ``UPPER(name)`` answers it without reading every Kita (0.3 ms instead of
3 ms at 2,600 Kitas). PostgreSQL only, as ``beratung`` migration 0004: the extension operation
skips other vendors and the index is made by a RunPython that checks the vendor.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "kita_name_upper_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON kita_kita USING gin (UPPER(name) gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("kita", "0010_tagespflege_wishes_admin"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
