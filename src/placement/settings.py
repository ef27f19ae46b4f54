"""Settings come from PLACEMENT_* environment variables, read once by the caller and passed in."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    # With no database_url, an embedded PostgreSQL is started with its data in data_dir.
    database_url: str | None = None
    # The role that owns the tables and runs migrations; default database_url (one role).
    owner_database_url: str | None = None
    data_dir: Path = PROJECT_ROOT / ".data"
    geodata_dir: Path = PROJECT_ROOT / "geodata"
    national_pc4_path: Path = PROJECT_ROOT.parent / "shared" / "geodata" / "nl-pc4" / "4pp.csv"
    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    pool_min_size: int = 1
    pool_max_size: int = 10
    # Loaded on first start of `make run` when the database holds no children yet.
    load_demo_data: bool = False
    demo_seed: int = 7
    demo_password: str | None = None
    secure_cookies: bool = False
    # Proxies whose X-Forwarded-For is believed (comma-separated addresses or networks);
    # none by default: the connection's own address counts (placement.core.server).
    trusted_proxies: str = ""
    session_idle_minutes: int = 30
    session_absolute_hours: int = 10
    router_url: str | None = None  # OSRM-compatible router; None means offline estimate only
    recruitment_retention_months: int = 12
    # Operations (docs/operations.md, docs/deployment.md).
    workers: int = 1  # uvicorn worker processes of `placement serve`
    pg_bin_dir: Path | None = None  # pg_dump/pg_restore; default: the embedded server's
    log_format: str = "json"  # "json" (one object a line) or "text"
    maintenance_interval_minutes: int = 60  # 0 turns the in-app maintenance job off
    session_retention_days: int = 30  # ended or expired sessions are deleted after this
    login_attempt_retention_days: int = 30
    snapshot_retention_months: int = 24  # ranking snapshots of closed requests
    child_file_retention_years: int = 20  # Jeugdwet art. 7.3.8: 20 years after end of care

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        # DATABASE_URL is the convention for "use this server"; PLACEMENT_DATABASE_URL wins.
        url = env.get("PLACEMENT_DATABASE_URL") or env.get("DATABASE_URL")
        if url:
            values["database_url"] = url
        for field in msgspec.structs.fields(cls):
            key = "PLACEMENT_" + field.name.upper()
            if field.name == "database_url" or key not in env:
                continue
            values[field.name] = env[key]
        return msgspec.convert(values, cls, strict=False, dec_hook=_decode_path)

    def replace(self, **changes: object) -> Settings:
        return msgspec.structs.replace(self, **changes)


def _decode_path(type_: type, obj: object) -> object:
    if type_ is Path and isinstance(obj, str):
        return Path(obj)
    raise TypeError(f"cannot read a {type_.__name__} from {obj!r}")
