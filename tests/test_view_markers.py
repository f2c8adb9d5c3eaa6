"""The HTML view: escaped text, colours per category, legend counts, hover titles."""

import re

import pytest

import discourse as dc
from discourse.views.view_markers import MarkersHTML


def test_escapes_and_highlights():
    c = dc.from_texts({"a": "<script>alert(1)</script> It may rain, reportedly."})
    html = dc.markers_html(c)
    assert isinstance(html, MarkersHTML) and isinstance(html, str)
    assert html._repr_html_() == str(html)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<mark class="dm-hedge" title="hedge: may (epistemic modal; rule lexicon)">may</mark>' \
        in html
    # one span for the two hits on "reportedly", with both classes and both titles
    span = re.search(r'<mark class="([^"]*)" title="([^"]*)">reportedly</mark>', html)
    assert span.group(1) == "dm-hedge dm-attribution dm-multi"
    assert "hedge: reportedly" in span.group(2) and "attribution: reportedly" in span.group(2)
    assert '<span class="dm-hedge">hedge 2</span>' in html  # legend: may + reportedly


def test_nested_hits_share_one_span():
    c = dc.from_texts(["In my view, it works."])
    html = dc.markers_html(c)
    span = re.search(r'<mark class="([^"]*)" title="([^"]*)">In my view</mark>', html)
    assert span.group(1) == "dm-hedge dm-self_mention dm-multi"
    assert "self_mention: my" in span.group(2)


def test_whole_document_with_skipped_sections(example):
    m = dc.find_markers(example)
    html = dc.markers_html(example, "news_rewrite", markers=m)
    n = (m.doc_id == "news_rewrite").sum()
    counts = [int(x) for x in re.findall(r'<span class="dm-\w+">\w+ (\d+)</span>', html)]
    assert sum(counts) == n
    assert html.count('<p class="dm-skip">') == (
        ~example.paragraphs[example.paragraphs.doc_id == "news_rewrite"].is_analyzed).sum()
    assert "[headline]" in html
    only = dc.markers_html(example, "news_rewrite", markers=m, categories=["hedge"])
    assert "dm-informal" not in only.split("</style>")[1]
    with pytest.raises(dc.InputError, match="no document"):
        dc.markers_html(example, "nope")
    with pytest.raises(dc.InputError, match="not stance categories"):
        dc.markers_html(example, categories=["hedges"])


def test_scope_hedges_get_a_dashed_underline_when_the_column_says_so():
    from helpers import hand_markers

    c = dc.from_texts({"a": "It may rain, mostly in the north."})
    m = hand_markers(c, [("a", "may", "hedge"), ("a", "mostly", "hedge")])
    m["subcategory"] = ["epistemic modal", "scope: approximator"]
    html = dc.markers_html(c, markers=m)
    assert re.search(r'<mark class="dm-hedge dm-scope" title="[^"]*">mostly</mark>', html)
    assert re.search(r'<mark class="dm-hedge" title="[^"]*">may</mark>', html)
    from dataclasses import replace

    from discourse.report import site as report_pages
    from discourse.report.context import build_context

    reading = report_pages.reading_html(replace(build_context(c), markers=m))
    assert '<mark class="hedge scope"' in reading and '<mark class="hedge" title' in reading


def test_max_chars_caps_the_text_but_not_the_counts():
    text = "\n\n".join(["It may rain. It will certainly pass."] * 2000)
    c = dc.from_texts({"long": text})
    m = dc.find_markers(c)
    html = dc.markers_html(c, markers=m, max_chars=1000)
    assert len(html) < 20_000
    assert f"of {len(text):,} characters." in html
    counts = [int(x) for x in re.findall(r'<span class="dm-\w+">\w+ (\d+)</span>', html)]
    assert sum(counts) == len(m)  # the legend counts the whole document
    # paragraphs of 36 characters: 27 whole ones (972) and the 28th cut after "It may rain."
    assert html.count(">may</mark>") == 28


def test_doc_ids_one_or_several_and_the_old_name():
    c = dc.from_texts({"a": "It may rain.", "b": "It will surely rain."})
    m = dc.find_markers(c)
    one = dc.markers_html(c, "b", markers=m)
    assert dc.markers_html(c, doc_ids="b", markers=m) == one
    assert dc.markers_html(c, ["b"], markers=m) == one
    with pytest.deprecated_call(match=r"markers_html\(doc_id=\) is now markers_html\(doc_ids=\)"):
        assert dc.markers_html(c, doc_id="b", markers=m) == one
    both = dc.markers_html(c, ["a", "b"], markers=m)
    assert isinstance(both, MarkersHTML)
    assert both == dc.markers_html(c, "a", markers=m) + one  # one view after the other
    assert both.count('<div class="dc-markers">') == 2
    assert both.index("<h4>a</h4>") < both.index("<h4>b</h4>")
    with pytest.raises(dc.InputError, match="no document 'z'"):
        dc.markers_html(c, ["a", "z"], markers=m)
    with pytest.raises(dc.InputError, match="doc_ids is empty"):
        dc.markers_html(c, [], markers=m)
