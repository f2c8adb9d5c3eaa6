"""One decision, one snapshot (issue 21): the report decides its comparisons and finds its markers
once, at preflight; the index and every notebook show that value.

The build at the end runs ``--by genre`` on a corpus whose metadata has ``group`` and ``genre``,
with ``DISCOURSE_*`` variables in the caller's environment that would change the sides if they
reached a notebook, edits the corpus file after preflight, and counts every call of
``find_markers`` in the parent and, through a ``sitecustomize`` module on the kernels'
``PYTHONPATH`` (a report's kernels run no IPython profile: issue 24), in every kernel.
"""

import json
import re
import textwrap
import warnings
from pathlib import Path

import pandas as pd
import pytest

import discourse as dc
from discourse.report import build as build_report
from discourse.report import forked_kernels
from discourse.report.context import SNAPSHOT_VAR, build_context, write_snapshot
from discourse.report.notebook_run import kernel_env


@pytest.fixture(autouse=True)
def _display_options_restored():
    """dc.report_context() sets pandas' display.max_colwidth: not for the other tests."""
    with pd.option_context("display.max_colwidth", pd.get_option("display.max_colwidth")):
        yield


def test_the_markers_are_the_matches_no_rule_rejected():
    """One search gives both tables: markers == find_markers(compared), row for row."""
    odd = dc.from_frame(pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "group": [1, None, 2, 1],
        "text": ["Perhaps it may rain, in May.", "It will clearly rain.",
                 "Experts say it is not clear.", "I think we must act now, honestly."]}))
    for corpus in (dc.load_example(), odd):
        ctx = build_context(corpus)
        expected = dc.find_markers(ctx.compared)
        pd.testing.assert_frame_equal(pd.DataFrame(ctx.markers), pd.DataFrame(expected))
        assert ctx.markers.attrs == expected.attrs
        pd.testing.assert_frame_equal(
            pd.DataFrame(ctx.matches),
            pd.DataFrame(dc.find_markers(ctx.compared, keep_rejected=True)))
    ctx = build_context(odd)
    assert ctx.compared.doc_ids == ["a", "c", "d"] and ctx.corpus.doc_ids == list("abcd")
    assert (ctx.by, ctx.focus, ctx.reference, ctx.reference_label) == ("group", "1", ("2",), "2")


def test_nothing_to_compare_is_said_not_raised():
    one = dc.from_texts({"only": "It may rain. We will see."})
    ctx = build_context(one)
    assert not ctx.can_compare and ctx.main is None and ctx.comparisons == ()
    assert "nothing to compare" in ctx.why and ctx.by == "doc_id" and ctx.compared is one
    with pytest.raises(dc.InputError, match="nothing to compare"):
        build_context(one, focus="only")  # a choice that cannot be made is refused


def test_report_context_by_hand(monkeypatch, tmp_path):
    """Outside a report: DISCOURSE_CORPUS picks the corpus, no other variable is read."""
    csv = tmp_path / "two.csv"
    pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["x", "y", "x"],
                  "text": ["It may rain.", "It will rain.", "Perhaps."]}).to_csv(csv, index=False)
    monkeypatch.delenv(SNAPSHOT_VAR, raising=False)
    monkeypatch.setenv("DISCOURSE_CORPUS", str(csv))
    monkeypatch.setenv("DISCOURSE_FOCUS", "y")
    monkeypatch.setenv("DISCOURSE_BY", "doc_id")
    ctx = dc.report_context()
    assert pd.get_option("display.max_colwidth") == 90
    assert ctx.origin == str(csv) and ctx.corpus.doc_ids == ["a", "b", "c"]
    assert ctx.main.describe() == "x against y"
    assert dc.report_context(focus="y").main.describe() == "y against x"
    with pytest.raises(dc.InputError, match="'x', 'y'"):
        dc.report_context(focus="z")
    assert "x against y" in repr(ctx)


def test_a_kernel_loads_the_snapshot(monkeypatch, tmp_path):
    ctx = build_context(dc.load_example(), focus="news_rewrite")
    path = write_snapshot(ctx, tmp_path / "snapshot.pickle")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv(SNAPSHOT_VAR, str(path))
    monkeypatch.setenv("DISCOURSE_CORPUS", "/nowhere")  # what a kernel never gets, never read
    loaded = dc.report_context()
    assert [s.describe() for s in loaded.comparisons] == ["news_rewrite against cepa_essay"]
    pd.testing.assert_frame_equal(pd.DataFrame(loaded.markers), pd.DataFrame(ctx.markers))
    assert loaded.corpus.doc_ids == ctx.corpus.doc_ids
    assert dc.report_corpus().doc_ids == ctx.corpus.doc_ids  # the report's corpus, not re-read
    # a choice made in the notebook: computed there, on the report's corpus
    assert dc.report_context(focus="cepa_essay").main.focus == "cepa_essay"
    monkeypatch.setenv(SNAPSHOT_VAR, str(tmp_path / "gone.pickle"))
    with pytest.raises(dc.InputError, match="snapshot cannot be read"):
        dc.report_corpus()


def test_a_kernel_inherits_no_discourse_variable(monkeypatch):
    for name in ("DISCOURSE_BY", "DISCOURSE_FOCUS", "DISCOURSE_REFERENCE", "DISCOURSE_CORPUS",
                 "DISCOURSE_SNAPSHOT", "DISCOURSE_ANYTHING"):
        monkeypatch.setenv(name, "x")
    monkeypatch.setenv("IPYTHONDIR", "/somewhere")
    env = kernel_env({SNAPSHOT_VAR: "/run/snapshot.pickle"})
    assert {k: v for k, v in env.items() if k.startswith("DISCOURSE_")} == {
        SNAPSHOT_VAR: "/run/snapshot.pickle"}
    assert env["IPYTHONDIR"] == "/somewhere"  # everything else is inherited


def test_a_kernel_has_one_blas_thread_unless_the_user_chose(monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    env = kernel_env({SNAPSHOT_VAR: "/run/snapshot.pickle"})
    assert [env[n] for n in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")] == [
        "1", "1", "1"]
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert kernel_env({})["OMP_NUM_THREADS"] == "4"


# -- the whole report, --by genre ------------------------------------------------------------------
ROWS = [  # group and genre cross: comparing groups is not comparing genres
    ("gx_essay1", "left", "essay", "The essay may perhaps argue that the harbour is probably "
                                   "old. It seems the harbour might matter."),
    ("gx_essay2", "right", "essay", "The essay suggests the harbour could possibly fail. "
                                    "Perhaps the harbour is likely to close."),
    ("gx_speech1", "left", "speech", "We will certainly win this vote. Clearly the people "
                                     "know it, and we will never stop."),
    ("gx_speech2", "right", "speech", "We must act now. It is clear that the people will win, "
                                      "and we will certainly deliver."),
    ("gx_essay3", "left", "essay", "Scholars suggest the harbour may have been rebuilt. "
                                   "Arguably the harbour seems older."),
    ("gx_speech3", "right", "speech", "Of course we will win. The people know it, and we "
                                      "will definitely fight for every family."),
    ("gx_letter1", "left", "letter", "Dear friend, I think you might enjoy the harbour. "
                                     "Honestly, it's lovely in May."),
    ("gx_letter2", "right", "letter", "Dear friend, you must come. I believe the harbour "
                                      "will surely charm you."),
]
NOTEBOOKS = sorted(build_report.notebooks_dir().glob("[0-9]*.ipynb"))
NONCE = "zyzzyva"


@pytest.fixture(scope="module")
def genre_report(tmp_path_factory):
    """``discourse report corpus.csv --by genre``: what the parent and each kernel did."""
    tmp = tmp_path_factory.mktemp("genre")
    csv = tmp / "genres.csv"
    pd.DataFrame(ROWS, columns=["doc_id", "group", "genre", "text"]).to_csv(csv, index=False)
    original = dc.read_csv(csv)
    # a sitecustomize module counts find_markers in every kernel (before any notebook cell;
    # an IPython startup file would not run: a report's kernels have an empty profile)
    ipython = tmp / "site"
    ipython.mkdir()
    log = tmp / "kernel_calls.jsonl"
    (ipython / "sitecustomize.py").write_text(textwrap.dedent(f"""
        import json, os, sys, warnings
        import discourse
        import discourse.stance.markers as _markers

        # an old spelling in a notebook, or in what it calls, stops the report
        warnings.filterwarnings("error", category=DeprecationWarning,
                                module=r"(discourse|__main__)")

        _LOG, _original = {str(log)!r}, _markers.find_markers

        def _note(**record):
            with open(_LOG, "a", encoding="utf-8") as f:
                f.write(json.dumps({{"pid": os.getpid(), **record}}) + "\\n")

        def _counted(corpus, *args, **kwargs):
            _note(call=[str(d) for d in corpus.documents.doc_id])
            return _original(corpus, *args, **kwargs)

        for _name, _module in list(sys.modules.items()):
            if (_name == "discourse" or _name.startswith("discourse.")) and \\
                    getattr(_module, "find_markers", None) is _original:
                setattr(_module, "find_markers", _counted)
        _note(started=True)
        # the report's kernels are forked from one process that imported this once
        os.register_at_fork(after_in_child=lambda: _note(forked=True))
    """), encoding="utf-8")
    parent_calls = []
    mp = pytest.MonkeyPatch()
    import sys

    import discourse.stance.markers as markers_module

    original_find = markers_module.find_markers

    def counted(corpus, *args, **kwargs):
        parent_calls.append(list(corpus.doc_ids))
        return original_find(corpus, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if (name == "discourse" or name.startswith("discourse.")) and \
                getattr(module, "find_markers", None) is original_find:
            mp.setattr(module, "find_markers", counted)
    real_preflight = build_report.preflight

    def preflight_then_edit(*args, **kwargs):
        plan = real_preflight(*args, **kwargs)
        # the file changes after preflight: the kernels must not see it
        pd.DataFrame({"doc_id": [r[0] for r in ROWS], "group": "left", "genre": "essay",
                      "text": f"{NONCE.title()} {NONCE}."}).to_csv(csv, index=False)
        return plan

    mp.setattr(build_report, "preflight", preflight_then_edit)
    # variables that would change the sides, or the corpus, if they reached a notebook
    mp.setenv("DISCOURSE_BY", "group")
    mp.setenv("DISCOURSE_FOCUS", "right")
    mp.setenv("DISCOURSE_CORPUS", "/nowhere")
    mp.setenv("PYTHONPATH", str(ipython))
    mp.setenv("MPLBACKEND", "Agg")
    executed = {}
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", category=DeprecationWarning, module="discourse")
            index = build_report.build(str(csv), out=tmp / "out", by="genre", jobs=2,
                                       executed=executed, log=lambda line: None)
    finally:
        mp.undo()
    records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    return {"index": index.read_text("utf-8"), "executed": executed, "original": original,
            "parent_calls": parent_calls, "kernel_records": records}


def _shown(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            for mime in ("text/plain", "text/markdown", "text/html"):
                data = out.get("data", {}).get(mime)
                if data:
                    data = data if isinstance(data, str) else "".join(data)
                    # Markdown from the corpus is escaped (dc.escape_markdown): read it plain
                    parts.append(re.sub(r"\\(.)", r"\1", data) if mime == "text/markdown"
                                 else data)
    return "\n".join(parts)


def test_by_genre_the_index_and_the_notebooks_compare_the_same(genre_report):
    index = genre_report["index"]
    assert "Compared by <b>genre</b>" in index
    for line in ("essay against the rest (speech, letter)", "speech against the rest (essay, "
                 "letter)", "letter against the rest (essay, speech)"):
        assert f"<li>{line}</li>" in index
    assert "left against" not in index and "right against" not in index
    said = ("Compared (genre): each of the 3 groups against the rest: essay, speech, letter. "
            "The main comparison is essay against the rest (speech, letter).")
    for stem in ("02_topic_contrasts", "03_hedging_certainty", "04_register_and_claims"):
        text = _shown(genre_report["executed"][stem])
        assert said in text, stem
        assert "Compared (group)" not in text and "right against" not in text, stem
    overview = _shown(genre_report["executed"]["01_corpus_overview"])
    assert "Per genre" in overview and "Per group" not in overview
    # every genre, each against the rest, further down (key terms, style profiles)
    assert "Key terms of each of the 3 groups against the rest" in _shown(
        genre_report["executed"]["02_topic_contrasts"])
    assert "Every genre" in _shown(genre_report["executed"]["04_register_and_claims"])


def test_the_notebooks_show_the_corpus_of_preflight(genre_report):
    original = genre_report["original"]
    for stem, nb in genre_report["executed"].items():
        assert NONCE not in _shown(nb).lower(), stem
        assert "Traceback" not in _shown(nb), stem
    first = _shown(genre_report["executed"]["01_corpus_overview"])
    assert repr(original) in first  # the corpus as read at preflight, words and all
    assert NONCE not in genre_report["index"].lower()


def test_markers_are_found_once_in_the_parent_and_never_in_a_kernel(genre_report):
    ids = {r[0] for r in ROWS}
    assert genre_report["parent_calls"] == [[r[0] for r in ROWS]]  # preflight's one search
    records = genre_report["kernel_records"]
    started = {r["pid"] for r in records if r.get("started")}
    forked = {r["pid"] for r in records if r.get("forked")}
    # the counter ran in every kernel: two (jobs=2) for all the notebooks, one after another,
    # forked from the kernel parent, which imported the counter once, with the writer of the
    # index (on Linux; elsewhere each kernel starts and imports it on its own)
    if forked_kernels.available():
        assert len(started) == 1 and len(forked) == 3 and not started & forked
    else:
        assert len(started) == 2 and not forked
    assert len(genre_report["executed"]) == len(NOTEBOOKS) > 2
    calls = [r["call"] for r in records if "call" in r]
    on_the_corpus = [c for c in calls if ids & set(c)]
    assert on_the_corpus == [], on_the_corpus
    # the counter does count: notebook 05 searches its own three demo texts
    assert any(set(c) == {"speech_a", "speech_b", "speech_c"} for c in calls), calls


def test_the_notebooks_use_no_old_spelling(genre_report):
    """The build above turned every DeprecationWarning from the package, in the parent and in
    the kernels, into an error: it finished, so no notebook and no page uses an old spelling."""
    assert len(genre_report["executed"]) == len(NOTEBOOKS)


def test_no_notebook_imports_below_the_public_api():
    """Notebooks call dc.* only, and no notebook searches the report's corpus again."""
    folder = Path(__file__).resolve().parents[1] / "notebooks"
    for path in sorted(folder.glob("[0-9]*.ipynb")):
        nb = json.loads(path.read_text("utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        code = re.sub(r"#[^\n\"']*$", "", code, flags=re.M)  # comments may name it
        assert not re.search(r"^\s*(from|import) discourse\.", code, re.M), path.name
        assert not re.search(r"\bdc\.(stance|stats|text|voices|register|views|report|sides)\.",
                             code), path.name
        assert "ctx = dc.report_context()" in code, path.name
        assert not re.search(r"find_markers\((compared|corpus|ctx)", code), path.name
        assert "os.environ" not in code, path.name


def test_a_large_corpus_draws_fewer_permutations_and_says_so():
    from discourse.report.context import MANY_DOCUMENTS, permutations_note, report_permutations

    small = dc.from_texts([f"Text {i} may rain." for i in range(MANY_DOCUMENTS - 1)])
    large = dc.from_texts([f"Text {i} may rain." for i in range(MANY_DOCUMENTS)])
    assert report_permutations(small) == 9999 and permutations_note(small) == ""
    assert report_permutations(large) == 999
    assert "999 permutations" in permutations_note(large) and "10,000" in permutations_note(large)
