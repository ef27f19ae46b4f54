"""The figure of `make mutation`: the kill rate of the mutation run over the pure matching core.

    python -m tests.mutation_report          # counts, survivors, kill rate, one JSON line
    python -m tests.mutation_report --names  # the unkilled mutants' names, for `mutmut run`

Reads mutmut's own verdicts (`mutmut results --all true`, run in the project root after
`mutmut run`) and prints the counts, the kill rate killed / (total - skipped), the survivors by
name, and one JSON line. A timeout or a crash of the mutated code counts as killed: the tests
noticed. "no tests" (no selected test reaches the function) and "suspicious" count against the
rate, as a survivor does; "not checked" means the run was cut short and is reported as such.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

KILLED = ("killed", "timeout", "segfault", "caught by type check")
UNKILLED = ("survived", "no tests", "suspicious")


def verdicts(mutmut: str) -> dict[str, str]:
    out = subprocess.run([mutmut, "results", "--all", "true"], check=True, capture_output=True,
                         text=True).stdout
    found: dict[str, str] = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            found[name] = status
    return found


def summary(found: dict[str, str]) -> dict[str, object]:
    counts = Counter(found.values())
    total = len(found)
    skipped = counts["skipped"]
    killed = sum(counts[s] for s in KILLED)
    rate = killed / (total - skipped) if total > skipped else 0.0
    return {"total": total, "killed": killed, "survived": counts["survived"],
            "no_tests": counts["no tests"], "suspicious": counts["suspicious"],
            "timeout": counts["timeout"], "skipped": skipped,
            "not_checked": counts["not checked"], "kill_rate": round(rate, 4)}


def main() -> int:
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    found = verdicts(mutmut)
    if "--names" in sys.argv[1:]:
        # The mutants the tests have not killed yet, for `mutmut run NAME...` to check again
        # against the tests as they are now (mutmut keeps a verdict once given).
        print(" ".join(n for n, status in sorted(found.items()) if status in UNKILLED))
        return 0
    if not found:
        print("No mutation results: run `make mutation` (mutmut run) first.")
        return 1
    s = summary(found)
    for name, status in sorted(found.items()):
        if status not in KILLED and status != "skipped":
            print(f"  {status:<11} {name}")
    print(f"mutants {s['total']}: killed {s['killed']} (of which timeout {s['timeout']}), "
          f"survived {s['survived']}, no tests {s['no_tests']}, suspicious {s['suspicious']}, "
          f"skipped {s['skipped']}, not checked {s['not_checked']}")
    print(f"kill rate {s['killed']}/{s['total'] - s['skipped']} = {s['kill_rate']:.1%} "
          f"(survivors: {s['survived'] + s['no_tests'] + s['suspicious']})")
    if s["not_checked"]:
        checked = int(s["total"]) - int(s["skipped"]) - int(s["not_checked"])
        print(f"the run was cut short: {s['not_checked']} not checked; over the {checked} checked "
              f"the kill rate is {int(s['killed']) / max(checked, 1):.1%}")
    print(json.dumps({"mutation": "placement.matching.core", **s}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
