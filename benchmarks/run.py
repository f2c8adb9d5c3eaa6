"""`make bench`: throughput of each stage against a regex floor measured in the same run.

The corpus is built on the fly, reproducibly (seed 0), from real sentences: those of the built-in
texts and of ../shared/eval/ when it is there, resampled into documents of 300-1,500 words, in
two groups. Nothing is committed. Each size runs in its own process, so peak memory (ru_maxrss)
is that size's own.

Then the Dask path (``--dask-words``, default 10M, the size issue 16 measured it at; at 1M
Dask's fixed cost per computation, about 50 ms, is as long as counting itself): the same corpus
on a one-machine ``LocalCluster`` of 1, 2 and 4 worker processes (one partition per worker,
segmented once with ``.persist()``), ``find_markers`` and ``count_terms`` timed against the
pandas path in the same process (medians of three), to show how time falls with workers.

Each size runs ``--repeat`` times (default 3), each time in a fresh process (every run cold:
imports done, nothing cached), and the table shows the medians; the floor is measured in each
of those processes. Read the ratios, not the seconds: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
FLOOR_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")

TARGETS = {
    "end to end / floor": 3.0,
    "dask / pandas": 1.3,
    "10x words / time": 11.0,
    "bytes per token row": 60.0,
    "peak memory at 10M (MB)": 2048.0,
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


def run_size(n_words: int, *, topics: bool, baseline: bool = True) -> dict:
    """Run every stage on ``n_words`` words in this process; return timings and sizes."""
    import pandas as pd
    from nltk.tokenize import WordPunctTokenizer

    import discourse as dc

    df, words = make_corpus(n_words)
    texts = df.text.tolist()
    res: dict = {"words": words, "documents": len(df)}

    def floor():
        # the spans of one document at a time: the floor's own memory stays small, so it can run
        # first, in a clean process, without setting the peak
        n = 0
        for t in texts:
            n += len([m.span() for m in FLOOR_RE.finditer(t)])
        return n

    _, res["floor"] = timed(floor)

    corpus, res["tables"] = timed(lambda: dc.from_frame(df))  # both cores above 2M chars
    res["tokens"] = len(corpus.tokens)
    res["bytes per token row"] = corpus.tokens.memory_usage(deep=True).sum() / len(corpus.tokens)
    markers, res["markers"] = timed(lambda: dc.find_markers(corpus))
    res["marker hits"] = len(markers)
    counts, res["counts"] = timed(lambda: dc.count_terms(corpus, by="group"))
    _, res["keyness"] = timed(lambda: dc.keyness(counts, focus="A", reference="B", by="group"))
    # peak of the end-to-end stages (tables, markers, counts, keyness), the target
    res["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    doc_counts = dc.count_terms(corpus, by="doc_id")
    _, res["tf_idf"] = timed(lambda: dc.tf_idf(doc_counts))
    if topics:
        _, res["topics"] = timed(lambda: dc.fit_topics(corpus, n_topics=6))
    res["end to end"] = res["tables"] + res["markers"] + res["counts"] + res["keyness"]
    # peak with TF-IDF per document and topics too; read before the baseline runs, whose Python
    # tuples would otherwise set the peak
    res["peak MB all stages"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def nltk_lists():
        # what a user might write: NLTK span tokenizing, Python tuples, then a DataFrame
        tok = WordPunctTokenizer()
        rows = [(d, i, s, e, t[s:e]) for d, t in zip(df.doc_id, texts, strict=True)
                for i, (s, e) in enumerate(tok.span_tokenize(t))]
        return pd.DataFrame(rows, columns=["doc_id", "tok_id", "start", "end", "text"])

    if baseline:
        base, res["baseline (NLTK + lists)"] = timed(nltk_lists)
        del base
    return res


def table(results: dict[int, dict]) -> str:
    stages = ["floor", "baseline (NLTK + lists)", "tables", "markers", "counts", "keyness",
              "tf_idf", "topics", "end to end"]
    sizes = sorted(results)
    head = f"{'stage':<26}" + "".join(f"{f'{s/1e6:g}M s':>10}{'words/s':>14}{'x floor':>9}"
                                      for s in sizes)
    runs = results[sizes[0]].get("runs", 1)
    lines = [f"Medians of {runs} runs per size, each in a fresh process (the NLTK baseline and "
             f"topics: first run only)", head, "-" * len(head)]
    for st in stages:
        row = f"{st:<26}"
        for s in sizes:
            r = results[s]
            if st not in r:
                row += f"{'-':>10}{'':>14}{'':>9}"
                continue
            row += f"{r[st]:>10.2f}{r['words'] / r[st]:>14,.0f}{r[st] / r['floor']:>9.2f}"
        lines.append(row)
    lines.append("")
    for s in sizes:
        r = results[s]
        lines.append(f"{s/1e6:g}M words: {r['documents']:,} documents, {r['tokens']:,} tokens, "
                     f"{r['marker hits']:,} marker hits, {r['bytes per token row']:.1f} bytes per "
                     f"token row, peak memory {r['peak MB']:.0f} MB end to end, "
                     f"{r['peak MB all stages']:.0f} MB with TF-IDF and topics")
    if len(sizes) == 2:
        small, big = (results[s] for s in sizes)
        growth = big["end to end"] / small["end to end"]
        word_ratio = big["words"] / small["words"]
        checks = [
            (f"end to end / floor at {s/1e6:g}M ({r['end to end'] / r['floor'] / 2:.2f}x the 2x "
             f"goal)", r["end to end"] / r["floor"], TARGETS["end to end / floor"])
            for s, r in ((sizes[0], small), (sizes[1], big))
        ] + [
            (f"time for {word_ratio:.1f}x the words", growth,
             TARGETS["10x words / time"] * word_ratio / 10),
            ("bytes per token row", big["bytes per token row"], TARGETS["bytes per token row"]),
            ("peak memory MB, end to end (largest size)", big["peak MB"],
             TARGETS["peak memory at 10M (MB)"]),
        ]
        lines.append("")
        lines.append(f"{'target':<44}{'measured':>10}{'limit':>10}  met")
        for name, got, limit in checks:
            lines.append(f"{name:<44}{got:>10.2f}{limit:>10.2f}  {'yes' if got <= limit else 'NO'}")
    return "\n".join(lines)


def median_time(fn, repeat: int = 3) -> float:
    return sorted(timed(fn)[1] for _ in range(repeat))[repeat // 2]


def time_analyses(corpus, expected=None) -> tuple[float, float]:
    """Median seconds of find_markers and of count_terms by group (after one warm-up call,
    which compiles the lexicon in every process)."""
    import discourse as dc

    dc.find_markers(corpus)
    if expected is not None:
        assert dc.count_terms(corpus, by="group").equals(expected)
    return (median_time(lambda: dc.find_markers(corpus)),
            median_time(lambda: dc.count_terms(corpus, by="group")))


def persisted(df, npartitions: int):
    import dask.dataframe as dd
    from dask.distributed import wait

    import discourse as dc

    corpus = dc.from_dask(dd.from_pandas(df, npartitions=npartitions)).persist()
    wait(list(corpus._corpora))
    return corpus


def run_dask(n_words: int, workers=(1, 2, 4)) -> dict:
    """The pandas path and the Dask path on LocalClusters of ``workers`` processes."""
    import warnings

    import dask
    from dask.distributed import Client, LocalCluster

    import discourse as dc

    warnings.filterwarnings("ignore", module="distributed")  # "large graph" from from_pandas
    df, words = make_corpus(n_words)
    res: dict = {"words": words}
    corpus, res["pandas tables"] = timed(lambda: dc.from_frame(df))
    res["pandas markers"], res["pandas counts"] = time_analyses(corpus)
    expected = dc.count_terms(corpus, by="group")
    del corpus
    # Dask's worker profiler samples every task's Python stack every 10 ms under the GIL: on
    # these Python-heavy tasks it costs 1.5-2x (measured), so it is off, as README advises
    dask.config.set({"distributed.worker.profile.enabled": False})
    for w in workers:
        # host: no network probe for the machine's address
        with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=50) as cluster, \
                Client(cluster):
            dcorpus, res[f"dask {w} tables"] = timed(partial(persisted, df, w))
            res[f"dask {w} markers"], res[f"dask {w} counts"] = time_analyses(dcorpus, expected)
            del dcorpus
    return res


def dask_table(res: dict, workers=(1, 2, 4)) -> str:
    stages = ["tables", "markers", "counts"]
    head = f"{'path':<22}" + "".join(f"{st + ' s':>12}{'x pandas':>10}" for st in stages)
    lines = [f"Dask on one machine, {res['words']/1e6:g}M words (one partition per worker, "
             f"persisted; medians of 3)", head, "-" * len(head)]
    lines.append(f"{'pandas (from_frame)':<22}" + "".join(
        f"{res['pandas ' + st]:>12.2f}{1:>10.2f}" for st in stages))
    for w in workers:
        lines.append(f"{f'dask, {w} worker' + ('s' if w > 1 else ''):<22}" + "".join(
            f"{res[f'dask {w} {st}']:>12.2f}{res[f'dask {w} {st}'] / res['pandas ' + st]:>10.2f}"
            for st in stages))
    lines.append("")
    lines.append(f"{'target (2 workers)':<44}{'measured':>10}{'limit':>10}  met")
    for st in ("markers", "counts"):
        got = res[f"dask 2 {st}"] / res[f"pandas {st}"]
        limit = TARGETS["dask / pandas"]
        lines.append(f"{'dask / pandas, ' + st:<44}{got:>10.2f}{limit:>10.2f}  "
                     f"{'yes' if got <= limit else 'NO'}")
    return "\n".join(lines)


def median_runs(runs: list[dict]) -> dict:
    """One result from runs of the same size in fresh processes: the median of each time (the
    end-to-end time is each run's own sum), the largest peak memory; what only the first run
    measured (the NLTK baseline, topics) as it was."""
    import statistics

    out = dict(runs[0])
    for key, value in runs[0].items():
        values = [r[key] for r in runs if key in r]
        if key.startswith("peak"):
            out[key] = max(values)
        elif isinstance(value, float) and len(values) == len(runs):
            out[key] = statistics.median(values)
    out["runs"] = len(runs)
    return out


def child(flag: str, size: int) -> dict:
    out = subprocess.run([sys.executable, __file__, flag, str(size)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1e6,1e7", help="word counts, comma-separated")
    ap.add_argument("--dask-words", type=float, default=1e7,
                    help="word count of the Dask run (0: skip it)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="fresh processes per size; the table shows medians (default 3)")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)  # child process: one size
    ap.add_argument("--one-lean", type=float, help=argparse.SUPPRESS)  # same, no baseline/topics
    ap.add_argument("--dask-one", type=float, help=argparse.SUPPRESS)  # child: the Dask run
    args = ap.parse_args(argv)
    if args.one:
        n = int(args.one)
        print(json.dumps(run_size(n, topics=n <= 1_000_000)))
        return 0
    if args.one_lean:
        print(json.dumps(run_size(int(args.one_lean), topics=False, baseline=False)))
        return 0
    if args.dask_one:
        print(json.dumps(run_dask(int(args.dask_one))))
        return 0
    results = {}
    for size in (int(float(s)) for s in args.sizes.split(",") if s):
        print(f"running {size/1e6:g}M words ...", flush=True)
        runs = [child("--one", size)] + [child("--one-lean", size)
                                         for _ in range(args.repeat - 1)]
        results[size] = median_runs(runs)
    dask_res = None
    if args.dask_words:
        print(f"running the Dask path on {args.dask_words/1e6:g}M words ...", flush=True)
        dask_res = child("--dask-one", int(args.dask_words))
    if results:
        print()
        print(table(results))
    if dask_res:
        print()
        print(dask_table(dask_res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
