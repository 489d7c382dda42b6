from django.apps import AppConfig
from django.db.models.signals import post_migrate

SEARCH_INDEX_MIGRATION = ("stories", "0006_sqlite_search_index")


def restore_sqlite_search_index(using: str, **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table: put back whatever
    a later migration removed, once the search index's own migration is applied."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from stories import search_index

    connection = connections[using]
    if connection.vendor != "sqlite" or not search_index.sqlite_has_fts5():
        return
    if SEARCH_INDEX_MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return
    with connection.cursor() as cursor:
        search_index.install(cursor)


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = "Stories"
    demo_module = "stories.demo"

    def ready(self) -> None:
        post_migrate.connect(restore_sqlite_search_index, sender=self)
