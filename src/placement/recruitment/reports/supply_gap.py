"""Supply gap (pure): demand against free places per cell, small cells suppressed, ranked.

Suppression (documented in docs/recruitment.md):
1. Primary: a demand count below THRESHOLD (0 to 4 children) is shown as "<5".
2. Complementary: wijk, age band and placement type each split (nearly) every waiting child
   over their cells, so their cells add up to the total. When exactly one cell of such a
   breakdown is "<5", the smallest shown cell is suppressed too (shown as "suppressed"), so no
   small cell can be found by subtracting the shown cells from the total.
3. The total is shown when it is 5 or more.
Ranking never uses a hidden count: a "<5" cell ranks as if it held 2.5 children, a
complementary-suppressed cell as if it held 5, so the order follows from shown figures only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from placement.recruitment.reports.schemas import GapCell, GapDimension

THRESHOLD = 5
SMALL = f"<{THRESHOLD}"
SUPPRESSED = "suppressed"
SUPPRESSION_NOTE = (
    "Demand below 5 children is shown as '<5'. Where one breakdown (wijk, age band, placement "
    "type) has exactly one '<5' cell, the smallest other cell is shown as 'suppressed' too, so "
    "no small cell follows from the total by subtraction. Ranking uses shown figures only "
    "('<5' counts as 2.5, 'suppressed' as 5)."
)
# Breakdowns where each child falls in one cell, so cells sum to the total.
PARTITIONS = ("wijk", "age_band", "placement_type")


def shown(count: int) -> int | str:
    return count if count >= THRESHOLD else SMALL


def _rank_value(demand: int | str) -> float:
    if demand == SMALL:
        return THRESHOLD / 2
    if demand == SUPPRESSED:
        return float(THRESHOLD)
    return float(demand)  # type: ignore[arg-type]


def dimension(name: str, keys: Sequence[tuple[str | None, str]],
              demand: Mapping[str | None, int], supply: Mapping[str | None, int]) -> GapDimension:
    """keys: (key, label) of every cell, in a stable order (cells with no children included)."""
    shown_demand = {key: shown(demand.get(key, 0)) for key, _ in keys}
    small = [key for key, value in shown_demand.items() if value == SMALL]
    if name in PARTITIONS and len(small) == 1:
        visible = [key for key, value in shown_demand.items() if value != SMALL]
        if visible:
            smallest = min(visible, key=lambda k: (demand.get(k, 0), str(k)))
            shown_demand[smallest] = SUPPRESSED
    cells = []
    for key, label in keys:
        value = shown_demand[key]
        free = int(supply.get(key, 0))
        cells.append(GapCell(key=key, label=label, demand=value, free_places=free,
                             gap=value - free if isinstance(value, int) else None, rank=0))
    ordered = sorted(cells, key=lambda c: (-(_rank_value(c.demand) - c.free_places), c.label))
    for position, cell in enumerate(ordered, start=1):
        cell.rank = position
    return GapDimension(dimension=name, cells=ordered)
