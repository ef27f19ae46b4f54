"""Response structs for model versions (the bytes of a model never leave the database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from placement.core.schemas import Page


class ModelVersionOut(msgspec.Struct, kw_only=True):
    version: int
    trained_at: dt.datetime
    trained_by: str
    source: str
    algorithm: str
    data_from: dt.date
    data_to: dt.date
    n_train: int
    n_test: int
    features: list[str]
    metrics: dict[str, Any]  # the held-out test figures
    groups: list[dict[str, Any]]
    is_active: bool
    activated_at: dt.datetime | None
    activated_by: str | None
    artifact_sha256: str


class ModelCardOut(msgspec.Struct, kw_only=True):
    version: int
    card: str  # markdown
    calibration_svg: str


class ActiveModelOut(msgspec.Struct, kw_only=True):
    version: int | None  # None: the ranking runs without the stability factor


class ModelVersionPage(Page[ModelVersionOut]):
    items: list[ModelVersionOut]
