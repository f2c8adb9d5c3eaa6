"""`discourse report` end to end: seconds and peak memory on four corpora, beside the targets.

The corpora are made on the fly, reproducibly (seed 0), from the sentences of the built-in
example (nothing is downloaded or committed): documents of 300-1,500 words in two groups for
about 100,000 and 1,000,000 words, and 100,000 one-paragraph documents of 1-2 sentences (tweets,
reviews) in two groups. Each report runs in a fresh process (``python -m discourse report``),
cold: nothing cached between runs. Peak memory is the largest sum of the memory of the report's
process and every process under it (the notebook kernels), sampled every 50 ms, each process
counted by its proportional set size (a page shared by forked processes is counted once); CPU
is the seconds of CPU they used together (on a loaded machine a steadier measure than the wall
clock: 2 cores give at most twice the wall time).

The table shows the median of ``--repeat`` runs (default 3; the 100,000 documents once unless
``--repeat-large``) with the range, and the load average of the machine before each run: read
timings with it (2 cores shared by other work make a run slower, not the code).

    .venv/bin/python benchmarks/report_bench.py            # all four, medians of three
    .venv/bin/python benchmarks/report_bench.py --only example,100k --repeat 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

TARGETS = {  # seconds, MB (issue 25, points 2 and 3)
    "example": (6.0, None),
    "100k words": (10.0, None),
    "1M words": (30.0, None),
    "100,000 documents": (120.0, 2048.0),
}


# -- the corpora ---------------------------------------------------------------------------------
def _pool() -> list[str]:
    import discourse as dc

    return [s for s in dc.load_example().sentences.text.astype(str) if len(s.split()) >= 3]


def long_documents(n_words: int, seed: int = 0):
    """Documents of 300-1,500 words, paragraphs of 1-6 sentences, groups A and B alternating."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    pool = _pool()
    lengths = np.array([len(s.split()) for s in pool])
    rows, total = [], 0
    while total < n_words:
        target = int(rng.integers(300, 1501))
        picks = rng.integers(0, len(pool), size=target // 8 + 10)
        picks = picks[: int(np.searchsorted(np.cumsum(lengths[picks]), target)) + 1]
        breaks = np.r_[0, np.cumsum(rng.integers(1, 7, size=len(picks)))]
        paras = [" ".join(pool[i] for i in picks[a:b]) for a, b in zip(breaks[:-1], breaks[1:],
                                                                      strict=True)
                 if a < len(picks)]
        rows.append((f"doc{len(rows):06d}", "AB"[len(rows) % 2], "\n\n".join(paras)))
        total += int(lengths[picks].sum())
    return pd.DataFrame(rows, columns=["doc_id", "group", "text"])


def short_documents(n_docs: int, seed: int = 0):
    """``n_docs`` one-paragraph documents of 1-2 sentences, groups A and B at random."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    pool = np.array(_pool(), dtype=object)
    first = pool[rng.integers(0, len(pool), size=n_docs)]
    second = pool[rng.integers(0, len(pool), size=n_docs)]
    two = rng.random(n_docs) < 0.5
    texts = [f"{a} {b}" if t else a for a, b, t in zip(first, second, two, strict=True)]
    return pd.DataFrame({"doc_id": [f"d{i:06d}" for i in range(n_docs)],
                         "group": np.where(rng.random(n_docs) < 0.5, "A", "B"), "text": texts})


def corpus_file(which: str, folder: Path) -> Path | None:
    """The CSV of one benchmark corpus (``None``: the built-in example)."""
    if which == "example":
        return None
    path = folder / f"{which.replace(' ', '_').replace(',', '')}.csv"
    if not path.exists():
        df = {"100k words": lambda: long_documents(100_000),
              "1M words": lambda: long_documents(1_000_000),
              "100,000 documents": lambda: short_documents(100_000)}[which]()
        df.to_csv(path, index=False)
    return path


# -- one run ---------------------------------------------------------------------------------------
def _tree_rss(pid: int) -> int:
    """The memory of the process ``pid`` and all under it: the sum of their proportional set
    sizes (PSS: a page shared by n processes counts 1/n in each, so the kernels forked from
    one process count what they use, not the modules they share), their resident sizes where
    PSS cannot be read."""
    return _tree_memory(pid)[0]


def _tree_memory(pid: int) -> tuple[int, dict]:
    """:func:`_tree_rss` and its parts: the report process, the kernel parent (its child that
    forks the kernels), and each process under them (the kernels, the writer of the index)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, {}
    total, parts = 0, {"report": 0, "kernel parent": 0, "others": []}
    for p in procs:
        try:
            try:
                size = p.memory_full_info().pss
            except (AttributeError, psutil.AccessDenied):
                size = p.memory_info().rss
            if p.pid == pid:
                parts["report"] = size
            elif p.ppid() == pid and "forked_kernels" in " ".join(p.cmdline()):
                parts["kernel parent"] = size
            else:
                parts["others"].append(size)
        except psutil.NoSuchProcess:
            continue
        total += size
    return total, parts


def run_report(corpus: Path | None, out: Path, source: Path | None = None) -> dict:
    """Time one ``python -m discourse report`` in a fresh process; sample its tree's memory.

    ``source``: a folder holding another copy of the package (``discourse/``), e.g. the branch
    point unpacked by ``git archive``, run instead of the installed one (on ``PYTHONPATH``).
    """
    args = [sys.executable, "-m", "discourse", "report", "--out", str(out), "--name", "bench"]
    if corpus is not None:
        args.append(str(corpus))
    load = os.getloadavg()[0]
    peak = [0]
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    env = dict(os.environ, DISCOURSE_PROGRESS="1")  # the report's line per notebook, on stderr
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(source), *filter(None, [env.get("PYTHONPATH")])])
    proc = subprocess.Popen(args, cwd=out.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)

    at_peak: dict = {}

    def sample():
        while proc.poll() is None:
            total, parts = _tree_memory(proc.pid)
            if total > peak[0]:
                peak[0] = total
                at_peak.update(parts)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    secs = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0  # the report and its kernels (each waited for by its parent)
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"discourse report failed ({proc.returncode}): {stderr.strip()[-800:]}")
    site = out / "bench"
    sizes = {p.name: p.stat().st_size for p in site.glob("*.html")}
    return {"seconds": secs, "cpu": cpu, "peak MB": peak[0] / 2**20, "load": load,
            "at peak": at_peak,
            "pages": sizes, "log": stdout,
            "lines": [ln for ln in stderr.splitlines() if ln.startswith("  ")]}


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


# -- the table -------------------------------------------------------------------------------------
def summarize(name: str, runs: list[dict], label: str | None = None) -> str:
    secs = [r["seconds"] for r in runs]
    peak = max(r["peak MB"] for r in runs)
    loads = ", ".join(f"{r['load']:.2f}" for r in runs)
    t_lim, m_lim = TARGETS[name]
    med = statistics.median(secs)
    ok = med <= t_lim and (m_lim is None or peak <= m_lim)
    rng = f"{min(secs):.1f}-{max(secs):.1f}" if len(secs) > 1 else "one run"
    mem = f"{peak:>8.0f}" + (f" <= {m_lim:.0f}" if m_lim else "        ")
    biggest = max(runs[-1]["pages"].items(), key=lambda kv: kv[1])
    cpu = statistics.median(r["cpu"] for r in runs)
    return (f"{label or name:<19}{med:>8.1f} s ({rng:>9}) <= {t_lim:>5.0f} s {mem} MB  "
            f"{'yes' if ok else 'NO ':<4} CPU {cpu:.1f} s; load {loads}; largest page "
            f"{biggest[0]} {biggest[1] / 2**20:.1f} MB")


def _parts(run: dict) -> str:
    """Who held the memory at a run's peak (MB, proportional set sizes)."""
    parts = run.get("at peak") or {}
    others = sorted(parts.get("others", []), reverse=True)
    return (f"report {parts.get('report', 0) / 2**20:.0f} MB, kernel parent "
            f"{parts.get('kernel parent', 0) / 2**20:.0f} MB, kernels and writer "
            f"{' + '.join(f'{o / 2**20:.0f}' for o in others) or '0'} MB")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="example,100k words,1M words,100,000 documents",
                    help="comma-separated: example, 100k, 1M, 100000 (default: all four)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per corpus (median; default 3)")
    ap.add_argument("--repeat-large", type=int, default=1,
                    help="runs of the 100,000 documents (default 1)")
    ap.add_argument("--keep", type=Path, default=None,
                    help="keep the corpora and the last site of each in this folder")
    ap.add_argument("--against", type=Path, default=None,
                    help="another copy of the source (a folder holding discourse/, e.g. "
                         "`git archive HEAD | tar -x -C /tmp/before`): its runs alternate with "
                         "this one's, and the table shows both")
    args = ap.parse_args(argv)
    alias = {"example": "example", "100k": "100k words", "1m": "1M words",
             "100000": "100,000 documents", "100k words": "100k words", "1m words": "1M words",
             "100": "100,000 documents", "documents": "100,000 documents"}
    chosen = []
    for part in args.only.replace("100,000 documents", "100000").split(","):
        key = part.strip().lower()
        if key:
            chosen.append(alias.get(key, key))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="discourse-report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"discourse report, {os.cpu_count()} cores; median (range) of fresh runs, peak "
             "memory of the report and its kernels together; load = 1-minute load average "
             "before each run",
             f"{'corpus':<19}{'seconds':>8} {'(range)':>11}    {'target':>7} {'peak':>8}"
             f"          met"]
    where: list[str] = []
    try:
        for name in chosen:
            path = corpus_file(name, folder)
            n = args.repeat_large if name == "100,000 documents" else args.repeat
            print(f"running {name} x{n} ...", file=sys.stderr, flush=True)
            site = folder / f"site-{name.replace(' ', '_')}"
            runs, before = [], []
            for _ in range(n):  # alternating: both see the same load, in turn
                if args.against is not None:
                    before.append(run_report(path, site, args.against))
                runs.append(run_report(path, site))
            if before:
                lines.append(summarize(name, before, label=f"{name} (against)"))
                print(lines[-1], file=sys.stderr, flush=True)
            lines.append(summarize(name, runs))
            print(lines[-1], file=sys.stderr, flush=True)
            if before:
                where.append(f"{name} (against), last run: at the peak of memory, "
                             f"{_parts(before[-1])}")
            where.append(f"{name}, last run: at the peak of memory, {_parts(runs[-1])}")
            where += [f"  {ln.strip()}" for ln in runs[-1]["lines"]]
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print("\n".join(lines))
    print("\nWhere the time went (the report's own lines: preflight, then each notebook with "
          "its seconds, kernels shared)")
    print("\n".join(where))
    return 0


if __name__ == "__main__":
    sys.exit(main())
