"""Timing helpers and the printed table."""

from __future__ import annotations

import resource
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import numpy as np


@dataclass
class Timing:
    name: str
    samples_ms: list[float]
    note: str = ""

    def pct(self, q: float) -> float:
        return float(np.percentile(self.samples_ms, q)) if self.samples_ms else float("nan")

    @property
    def p50(self) -> float:
        return self.pct(50)

    @property
    def p95(self) -> float:
        return self.pct(95)


def time_sync(name: str, calls: Iterable[Callable[[], object]], note: str = "") -> Timing:
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(name, samples, note)


async def time_async(name: str, calls: Iterable[Callable[[], Awaitable[object]]],
                     note: str = "") -> Timing:
    samples = []
    for call in calls:
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(name, samples, note)


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its (finished) children, in MB (Linux: KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def table(rows: list[Timing]) -> str:
    head = f"{'measurement':<44} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  note"
    lines = [head, "-" * len(head)]
    for t in rows:
        top = max(t.samples_ms) if t.samples_ms else float("nan")
        lines.append(f"{t.name:<44} {len(t.samples_ms):>5} {t.p50:>9.2f} {t.p95:>9.2f} "
                     f"{top:>9.2f}  {t.note}")
    return "\n".join(lines)
