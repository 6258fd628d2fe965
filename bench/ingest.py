"""Ingestion speed, side by side: ``python -m bench.ingest [--pages 50] [--repeat 1]``.

Builds a contract PDF of ``--pages`` pages in a temporary folder and prints, from one run:
raw pypdfium2 text extraction, raw pdfplumber text extraction, raw ONNX embedding of the chunks
the ingest makes, the full ingest with its stages, a re-ingest of the same file, the same two as
fresh ``reviewer`` processes, and peak memory. Targets (issue 2): full ingest no more than 1.5x
(pypdfium2 extraction + raw embedding); re-ingest under 1 s; peak memory under 1.5 GB.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
RATIO_TARGET = 1.5
REINGEST_TARGET_S = 1.0
MEMORY_TARGET_MB = 1536


def timed(work: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The fastest of ``repeat`` runs (the machine is shared: the minimum is the least disturbed)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - t)
    return best, result  # type: ignore[return-value]


def pypdfium2_text(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    chars = 0
    for page in doc:
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    doc.close()
    return chars


def pdfplumber_text(data: bytes) -> int:
    import pdfplumber

    chars = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            page.close()
    return chars


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def run_cli(pdf: Path, data_dir: Path) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWER_")}
    env["REVIEWER_DATA_DIR"] = str(data_dir)
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "ingest", str(pdf), "--json"], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise SystemExit(f"reviewer ingest failed: {done.stderr.strip()}")
    return time.perf_counter() - t, done.stdout


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES TARGET"


Row = tuple[str, float, str]
STARTUP = "from reviewer.cli import build_parser; build_parser()"


def fresh_processes(pdf: Path, data_dir: Path) -> tuple[list[Row], float]:
    """`reviewer ingest` twice in new processes, and the start-up cost alone; the peak memory of
    the children (measured before this process grows: a child inherits its parent's peak)."""
    t_import = timed(lambda: subprocess.run([sys.executable, "-c", STARTUP], check=True), 1)[0]
    t_cli, _ = run_cli(pdf, data_dir)
    t_cli_again, out = run_cli(pdf, data_dir)
    assert '"reused": true' in out, "the fresh-process re-ingest did not find the stored set"
    rows = [
        ("`reviewer ingest` fresh process", t_cli, "imports, model load, Chroma start included"),
        ("`reviewer ingest` again, fresh process", t_cli_again, "found stored; start-up included"),
        ("  of which Python start-up and imports", t_import, "the CLI with nothing to do"),
    ]
    return rows, peak_rss_mb(resource.RUSAGE_CHILDREN)


def in_process(pdf: Path, data: bytes, data_dir: Path, repeat: int) -> tuple[list[Row], float]:
    """The raw steps, then the full ingest and a re-ingest; returns the rows and the budget."""
    from reviewer.contract_sets import ContractSets
    from reviewer.ingest import parse_bytes
    from reviewer.ingest.chunking import chunk_document
    from reviewer.settings import Settings
    from reviewer.store.embedding import get_embedder

    settings = Settings(data_dir=data_dir)
    t_pdfium, chars = timed(lambda: pypdfium2_text(data), repeat)
    t_plumber, _ = timed(lambda: pdfplumber_text(data), repeat)
    t_load, embedder = timed(lambda: get_embedder(settings), 1)
    document = parse_bytes(data, pdf.name, settings)
    chunks = chunk_document(document, "0" * 64, size=settings.chunk_size, overlap=settings.chunk_overlap)
    texts = [c.text for c in chunks]
    t_embed, _ = timed(lambda: embedder.embed(texts), repeat)

    print(
        f"contract PDF: {len(document.pages)} pages, {len(data) / 1024:.0f} KiB, {len(document.sections)} sections"
    )
    full = ContractSets(settings).ingest([(pdf.name, data)])
    again = ContractSets(settings).ingest([(pdf.name, data)])
    assert again.reused, "the re-ingest did not find the stored set"
    budget = RATIO_TARGET * (t_pdfium + t_embed)
    ratio = full.seconds / (t_pdfium + t_embed)
    rows = [
        ("raw pypdfium2 text extraction", t_pdfium, f"{chars:,} characters"),
        ("raw pdfplumber text extraction", t_plumber, f"{t_plumber / t_pdfium:.0f}x pypdfium2"),
        (f"raw ONNX embedding ({len(texts)} chunks)", t_embed, f"model loaded once before: {t_load:.2f} s"),
        (
            "full ingest (ContractSets.ingest)",
            full.seconds,
            f"{ratio:.2f}x (pypdfium2 + embedding); {verdict(full.seconds <= budget)}",
        ),
        *[(f"  stage: {stage}", seconds, "") for stage, seconds in full.stages.items()],
        ("re-ingest, same files, same process", again.seconds, verdict(again.seconds < REINGEST_TARGET_S)),
    ]
    return rows, budget


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each raw step; the fastest is shown")
    parser.add_argument("--no-cli", action="store_true", help="skip the fresh-process measurements")
    args = parser.parse_args(argv)

    from tests.support.builders import long_contract_pdf

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = Path(tmp)
        pdf = long_contract_pdf(folder / "contract.pdf", pages=args.pages)
        data = pdf.read_bytes()
        fresh, child_rss = ([], 0.0) if args.no_cli else fresh_processes(pdf, folder / "cli-data")
        rows, budget = in_process(pdf, data, folder / "data", args.repeat)
        rss = peak_rss_mb()

    print(f"{'step':46} {'seconds':>8}  note")
    for label, seconds, note in [*rows, *fresh]:
        print(f"{label:46} {seconds:8.2f}  {note}")
    print(f"{'budget: 1.5 x (pypdfium2 + raw embedding)':46} {budget:8.2f}")
    print(f"peak memory, this process (all of the above): {rss:.0f} MB; {verdict(rss < MEMORY_TARGET_MB)}")
    if fresh:
        print(
            f"peak memory, `reviewer ingest` process: {child_rss:.0f} MB; {verdict(child_rss < MEMORY_TARGET_MB)}"
        )
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (a shared machine: timings are noisy)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
