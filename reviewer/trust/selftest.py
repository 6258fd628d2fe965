"""``reviewer doctor --selftest``: run the whole path on a sample contract and watch the network.

A contract written for this check is ingested and reviewed in a temporary data folder (the
user's own data is not touched), with the egress monitor on; the result says how many network
events Python code made and whether any went anywhere but the configured hosts.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.settings import Settings
from reviewer.trust.egress import EgressMonitor, NetworkEvent

SAMPLE_CONTRACT = """AI SERVICES AGREEMENT (sample written for the self-test)

1. Customer Data
1.1 Vendor shall process Customer Data only to provide the Service to Customer.
1.2 Vendor shall not use Customer Data, prompts or outputs to train or improve any model.

2. Security
2.1 Vendor shall notify Customer of a personal data breach within forty-eight (48) hours.

3. Deletion
3.1 Within thirty (30) days after termination Vendor shall delete all Customer Data and certify it.

4. Governing Law
4.1 This Agreement is governed by the laws of Ireland.
"""


@dataclass
class SelfTest:
    playbook: str
    findings: int
    seconds: float
    events: list[NetworkEvent] = field(default_factory=list)

    @property
    def violations(self) -> list[NetworkEvent]:
        return [e for e in self.events if not e.allowed]


def run(settings: Settings, playbook: str) -> SelfTest:
    """Ingest and review the sample in a scratch data dir with ``settings``' hosts and models."""
    from reviewer import api

    with tempfile.TemporaryDirectory(prefix="reviewer-selftest-") as scratch:
        # A new object, not model_copy: the data dir's derived paths are cached on the old one.
        # Its audit log gets a scratch key, not one in the user's keyring.
        scratch_dirs = {"data_dir": Path(scratch) / "data", "audit_key_file": Path(scratch) / "audit-key.json"}
        trial = Settings(**{**settings.model_dump(), **scratch_dirs, "auth": False})
        sample = Path(scratch) / "sample-agreement.txt"
        sample.write_text(SAMPLE_CONTRACT, encoding="utf-8")
        started = time.perf_counter()
        with EgressMonitor.for_settings(trial) as monitor:
            review = api.review(paths=[sample], playbook=playbook, settings=trial)
        return SelfTest(
            playbook=review.playbook.name,
            findings=len(review.findings),
            seconds=round(time.perf_counter() - started, 2),
            events=list(monitor.events),
        )
