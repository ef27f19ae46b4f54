"""Settings come from the environment; a bad value names its variable."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from placement.cli_settings import load_settings
from placement.settings import Settings


def test_values_are_read_from_placement_variables() -> None:
    settings = Settings.from_env({"PLACEMENT_PORT": "8123", "PLACEMENT_DATA_DIR": "/tmp/elders",
                                  "PLACEMENT_SECURE_COOKIES": "true"})
    assert (settings.port, settings.data_dir, settings.secure_cookies) == (
        8123, Path("/tmp/elders"), True)


def test_placement_database_url_wins_over_database_url() -> None:
    both = Settings.from_env({"DATABASE_URL": "postgresql://a/x",
                              "PLACEMENT_DATABASE_URL": "postgresql://b/y"})
    assert both.database_url == "postgresql://b/y"
    assert Settings.from_env({"DATABASE_URL": "postgresql://a/x"}).database_url == \
        "postgresql://a/x"
    assert Settings.from_env({}).database_url is None


def test_a_bad_value_on_the_command_line_names_the_variable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLACEMENT_PORT", "achtduizend")
    with pytest.raises(click.UsageError, match=r"^PLACEMENT_PORT: Expected `int`"):
        load_settings()
