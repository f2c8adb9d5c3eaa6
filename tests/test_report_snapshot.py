"""The report's snapshot held once by the kernel parent (issue 25, points 2 and 3): what a kernel
receives of it is the snapshot as written, a change a notebook makes to it stays in that
notebook, a forked kernel does not read the file again; the inputs of a page rendered ahead
give the same page; the findings split in three modules keep their names."""

import inspect
import pickle

import nbformat
import pandas as pd
import pytest

import discourse as dc
from discourse.report import findings, findings_stance, findings_terms, snapshot
from discourse.report.context import SNAPSHOT_VAR, ReportContext, build_context, write_snapshot


@pytest.fixture
def held(monkeypatch):
    monkeypatch.setattr(snapshot, "_HELD", {})
    return snapshot._HELD


def _labelled():
    """Three documents, one without a group: ``compared`` is not ``corpus``."""
    return dc.from_frame(pd.DataFrame({
        "doc_id": ["a", "b", "c"], "group": ["x", "y", None],
        "text": ["It may perhaps rain. Clearly it will.", "It will certainly rain.",
                 "Maybe not."]}))


@pytest.mark.parametrize("corpus", [dc.load_example, _labelled])
def test_a_held_snapshot_gives_what_the_file_holds(tmp_path, held, corpus):
    context = build_context(corpus())
    path = write_snapshot(context, tmp_path / "s.pickle")
    with open(path, "rb") as f:
        from_file = pickle.load(f)  # what a kernel read before: the pickle
    snapshot.hold_snapshot(path)
    view = snapshot.read_snapshot(path)
    assert isinstance(view, ReportContext) and view is not held[str(path)]
    for name in ("documents", "paragraphs", "sentences", "tokens"):
        pd.testing.assert_frame_equal(getattr(view.corpus, name), getattr(from_file.corpus, name))
        pd.testing.assert_frame_equal(getattr(view.compared, name),
                                      getattr(from_file.compared, name))
    pd.testing.assert_frame_equal(view.markers, from_file.markers)
    pd.testing.assert_frame_equal(view.matches, from_file.matches)
    assert view.markers.attrs == from_file.markers.attrs
    assert view.corpus.fingerprint == from_file.corpus.fingerprint
    assert view.comparisons == from_file.comparisons and view.main is view.comparisons[0]
    # one value reached twice is one value in the view, two values stay two
    assert (view.compared is view.corpus) == (from_file.compared is from_file.corpus)
    assert (view.compared is view.corpus) == (corpus is dc.load_example)


def test_a_notebook_that_changes_its_view_changes_nothing_else(tmp_path, held):
    context = build_context(_labelled())
    path = write_snapshot(context, tmp_path / "s.pickle")
    snapshot.hold_snapshot(path)
    words = context.corpus.documents.n_words.tolist()
    first = snapshot.read_snapshot(path)
    first.corpus.documents.loc[:, "n_words"] = 0
    first.corpus.tokens["mine"] = 1
    first.markers.loc[first.markers.index[0], "start"] = -1
    first.corpus._texts["a"] = "changed"
    second = snapshot.read_snapshot(path)
    for ctx in (second, held[str(path)]):
        assert ctx.corpus.documents.n_words.tolist() == words
        assert "mine" not in ctx.corpus.tokens.columns
        assert (ctx.markers.start >= 0).all() and len(ctx.markers) == len(context.markers)
        assert ctx.corpus._texts["a"] == "It may perhaps rain. Clearly it will."


def test_the_site_of_a_view_is_the_site_of_the_file(tmp_path, held):
    from discourse.report.site import write_site

    path = write_snapshot(build_context(dc.load_example()), tmp_path / "s.pickle")
    with open(path, "rb") as f:
        from_file = pickle.load(f)
    snapshot.hold_snapshot(path)
    for name, ctx in (("file", from_file), ("view", snapshot.read_snapshot(path))):
        (tmp_path / name).mkdir()
        write_site(ctx, tmp_path / name, pages=[("01_a.html", "01 · A")])
    for page in ("index.html", "reading.html", "explorer.html"):
        assert (tmp_path / "view" / page).read_bytes() == (tmp_path / "file" / page).read_bytes()


@pytest.mark.slow  # a kernel parent and a kernel
def test_a_forked_kernel_shares_the_held_snapshot_and_keeps_its_changes(tmp_path):
    from test_report_forked import _kernel_run
    from test_report_kernels import _notebook

    from discourse.report.forked_kernels import KernelParent
    from discourse.report.notebook_run import WARM_MODULES, kernel_env

    context = build_context(dc.load_example())
    settings = {SNAPSHOT_VAR: str(tmp_path / ".snapshot.pickle")}
    write_snapshot(context, settings[SNAPSHOT_VAR])
    kp = KernelParent(kernel_env(settings), tmp_path, WARM_MODULES)
    try:
        assert kp.hold(settings[SNAPSHOT_VAR]) is True
        (tmp_path / ".snapshot.pickle").unlink()  # a kernel that read the file would fail
        changes = _notebook(tmp_path / "01_changes.ipynb", [
            "import discourse as dc\nctx = dc.report_context()",
            "ctx.markers['mine'] = 1\nctx.corpus.documents.loc[:, 'n_words'] = 0\n"
            "print(len(ctx.markers), int(ctx.corpus.documents.n_words.sum()))"])
        looks = _notebook(tmp_path / "02_looks.ipynb", [
            "import discourse as dc\nctx = dc.report_context()",
            "print('mine' in ctx.markers, len(ctx.markers),"
            " int(ctx.corpus.documents.n_words.sum()))"])
        first, second = _kernel_run(settings, tmp_path, [changes, looks], parent=kp)
    finally:
        kp.close()
    n, words = len(context.markers), int(context.corpus.documents.n_words.sum())
    assert first.cells[1].outputs[0]["text"] == f"{n} 0\n"
    assert second.cells[1].outputs[0]["text"] == f"False {n} {words}\n"


def test_a_page_with_its_inputs_rendered_ahead_is_the_same_page(tmp_path, monkeypatch):
    from discourse.report import notebook_page

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A title\n\nSome *words*."),
                nbformat.v4.new_code_cell("import discourse as dc\nx = [1, 2]  # a list"),
                nbformat.v4.new_code_cell("print(f'{x!r} <b>&amp;</b>')")]
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    path = tmp_path / "01_a.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setattr(notebook_page, "_CLEANED", {})
    cold = notebook_page.render_notebook(nbformat.read(path, as_version=4), title="A")
    monkeypatch.setattr(notebook_page, "_CLEANED", {})
    notebook_page.prerender_inputs([path])
    ahead = dict(notebook_page._CLEANED)
    assert len(ahead) == 2  # the two code cells
    warm = notebook_page.render_notebook(nbformat.read(path, as_version=4), title="A")
    assert warm == cold
    assert notebook_page._CLEANED == ahead  # every input was found rendered
    assert "x = [1, 2]" not in cold and "<span" in cold  # highlighted, as before


def test_the_findings_keep_their_names_after_the_split():
    for name in ("key_terms", "key_terms_table", "screening_list"):
        assert getattr(findings, name) is getattr(findings_terms, name)
    for name in ("stance_findings", "stance_headline"):
        assert getattr(findings, name) is getattr(findings_stance, name)
    for name in ("attempt", "describe_comparisons", "group_overview", "key_terms",
                 "key_terms_table", "needs", "stance_findings", "stance_headline"):
        assert inspect.unwrap(getattr(dc, name)) is inspect.unwrap(getattr(findings, name))
    from discourse.report.findings import compare_sides, screening_list  # noqa: F401
