"""Full-text search indexes for PostgreSQL.

Each index is on the very expression `stories/search.py` matches against (Django's
SearchVector with config "english"): PostgreSQL uses an expression index only when the query's
expression is the same. They are not in the models' Meta because SQLite, the newcomers'
database, has no GIN indexes; on SQLite this migration does nothing.
"""

from django.db import migrations


def _document(*columns: str) -> str:
    """SQL of `SearchVector(*columns, config="english")` as Django writes it."""
    text = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {text})"


SEARCH_INDEXES = {
    "stories_leader_search_idx": ("stories_leader", _document("name", "title", "summary", "bio")),
    # Quotes are also found by their leader's name.
    "stories_leader_name_search_idx": ("stories_leader", _document("name")),
    "stories_organisation_search_idx": ("stories_organisation", _document("name")),
    "stories_quote_search_idx": ("stories_quote", _document("text")),
    "stories_pathway_search_idx": ("stories_pathway", _document("title", "summary")),
}


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in SEARCH_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_editor_permissions"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
