"""Keeps the tokens of the clients' storage links out of the server's logs
(no ORM import).

A storage link ``/storage/<token>`` is a bearer secret: whoever has it (and
the SMS code) opens the client's documents.  The HTTP server logs every
request line, so the token is replaced there by ``<hidden>``.
"""
import logging
import re

_STORAGE_PATH = re.compile(r"(/storage/)[A-Za-z0-9_-]{8,}")
MASK = r"\1<hidden>"


def mask_storage_tokens(text):
    """``text`` with the token of every storage link replaced."""
    return _STORAGE_PATH.sub(MASK, text) if isinstance(text, str) and "/storage/" in text else text


class StorageTokenFilter(logging.Filter):
    """A logging filter masking storage tokens in a record's message and arguments."""

    def filter(self, record):
        record.msg = mask_storage_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_storage_tokens(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: mask_storage_tokens(value) for key, value in record.args.items()}
        return True


def install(logger_names=("werkzeug", "odoo.http", "odoo.addons.base.ir.ir_http")):
    """Add the filter (once) to the loggers that write request paths."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, StorageTokenFilter) for existing in logger.filters):
            logger.addFilter(StorageTokenFilter())
