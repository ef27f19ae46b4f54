"""The pure matching core: hard constraints, soft factors, the policy, sibling plans, the
candidate index, the offline travel estimate and the answer structs. Arrays and profiles in,
structs out: no database, web framework or HTTP client is imported here
(tests/unit/test_matching_core_contract.py keeps it so). The shell around it, one level up,
does the I/O: queries.py, profiles_db.py, router.py, service.py, controllers.py.
"""
