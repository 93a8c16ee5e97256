"""Desk search: the denormalised topic words, the tsvector column and, on PostgreSQL only, the
pg_trgm extension with GIN indexes (full-text on the tsvector, trigram on the name).

SQLite migrates too: the extension operation skips other vendors and the indexes are created by
a RunPython that checks the vendor (the SQLite fallback search needs no index).
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEXES = [
    (
        "dir_service_search_gin",
        "CREATE INDEX IF NOT EXISTS dir_service_search_gin ON beratung_service "
        "USING gin (search_vector)",
    ),
    (
        "dir_service_name_trgm",
        "CREATE INDEX IF NOT EXISTS dir_service_name_trgm ON beratung_service "
        "USING gin (name gin_trgm_ops)",
    ),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _name, statement in INDEXES:
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _statement in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("beratung", "0003_desk_tokens_statistics"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="service",
            name="search_topics",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="service",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
