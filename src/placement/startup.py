"""First-start preparation for `make run`: demo data when the database is empty."""

from __future__ import annotations

from placement.settings import Settings


async def prepare_demo(settings: Settings) -> None:
    """Load the Utrecht demo data, demo accounts and demo recruitment leads, each only once."""
    from placement.auth.demo_accounts import ensure_demo_accounts
    from placement.demo.loader import load_demo_if_empty
    from placement.recruitment.demo import load_demo_leads_if_empty

    await load_demo_if_empty(settings)
    await ensure_demo_accounts(settings)
    leads = await load_demo_leads_if_empty(settings, seed=settings.demo_seed)
    if leads:
        print(f"Added {leads} demo recruitment leads (fictional people) with their campaigns.")
