"""Full-text search indexes for PostgreSQL.

Each index is on the very expression `stories/search.py` matches against (Django's
SearchVector with config "english"), because PostgreSQL uses an expression index only for the
same expression. Content indexes hold published rows only: drafts are never searched, and a
search for a word that most stories contain is still answered from the index alone, where an
index over every row would let PostgreSQL prefer the status index and re-read every story.

They are not in the models' Meta: SQLite, the newcomers' database, has no GIN indexes, and on
SQLite this migration does nothing.
"""

from django.db import migrations

PUBLISHED = "status = 'published'"


def _document(*columns: str) -> str:
    """SQL of `SearchVector(*columns, config="english")` as Django writes it."""
    text = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {text})"


# name: (table, indexed expression, rows indexed)
SEARCH_INDEXES = {
    "stories_leader_search_idx": (
        "stories_leader",
        _document("name", "title", "summary", "bio"),
        PUBLISHED,
    ),
    # Ranking starts from matches in these short fields, found without reading the story.
    "stories_leader_heading_search_idx": (
        "stories_leader",
        _document("name", "title", "summary"),
        PUBLISHED,
    ),
    # Quotes are also found by their leader's name.
    "stories_leader_name_search_idx": ("stories_leader", _document("name"), PUBLISHED),
    "stories_organisation_search_idx": ("stories_organisation", _document("name"), ""),
    "stories_quote_search_idx": ("stories_quote", _document("text"), PUBLISHED),
    "stories_pathway_search_idx": ("stories_pathway", _document("title", "summary"), PUBLISHED),
}


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression, rows) in SEARCH_INDEXES.items():
        where = f" WHERE {rows}" if rows else ""
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression}){where}"
        )


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
