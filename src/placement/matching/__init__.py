"""Matching: hard constraints, soft factors, versioned policy, sibling plans, candidate index,
ranking snapshots. In-process entry points (used by the benchmark, documented in
docs/matching.md):

    index = CandidateIndex.from_rows(carers, competences, places, occupancies)
    index = await load_index(conn)                      # placement.matching.queries
    ranking = rank_child(index, child, request, policy, filters)
    plans = plan_group(index, request, policy, filters)
    result = await MatchingService(...).search(request_id, SearchIn(...))   # service.py
"""
