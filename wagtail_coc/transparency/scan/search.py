"""What the search index keeps of a scanned page, and forgetting what it no longer holds.

Pages of the transparency app index only their title (``search_fields``), which is checked
on every save. Search backends still keep old terms after a row changes: SQLite's FTS5 keeps
deleted terms in its segments until they are merged. After a clean version is published the
FTS5 index is merged (``optimize``), so terms of earlier index rows (indexed before an
upgrade, or before the register grew) leave the file; with ``PRAGMA secure_delete = ON`` the
freed pages are zeroed. PostgreSQL's index rows are ordinary rows: ``pg_dump`` never shows
dead tuples, and ``VACUUM`` frees them.
"""

from django.db import connection

FTS_TABLE = "wagtailsearch_indexentry_fts"


def forget_deleted_search_terms() -> bool:
    """Merge SQLite's FTS5 segments so deleted terms are dropped. True if it ran."""
    if connection.vendor != "sqlite" or FTS_TABLE not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    return True
