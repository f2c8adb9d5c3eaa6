"""`make bench`: end to end against a regex floor measured in the same process, and the Dask path.

The corpus is built on the fly, reproducibly (seed 0), from real sentences: those of the built-in
texts and of ../shared/eval/ when it is there, resampled into documents of 300-1,500 words, in
two groups. Nothing is committed.

End to end, per size (1M and 10M words), in one fresh process per size: five rounds, each the
floor (``re.finditer`` spans of every text) then the pipeline a student runs (``from_frame``,
``find_markers``, ``count_terms(by="doc_id")``, and keyness of the two groups: ``count_terms(by=
"group")`` and ``keyness``). The table shows the median of the five rounds and their range, and
the ratio as the median of each round's pipeline / floor (the two measured a second apart, under
the same load). The first round also pays the imports and caches that ``import discourse``
leaves for first use; it is shown apart. Peak memory is the size's process's ``ru_maxrss`` (the
input frame included); the load average (``os.getloadavg``) is printed with every table. Read
the ratios, not the seconds: the machine is shared and noisy. The CPU seconds of each round's
pipeline (this process and its worker processes) over the floor's are printed too: a measure
that the load moves less than wall time (it counts a second process's work, so it shows what
two processes cost, not what they save), with how many rounds could use two processes
(``build_corpus`` and ``find_markers`` take a second one only when a core is idle).

``import discourse`` is timed in five fresh interpreters (median).

Dask (``--dask-words``, default 1M and 10M): the same pipeline on a one-machine ``LocalCluster``
of 1 and 2 worker processes (one partition per worker): ``from_dask(...).persist()`` (the
tables), ``find_markers``, ``count_terms(by="doc_id")``, keyness, against the pandas pipeline in
the same process, rounds alternating pandas and Dask; the cluster's start-up (warm workers:
started, ``discourse`` imported on each) is timed apart.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
FLOOR_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")

TARGETS = {
    "end to end / floor": 2.0,
    "peak memory at 10M (MB)": 1536.0,
    "import discourse (s)": 0.5,
    "dask 2 workers / pandas at 1M": 1.2,
    "dask 2 workers / pandas at 10M": 1.0,
}


def sentence_pool() -> list[str]:
    import discourse as dc

    pool = dc.load_example().sentences.text.tolist()
    for name in ("certainty_sentences_dev.jsonl", "uncertainty_bio_dev.jsonl"):
        path = EVAL / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                pool.extend(json.loads(line)["text"] for line in fh)
    return pool


def make_corpus(n_words: int, seed: int = 0):
    """Documents of 300-1,500 words resampled from real sentences; paragraphs of 1-6 sentences."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    pool = sentence_pool()
    lengths = np.array([len(s.split()) for s in pool])
    ids, texts, groups = [], [], []
    total = 0
    while total < n_words:
        target = int(rng.integers(300, 1501))
        picks = rng.integers(0, len(pool), size=target // 12 + 10)
        cum = np.cumsum(lengths[picks])
        picks = picks[: int(np.searchsorted(cum, target)) + 1]
        breaks = np.cumsum(rng.integers(1, 7, size=len(picks)))
        paras, start = [], 0
        for end in breaks:
            if start >= len(picks):
                break
            paras.append(" ".join(pool[i] for i in picks[start:end]))
            start = end
        text = "\n\n".join(paras)
        ids.append(f"doc{len(ids):06d}")
        texts.append(text)
        groups.append("A" if len(ids) % 2 else "B")
        total += int(lengths[picks].sum())
    return pd.DataFrame({"doc_id": ids, "text": texts, "group": groups}), total


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended (the
    table builder's and the markers' worker processes end within their call)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def floor_time(texts: list[str]) -> float:
    """Seconds for the spans of every text, one text at a time (its memory stays small)."""
    def run():
        n = 0
        for t in texts:
            n += len([m.span() for m in FLOOR_RE.finditer(t)])
        return n

    return timed(run)[1]


def pipeline(df, *, focus="A", reference="B") -> dict:
    """The pandas pipeline on a frame of texts: seconds per stage, and sizes."""
    import discourse as dc
    from discourse.text.build import _default_jobs

    res: dict = {}
    # the processes the tables (and the markers) may use now: two only when a core is idle
    res["processes"] = _default_jobs(int(df.text.str.len().sum()))
    cpu0 = cpu_seconds()
    corpus, res["tables"] = timed(lambda: dc.from_frame(df))
    markers, res["markers"] = timed(lambda: dc.find_markers(corpus))
    counts, res["counts"] = timed(lambda: dc.count_terms(corpus, by="doc_id"))
    _, res["keyness"] = timed(lambda: dc.keyness(dc.count_terms(corpus, by="group"),
                                                 focus=focus, reference=reference, by="group"))
    res["cpu"] = cpu_seconds() - cpu0
    res["end to end"] = sum(res[k] for k in ("tables", "markers", "counts", "keyness"))
    res["tokens"] = len(corpus.tokens)
    res["marker hits"] = len(markers)
    res["count rows"] = len(counts)
    res["bytes per token row"] = corpus.tokens.memory_usage(deep=True).sum() / len(corpus.tokens)
    return res


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(n_words: int, rounds: int = 5) -> dict:
    """``rounds`` rounds of floor then pipeline on ``n_words`` words, in this process."""
    df, words = make_corpus(n_words)
    texts = df.text.tolist()
    out: dict = {"words": words, "documents": len(df), "load before": os.getloadavg()[0],
                 "peak MB before": peak_mb(), "rounds": []}
    for _ in range(rounds):
        cpu0 = cpu_seconds()
        floor = floor_time(texts)
        floor_cpu = cpu_seconds() - cpu0
        res = pipeline(df)
        res["floor"], res["floor cpu"] = floor, floor_cpu
        out["rounds"].append(res)
        gc.collect()
    out["peak MB"] = peak_mb()
    out["load after"] = os.getloadavg()[0]
    return out


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


STAGES = ["floor", "tables", "markers", "counts", "keyness", "end to end"]


def table(results: dict[int, dict]) -> str:
    lines = []
    for size, r in sorted(results.items()):
        warm = r["rounds"][1:] or r["rounds"]
        lines.append(f"{size/1e6:g}M words ({r['words']:,} words, {r['documents']:,} documents, "
                     f"{warm[0]['tokens']:,} tokens, {warm[0]['count rows']:,} rows of counts "
                     f"per document); load average {r['load before']:.2f} before, "
                     f"{r['load after']:.2f} after")
        lines.append(f"  {'stage':<12}{'median s':>10}{'range':>16}{'x floor':>9}"
                     f"{'first round s':>15}")
        for st in STAGES:
            med, lo, hi = summary([x[st] for x in r["rounds"]])
            ratio = statistics.median([x[st] / x["floor"] for x in r["rounds"]])
            lines.append(f"  {st:<12}{med:>10.2f}{f'{lo:.2f}-{hi:.2f}':>16}{ratio:>9.2f}"
                         f"{r['rounds'][0][st]:>15.2f}")
        ratios = [x["end to end"] / x["floor"] for x in r["rounds"]]
        med, lo, hi = summary(ratios)
        speed = r["words"] / statistics.median([x["end to end"] for x in r["rounds"]])
        lines.append(f"  end to end / floor, per round: median {med:.2f}x (range {lo:.2f}-"
                     f"{hi:.2f}, rounds {', '.join(f'{x:.2f}' for x in ratios)}); "
                     f"{speed:,.0f} words/s")
        cpu = [x["cpu"] / x["floor cpu"] for x in r["rounds"]]
        two = sum(x["processes"] > 1 for x in r["rounds"])
        lines.append(f"  CPU seconds (this process and its workers) / floor's: median "
                     f"{statistics.median(cpu):.2f}x (range {min(cpu):.2f}-{max(cpu):.2f}), "
                     f"less moved by the load; two processes allowed (a core idle) in {two} "
                     f"of {len(cpu)} rounds")
        lines.append(f"  peak memory {r['peak MB']:.0f} MB (the input frame and imports: "
                     f"{r['peak MB before']:.0f} MB before the first round); "
                     f"{warm[0]['bytes per token row']:.1f} bytes per token row")
        lines.append("")
    return "\n".join(lines)


def import_times(n: int = 5) -> list[float]:
    code = ("import time; t = time.perf_counter(); import discourse; "
            "print(time.perf_counter() - t)")
    return [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                 text=True).stdout) for _ in range(n)]


def targets(results: dict[int, dict], imports: list[float] | None, dask_res: dict) -> str:
    rows = []
    for size, r in sorted(results.items()):
        ratio = statistics.median([x["end to end"] / x["floor"] for x in r["rounds"]])
        rows.append((f"end to end / floor at {size/1e6:g}M", ratio, TARGETS["end to end / floor"]))
    if results:
        big = max(results)
        rows.append((f"peak memory MB at {big/1e6:g}M", results[big]["peak MB"],
                     TARGETS["peak memory at 10M (MB)"]))
    if imports:
        rows.append(("import discourse, s (median of 5)", statistics.median(imports),
                     TARGETS["import discourse (s)"]))
    for size, d in sorted(dask_res.items()):
        limit = TARGETS["dask 2 workers / pandas at 1M" if size <= 2_000_000
                        else "dask 2 workers / pandas at 10M"]
        rows.append((f"dask, 2 workers / pandas at {size/1e6:g}M", dask_ratio(d, 2), limit))
    lines = [f"{'target':<44}{'measured':>10}{'limit':>10}  met"]
    lines += [f"{name:<44}{got:>10.2f}{limit:>10.2f}  {'yes' if got <= limit else 'NO'}"
              for name, got, limit in rows]
    return "\n".join(lines)


def dask_pipeline(df, npartitions: int) -> dict:
    """The pipeline on the Dask path: seconds per stage (the tables: ``from_dask`` and
    ``persist``, until every partition is segmented)."""
    import dask.dataframe as dd
    from dask.distributed import wait

    import discourse as dc

    res: dict = {}

    def tables():
        corpus = dc.from_dask(dd.from_pandas(df, npartitions=npartitions, sort=False)).persist()
        wait(list(corpus._corpora))
        return corpus

    corpus, res["tables"] = timed(tables)
    markers, res["markers"] = timed(lambda: dc.find_markers(corpus))
    counts, res["counts"] = timed(lambda: dc.count_terms(corpus, by="doc_id"))
    _, res["keyness"] = timed(lambda: dc.keyness(dc.count_terms(corpus, by="group"),
                                                 focus="A", reference="B", by="group"))
    res["end to end"] = sum(res[k] for k in ("tables", "markers", "counts", "keyness"))
    res["_out"] = (markers, counts)
    return res


def start_cluster(workers: int):
    """A LocalCluster of ``workers`` processes, warm: ``discourse`` imported on every worker
    and a small corpus analysed there, so that first-use imports and caches are paid here."""
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    import discourse as dc

    # the worker profiler samples every task's Python stack every 10 ms under the GIL: on these
    # Python-heavy tasks it costs 1.5-2x (measured), so it is off, as the Dask docs page advises
    dask.config.set({"distributed.worker.profile.enabled": False})
    # host: no network probe for the machine's address
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None, silence_logs=50)
    client = Client(cluster)
    small, _ = make_corpus(20_000)
    corpus = dc.from_dask(dd.from_pandas(small, npartitions=workers)).persist()
    dc.find_markers(corpus)
    dc.keyness(dc.count_terms(corpus, by="group"), focus="A", reference="B", by="group")
    return cluster, client


def run_dask(n_words: int, workers=(1, 2), rounds: int = 3) -> dict:
    """Rounds alternating the pandas pipeline and the Dask pipeline on LocalClusters of
    ``workers`` processes; each cluster's start-up apart."""
    import warnings

    from pandas.testing import assert_frame_equal

    import discourse as dc

    warnings.filterwarnings("ignore", module="distributed")  # "large graph" from from_pandas
    df, words = make_corpus(n_words)
    res: dict = {"words": words, "load before": os.getloadavg()[0]}
    for w in workers:
        (cluster, client), res[f"dask {w} start-up"] = timed(lambda w=w: start_cluster(w))
        with cluster, client:
            for i in range(rounds):
                pandas = pipeline(df)
                dask = dask_pipeline(df, w)
                if i == 0:  # the same tables (outside the timings)
                    corpus = dc.from_frame(df)
                    assert_frame_equal(dask["_out"][1], dc.count_terms(corpus, by="doc_id"))
                    assert len(dask["_out"][0]) == len(dc.find_markers(corpus))
                    del corpus
                del dask["_out"]
                res.setdefault(f"pandas {w}", []).append(pandas)
                res.setdefault(f"dask {w}", []).append(dask)
                gc.collect()
    res["load after"] = os.getloadavg()[0]
    res["workers"] = list(workers)
    return res


def dask_ratio(res: dict, w: int) -> float:
    return statistics.median([d["end to end"] / p["end to end"]
                              for d, p in zip(res[f"dask {w}"], res[f"pandas {w}"], strict=True)])


def dask_table(res: dict) -> str:
    stages = ["tables", "markers", "counts", "keyness", "end to end"]
    n = len(res[f"pandas {res['workers'][0]}"])
    lines = [f"Dask on one machine, {res['words']/1e6:g}M words: medians of {n} rounds "
             f"alternating pandas and Dask (one partition per worker, warm workers); load "
             f"average {res['load before']:.2f} before, {res['load after']:.2f} after",
             f"  {'path':<22}" + "".join(f"{st + ' s':>14}" for st in stages)
             + f"{'x pandas':>10}{'start-up s':>12}"]
    for w in res["workers"]:
        for path in ("pandas", "dask"):
            rounds = res[f"{path} {w}"]
            label = (f"pandas (with {w})" if path == "pandas"
                     else f"dask, {w} worker" + ("s" if w > 1 else ""))
            row = f"  {label:<22}" + "".join(
                f"{statistics.median([r[st] for r in rounds]):>14.2f}" for st in stages)
            if path == "dask":
                row += f"{dask_ratio(res, w):>10.2f}{res[f'dask {w} start-up']:>12.2f}"
            lines.append(row)
    return "\n".join(lines)


def child(flag: str, size: int) -> dict:
    out = subprocess.run([sys.executable, __file__, flag, str(size)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1e6,1e7", help="word counts, comma-separated")
    ap.add_argument("--dask-words", default="1e6,1e7",
                    help="word counts of the Dask runs, comma-separated ('' or 0: none)")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)  # child process: one size
    ap.add_argument("--dask-one", type=float, help=argparse.SUPPRESS)  # child: one Dask size
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(int(args.one))))
        return 0
    if args.dask_one:
        print(json.dumps(run_dask(int(args.dask_one))))
        return 0
    print(load(), flush=True)
    imports = import_times()
    print(f"import discourse: median {statistics.median(imports):.3f} s "
          f"(range {min(imports):.3f}-{max(imports):.3f}, 5 fresh interpreters)", flush=True)
    results = {}
    for size in (int(float(s)) for s in args.sizes.split(",") if s):
        print(f"running {size/1e6:g}M words ({load()}) ...", flush=True)
        results[size] = child("--one", size)
        print(table({size: results[size]}), flush=True)
    dask_res = {}
    for size in (int(float(s)) for s in args.dask_words.split(",") if s and float(s)):
        print(f"running the Dask path on {size/1e6:g}M words ({load()}) ...", flush=True)
        dask_res[size] = child("--dask-one", size)
        print(dask_table(dask_res[size]), flush=True)
        print(flush=True)
    print(targets(results, imports, dask_res))
    print(load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
