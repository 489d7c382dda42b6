"""SQLite's full-text index (FTS5 tables and the triggers that keep them in step): see
`stories/search_index.py`. Nothing on PostgreSQL, whose indexes are in migration 0003, nor on
a SQLite without FTS5, where search falls back to matching words as typed."""

from django.db import migrations

from stories import search_index


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    if not search_index.sqlite_has_fts5():
        search_index.warn_without_fts5()
        return
    with schema_editor.connection.cursor() as cursor:
        search_index.install(cursor)


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        search_index.uninstall(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0005_newest_and_featured_indexes"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
