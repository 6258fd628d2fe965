"""Team server mode: two reviews from two processes at once against one real Chroma server.

The server is the one the chromadb package ships (``chroma run``), started on a free port of
127.0.0.1 and stopped at the end. Both processes share one data folder, as one office app would.
Each review must come out right, and a search of one set must never return the other's passages
(checked on the raw vector-store results, before any filtering by the set's own chunk ids).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.contract_sets import ContractSets
from reviewer.settings import Settings
from reviewer.store.embedding import get_embedder
from reviewer.store.vectors import VectorStore
from reviewer.trust.audit_verify import verify
from tests.support.builders import chinese_docx, chinese_pdf, english_docx, english_pdf
from tests.support.strace_log import inet_calls

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini-playbook.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chroma_binary() -> str:
    found = Path(sys.executable).with_name("chroma")
    if found.exists():
        return str(found)
    which = shutil.which("chroma")
    if which is None:
        pytest.fail("the `chroma` command (from the chromadb package) is not installed; run `make install-dev`")
    return which


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, Path | None]]:
    port = _free_port()
    command = [
        _chroma_binary(),
        "run",
        "--path",
        str(tmp_path / "server"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    trace = tmp_path / "server.strace" if shutil.which("strace") else None
    if trace is not None:
        command = ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace), *command]
    log = (tmp_path / "server.log").open("wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    # Its own process group: stopping it stops strace, the `chroma` wrapper and the server alike.
    server = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Chroma server did not start: {(tmp_path / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
        yield url, trace
    finally:
        _stop_group(server)
        log.close()


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            continue
        # strace may have ended before the server it traced: make sure the group is empty.
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)


def _review_process(files: list[Path], out: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "reviewer",
        "review",
        *map(str, files),
        "--playbook",
        str(MINI),
        "-o",
        str(out),
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_reviews_at_once_against_one_chroma_server(
    tmp_path: Path, chroma_server: tuple[str, Path | None]
) -> None:
    url, trace = chroma_server
    english = [english_docx(tmp_path / "msa.docx"), english_pdf(tmp_path / "dpa.pdf")]
    chinese = [chinese_docx(tmp_path / "zh-msa.docx"), chinese_pdf(tmp_path / "zh-dpa.pdf")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWER_")}
    env.update(REVIEWER_DATA_DIR=str(tmp_path / "data"), REVIEWER_CHROMA_URL=url, PYTHONPATH=str(ROOT))
    outputs = [tmp_path / "english.json", tmp_path / "chinese.json"]
    processes = [_review_process(english, outputs[0], env), _review_process(chinese, outputs[1], env)]
    for process in processes:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr.decode()[-3000:]

    reviews = [json.loads(p.read_text()) for p in outputs]
    statuses = [{f["check_id"]: f["status"] for f in r["findings"]} for r in reviews]
    assert statuses[0]["no-training"] == "satisfied" and statuses[0]["breach-notice-hours"] == "satisfied"
    # "未经客户书面同意，供应商不得使用客户数据训练": found, and partial because of the consent carve-out.
    assert statuses[1]["no-training"] == "partial"
    set_ids = [r["contract_set"]["id"] for r in reviews]
    assert set_ids[0] != set_ids[1]

    settings = Settings(data_dir=tmp_path / "data", chroma_url=url)
    contract_sets = ContractSets(settings)
    store = VectorStore(settings, get_embedder(settings))
    own = {set_id: {c.id for c in contract_sets.load(set_id).chunks} for set_id in set_ids}
    for set_id in set_ids:
        assert store.count(set_id) == len(own[set_id])
    queries = [
        "store Customer Data in the European Union",
        "供应商应仅在中华人民共和国境内存储客户数据",
        "governing law",
    ]
    for set_id, other in ((set_ids[0], set_ids[1]), (set_ids[1], set_ids[0])):
        for hits in store.query(set_id, queries, k=50):
            ids = {chunk_id for chunk_id, _ in hits}
            assert ids and ids <= own[set_id]
            assert not ids & own[other]
    english_text = " ".join(h.chunk.text for h in contract_sets.search(set_ids[0], queries[1], k=10))
    assert not re.search(r"[\u4e00-\u9fff]", english_text)  # no Chinese passage in the English set's results

    check = verify(settings)
    assert check.ok and [e for e in check.problems] == []
    assert check.entries == 2  # one review entry from each process, chained in order
    if trace is not None:
        outbound = inet_calls(trace)
        assert outbound == [], outbound[:5]  # the server itself phones nowhere
