"""Settings for the command line: a bad PLACEMENT_* value is a one-line error, not a traceback."""

from __future__ import annotations

import click
import msgspec

from placement.settings import Settings


def load_settings() -> Settings:
    try:
        return Settings.from_env()
    except msgspec.ValidationError as exc:
        # e.g. "Expected `int`, got `str` - at `$.port`": name the variable the operator set.
        field = str(exc).rsplit("$.", 1)[-1].rstrip("`")
        raise click.UsageError(
            f"PLACEMENT_{field.upper()}: {str(exc).split(' - at ')[0]}") from None
