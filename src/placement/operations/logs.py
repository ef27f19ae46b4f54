"""Structured logs: one JSON object a line on standard error, for a log collector.

What is logged is decided where it is logged (no names, addresses, birth dates or e-mail
addresses anywhere: tests/security/test_no_personal_data_in_logs.py). This formatter adds no
request data of its own: no client address, no query string, no headers.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.config
from typing import Any

import msgspec

from placement.settings import Settings

# Attributes every LogRecord has; anything else was passed with `extra=` and is kept.
# uvicorn's color_message is its message again with terminal colour codes.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return msgspec.json.encode(entry, enc_hook=str).decode()


def configure_logging(settings: Settings, *, verbose: bool = False) -> dict[str, Any]:
    """Set up the root logger and return the same configuration for uvicorn's log_config, so
    that uvicorn's own messages come out in the same format. uvicorn's access log stays off: it
    would log client addresses and full paths."""
    formatter = ({"()": JsonFormatter} if settings.log_format == "json"
                 else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"})
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "default",
                                "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": "INFO" if verbose else "WARNING"},
        "loggers": {
            "placement": {"level": "INFO"},
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"level": "INFO"},
            "alembic": {"level": "WARNING"},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "CRITICAL"},
        },
    }
    logging.config.dictConfig(config)
    return config
