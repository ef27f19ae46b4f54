"""First-start preparation for `make run`: demo data when the database is empty."""

from __future__ import annotations

from placement.settings import Settings


async def prepare_demo(settings: Settings) -> None:
    """Load the Utrecht demo data, demo accounts and demo recruitment leads, each only once.
    The leads (and the carers approved from them) belong to the demo: a database that holds
    other data (an imported scenario) gets none, or they would turn up in its rankings."""
    from placement.auth.demo_accounts import ensure_demo_accounts
    from placement.demo.loader import load_demo_if_empty
    from placement.recruitment.demo import holds_demo_data, load_demo_leads_if_empty

    loaded = await load_demo_if_empty(settings)
    await ensure_demo_accounts(settings)
    if not (loaded or await holds_demo_data(settings)):
        print("No demo recruitment leads added: the database holds data other than the demo.")
        return
    leads = await load_demo_leads_if_empty(settings, seed=settings.demo_seed)
    if leads:
        print(f"Added {leads} demo recruitment leads (fictional people) with their campaigns.")
