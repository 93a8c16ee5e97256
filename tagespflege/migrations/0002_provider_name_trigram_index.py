"""A trigram index on the childminder's public name, for "name contains" (the desk search).

As ``kita`` migration 0011 for the Kita's name: ``icontains`` is ``UPPER(display_name) LIKE
UPPER('%…%')``, answered by a GIN ``gin_trgm_ops`` index on ``UPPER(display_name)``.
PostgreSQL only.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "tp_provider_name_upper_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON tagespflege_provider "
            "USING gin (UPPER(display_name) gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("tagespflege", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
