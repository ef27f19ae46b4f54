"""`placement audit verify`: check the access log's hash chains and name the first broken link.

Each organisation's entries form one chain (the nil UUID's chain holds entries without an
organisation, such as failed sign-ins): every entry carries SHA-256 over its own content and the
previous entry's hash (migration 0007). A changed entry no longer matches its hash; a removed or
inserted one breaks the link or the sequence of the next. Entries cut off the end of a chain
leave no broken link: compare the printed chain heads with ones noted earlier.
"""

from __future__ import annotations

import msgspec

from placement.audit import queries

PLATFORM_CHAIN = "00000000-0000-0000-0000-000000000000"


class ChainHead(msgspec.Struct, kw_only=True):
    chain: str
    label: str
    entries: int
    last_seq: int
    head: str


class BrokenLink(msgspec.Struct, kw_only=True):
    chain: str
    label: str
    seq: int
    entry_id: int
    reason: str


class Verification(msgspec.Struct, kw_only=True):
    heads: list[ChainHead]
    broken: list[BrokenLink]

    @property
    def ok(self) -> bool:
        return not self.broken

    def lines(self) -> list[str]:
        total = sum(h.entries for h in self.heads)
        out = [f"audit log: {len(self.heads)} chain(s), {total} entries"]
        broken = {b.chain: b for b in self.broken}
        for head in self.heads:
            state = "BROKEN" if head.chain in broken else "ok"
            out.append(f"  {state:6} {head.label}: {head.entries} entries, "
                       f"head #{head.last_seq} {head.head[:16]}")
        for link in self.broken:
            out.append(f"FIRST BROKEN LINK in the chain of {link.label}: entry #{link.seq} "
                       f"(id {link.entry_id}): {link.reason}")
        out.append("OK: every entry matches its hash and its link to the one before"
                   if self.ok else f"FAILED: {len(self.broken)} chain(s) broken")
        return out


def _label(chain: str, name: str | None) -> str:
    if chain == PLATFORM_CHAIN:
        return "platform (no organisation)"
    return f"{name} ({chain})" if name else f"organisation {chain} (removed)"


def _reason(row: object) -> str:
    r = row  # asyncpg.Record
    if not r["content_ok"]:  # type: ignore[index]
        return "its content no longer matches its hash (changed after it was written)"
    if not r["seq_ok"]:  # type: ignore[index]
        return "entries before it are missing or were inserted (sequence gap)"
    return "its link to the entry before does not match (an earlier entry was changed)"


async def verify(conn: object) -> Verification:
    heads = [ChainHead(chain=str(r["chain_id"]), label=_label(str(r["chain_id"]),
                                                              r["organisation_name"]),
                       entries=r["entries"], last_seq=r["last_seq"], head=r["head"])
             for r in await queries.chain_heads(conn)]  # type: ignore[arg-type]
    broken = [BrokenLink(chain=str(r["chain_id"]),
                         label=_label(str(r["chain_id"]), r["organisation_name"]),
                         seq=r["chain_seq"], entry_id=r["id"], reason=_reason(r))
              for r in await queries.first_broken_links(conn)]  # type: ignore[arg-type]
    return Verification(heads=heads, broken=broken)
