"""First-start preparation for `make run`: demo data when the database is empty."""

from __future__ import annotations

from placement.settings import Settings


async def prepare_demo(settings: Settings) -> None:
    """Filled in by the demo-data module: load Utrecht demo data once."""
    from placement.demo.loader import load_demo_if_empty

    await load_demo_if_empty(settings)
    from placement.auth.demo_accounts import ensure_demo_accounts

    await ensure_demo_accounts(settings)
