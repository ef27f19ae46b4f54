"""Sibling groups as a graph: connected group and the parts meant to live together."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from placement.siblings.graph import group_of, together_parts


@dataclass
class T:
    child_a_id: UUID
    child_b_id: UUID
    intent: str


def test_group_follows_every_kind_of_tie() -> None:
    a, b, c, d, e = (uuid4() for _ in range(5))
    ties = [T(a, b, "together"), T(b, c, "contact"), T(d, e, "together")]
    assert set(group_of(c, ties)) == {a, b, c}
    assert group_of(uuid4(), ties)[0] not in {a, b, c, d, e}


def test_apart_and_contact_ties_split_the_parts() -> None:
    a, b, c, d = (uuid4() for _ in range(4))
    ties = [T(a, b, "together"), T(b, c, "apart"), T(c, d, "together"), T(a, d, "contact")]
    parts = together_parts([a, b, c, d], ties)
    assert sorted(map(frozenset, parts), key=str) == sorted([frozenset({a, b}),
                                                             frozenset({c, d})], key=str)
    everyone_together = together_parts([a, b, c], [T(a, b, "together"), T(b, c, "together")])
    assert len(everyone_together) == 1 and set(everyone_together[0]) == {a, b, c}
