"""Sibling groups as a graph (pure): children are nodes, ties are edges carrying kind and intent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from uuid import UUID

import networkx as nx


class Tie(Protocol):
    child_a_id: UUID
    child_b_id: UUID
    intent: str


def sibling_graph(ties: Iterable[Tie]) -> nx.Graph:
    graph = nx.Graph()
    for tie in ties:
        graph.add_edge(tie.child_a_id, tie.child_b_id, intent=tie.intent)
    return graph


def group_of(child_id: UUID, ties: Iterable[Tie]) -> list[UUID]:
    """Everyone connected to the child through any tie, the child included."""
    graph = sibling_graph(ties)
    if child_id not in graph:
        return [child_id]
    return sorted(nx.node_connected_component(graph, child_id), key=str)


def together_parts(group: Iterable[UUID], ties: Iterable[Tie]) -> list[list[UUID]]:
    """The group split along the ties that are not `together`: the parts that should live
    together. Largest part first; a child without a together-tie is a part of its own."""
    graph = nx.Graph()
    graph.add_nodes_from(group)
    graph.add_edges_from((t.child_a_id, t.child_b_id) for t in ties if t.intent == "together")
    parts = [sorted(part, key=str) for part in nx.connected_components(graph)]
    return sorted(parts, key=lambda part: (-len(part), str(part[0])))
