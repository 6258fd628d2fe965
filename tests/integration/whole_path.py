"""The whole path in one process, for the egress tests: ingest, review, JSON, a report if the
report renderer is installed, and deletion. Run as a script (in a network namespace) or imported.

Prints one JSON line with what it did, so that the calling test can check it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini-playbook.yaml"


def run_whole_path(files: list[Path], out: Path) -> dict[str, Any]:
    from reviewer import api
    from reviewer.cli import main as cli

    ingested = api.ingest(files, name="egress test")
    set_id = ingested.contract_set.id
    review = api.review(set_id=set_id, playbook=str(MINI), tier="core-secret")
    review_json = out / "review.json"
    review_json.write_text(review.model_dump_json(indent=2), encoding="utf-8")
    reports = []
    if importlib.util.find_spec("reviewer.cli.report") is not None:  # the report renderer, when merged
        for fmt in ("html", "md"):
            target = out / f"report.{fmt}"
            code = cli(["review", "--set", set_id, "--playbook", str(MINI), "--format", fmt, "-o", str(target)])
            if code != 0 or not target.is_file():
                raise SystemExit(f"rendering {fmt} failed with exit code {code}")
            reports.append(target.name)
    hits = api.search(set_id, "notify customer of a breach", k=3)
    receipt = api.delete_set(set_id)
    return {
        "set_id": set_id,
        "chunks": ingested.contract_set.chunk_count,
        "findings": len(review.findings),
        "statuses": {f.check_id: f.status for f in review.findings},
        "review_json_bytes": review_json.stat().st_size,
        "reports": reports,
        "search_hits": len(hits),
        "deleted_vectors": receipt["vectors_removed"],
        "deletion_complete": receipt["verification"]["complete"],  # type: ignore[index]
    }


def _network_is_absent() -> str:
    """Proof that this process has no network: loopback is its only interface."""
    import socket

    names = [name for _, name in socket.if_nameindex()]
    if names != ["lo"]:
        raise SystemExit(f"network interfaces {names} are present: this run proves nothing")
    return "only the loopback interface"


PROBE = ("192.0.2.1", 80)  # TEST-NET-1: never a real host


def _probe_connection() -> None:
    """One deliberate outside connection attempt, so that a tracer can show it sees such attempts."""
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        probe.connect_ex(PROBE)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    linger = float(sys.argv[2])
    files = [Path(p) for p in sys.argv[3:]]
    result = {"network": _network_is_absent(), **run_whole_path(files, out)}
    _probe_connection()
    time.sleep(linger)  # libraries that phone home a few seconds after starting get their chance
    print(json.dumps(result))
