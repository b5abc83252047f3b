"""Trigram (pg_trgm) GIN indexes for ``ILIKE '%x%'`` searches on big tables."""
import logging

import psycopg2
from psycopg2 import sql

_logger = logging.getLogger(__name__)


def trigram_available(cr):
    """Make sure the pg_trgm extension exists; False when it cannot be created.

    pg_trgm is a trusted extension since PostgreSQL 13, so the database owner
    may create it; an older server or a restricted role only loses the
    indexes (searches still work, just slower on very large tables).
    """
    cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    if cr.fetchone():
        return True
    try:
        with cr.savepoint():
            cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except psycopg2.Error as error:
        _logger.warning("pg_trgm is not available, no trigram indexes are created: %s",
                        str(error).strip())
        return False
    return True


def ensure_trigram_indexes(cr, table, columns):
    """Create ``<table>_<column>_trgm_idx`` GIN indexes when missing."""
    if not trigram_available(cr):
        return
    for column in columns:
        cr.execute(sql.SQL("CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (({column}::text) gin_trgm_ops)")
                   .format(index=sql.Identifier("%s_%s_trgm_idx" % (table, column)),
                           table=sql.Identifier(table), column=sql.Identifier(column)))
