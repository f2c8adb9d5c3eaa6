// discourse term explorer: a canvas scatter of every term of two sides, KWIC on click or search.
// Written for discourse (MIT). Corpus strings only ever reach the page through textContent.
(function () {
  "use strict";
  performance.mark("dc-start");
  const D = JSON.parse(document.getElementById("dc-data").textContent);
  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  const FOCUS_COLOR = [33, 102, 172], REF_COLOR = [178, 24, 43], MID_COLOR = [200, 200, 200];
  const NBINS = 21;
  const fmt = (v, d) => {
    if (!Number.isFinite(v)) return "n/a";
    const r = Number(v.toFixed(d));
    return (r === 0 ? 0 : r).toFixed(d);  // no "-0.00"
  };
  const fmtInt = (v) => Math.round(v).toLocaleString("en");

  const KINDS = {
    terms: { names: D.terms, sparse: D.term_counts, totals: D.counted, what: "term" },
    markers: { names: D.entries.map((e, k) => e + " (" + D.categories[D.entry_categories[k]] + ")"),
      sparse: D.marker_counts, totals: D.words, what: "stance entry" },
  };
  for (const k of Object.keys(KINDS)) {
    const m = new Map();
    KINDS[k].names.forEach((n, i) => { if (!m.has(n.toLowerCase())) m.set(n.toLowerCase(), i); });
    if (k === "markers") {  // an entry can be found by its words alone: its first category
      D.entries.forEach((e, i) => { if (!m.has(e.toLowerCase())) m.set(e.toLowerCase(), i); });
    }
    KINDS[k].index = m;
  }
  // context lines by item and group: item >= 0 a term, item < 0 the stance entry -1 - item;
  // a line is [item, sentence, offset, length], its group that of the sentence's document
  const docGroup = (doc) => D.docs.rows[doc][1];
  const LINES = new Map();
  D.lines.forEach((ln, k) => {
    const key = ln[0] + ":" + docGroup(D.sents[ln[1]][0]);
    if (!LINES.has(key)) LINES.set(key, []);
    LINES.get(key).push(k);
  });
  const WHOLE = new Set(D.whole);  // documents embedded whole: what phrase search reads
  const RANKED = 25;  // terms in each ranked list
  const PHRASE_SHOWN = 20;  // sentences shown per side for a phrase

  const ZERO_NOTE = D.zero_rule === "shared"
    ? "when a count is 0, a' = a + N1/(N1+N2) and b' = b + N2/(N1+N2)"
    : "a zero count taken as 0.5";
  const S = { focus: D.focus, reference: D.reference, mode: "terms", colour: "lo", axes: "rank",
    selected: -1, phrase: null, stats: null, pts: null, labels: [] };

  // ---- statistics of a pair (same formulas as dc.keyness and dc.log_odds) ----
  function sideSum(sparse, groups, len) {
    const n = new Float64Array(len), d = new Float64Array(len);
    for (const g of groups) {
      const sp = sparse[g];
      let k = 0;
      for (let j = 0; j < sp.i.length; j++) { k += sp.i[j]; n[k] += sp.n[j]; d[k] += sp.d[j]; }
    }
    return { n, d };
  }
  function refGroups() {
    if (S.reference >= 0) return [S.reference];
    return D.groups.map((_, g) => g).filter((g) => g !== S.focus);
  }
  function cell(o, e) { return o > 0 ? o * Math.log(o / e) : 0; }
  // counts with dc.keyness's zero-count correction, for the Log Ratio and the log axes:
  // "half": a zero count becomes 0.5; "shared": when a count is 0, one pseudo-count is shared
  // in proportion to the sides' sizes, a + N1 / (N1 + N2) and b + N2 / (N1 + N2)
  function corrected(a, b, N1, N2) {
    if (a > 0 && b > 0) return [a, b];
    if (D.zero_rule === "shared") return [a + N1 / (N1 + N2), b + N2 / (N1 + N2)];
    return [a > 0 ? a : 0.5, b > 0 ? b : 0.5];
  }
  function pairStats() {
    const K = KINDS[S.mode], len = K.names.length, refs = refGroups();
    const A = sideSum(K.sparse, [S.focus], len), B = sideSum(K.sparse, refs, len);
    const N1 = K.totals[S.focus], N2 = refs.reduce((s, g) => s + K.totals[g], 0);
    const st = { a: A.n, b: B.n, da: A.d, db: B.d, N1, N2, items: [],
      lo: new Float64Array(len), g2: new Float64Array(len), lr: new Float64Array(len) };
    if (!(N1 > 0) || !(N2 > 0) || refs.includes(S.focus)) return st;
    const T = N1 + N2;
    for (let w = 0; w < len; w++) {
      const a = A.n[w], b = B.n[w];
      if (a + b === 0) continue;
      st.items.push(w);
      const e11 = (a + b) * N1 / T, e12 = (a + b) * N2 / T;
      let g2 = 2 * (cell(a, e11) + cell(b, e12) + cell(N1 - a, N1 - e11) + cell(N2 - b, N2 - e12));
      g2 = Math.max(g2, 0);
      st.g2[w] = Math.sign(a - e11) * g2;
      const [a2, b2] = corrected(a, b, N1, N2);
      st.lr[w] = Math.log2((a2 / N1) / (b2 / N2));
      const yf = 2 * a + b, yw = 3 * (a + b), nf = 2 * N1 + N2, Y = 3 * T;
      const delta = Math.log(yf / (nf - yf)) - Math.log(yw / (Y - yw));
      st.lo[w] = delta / Math.sqrt(1 / yf + 1 / yw);
    }
    return st;
  }
  function pdocsAvailable() {
    return D.pdocs && S.mode === "terms" && S.focus === D.focus && S.reference === D.reference;
  }
  function colourValue(w) {
    const st = S.stats;
    if (S.colour === "g2") return st.g2[w];
    if (S.colour === "lr") return st.lr[w];
    if (S.colour === "pdocs") {
      const p = D.pdocs.p[w];
      return p === null ? 0 : Math.sign(st.lr[w]) * Math.min(-Math.log10(Math.max(p, 1e-300)), 3);
    }
    return st.lo[w];
  }
  function colourLimit(values) {
    const floor = { lo: 0.5, g2: 1, lr: 0.5 }[S.colour] || 1;  // colours are relative: see the legend
    if (S.colour === "pdocs") return 3;
    const abs = Float64Array.from(values, Math.abs).sort();
    return Math.max(floor, abs.length ? abs[Math.floor(0.99 * (abs.length - 1))] : floor);
  }
  function mix(t) {  // t in [-1, 1]: reference red .. grey .. focus blue
    const c = t >= 0 ? FOCUS_COLOR : REF_COLOR, u = Math.abs(t);
    return "rgb(" + MID_COLOR.map((m, i) => Math.round(m + (c[i] - m) * u)).join(",") + ")";
  }

  // ---- axes ----
  function rankScale(counts, items) {
    const vals = Array.from(new Set(items.map((w) => counts[w]).concat([0]))).sort((x, y) => x - y);
    const pos = new Map(vals.map((v, k) => [v, vals.length > 1 ? k / (vals.length - 1) : 0.5]));
    return (w) => pos.get(counts[w]);
  }
  function positions(st) {
    if (S.axes === "log") {
      const fx = (w) => Math.log10(10000 * corrected(st.a[w], st.b[w], st.N1, st.N2)[1] / st.N2);
      const fy = (w) => Math.log10(10000 * corrected(st.a[w], st.b[w], st.N1, st.N2)[0] / st.N1);
      let lo = Infinity, hi = -Infinity;
      for (const w of st.items) {
        const x = fx(w), y = fy(w);
        lo = Math.min(lo, x, y); hi = Math.max(hi, x, y);
      }
      const span = hi > lo ? hi - lo : 1;
      return { x: (w) => (fx(w) - lo) / span, y: (w) => (fy(w) - lo) / span, lo, hi };
    }
    return { x: rankScale(st.b, st.items), y: rankScale(st.a, st.items) };
  }

  // ---- drawing ----
  const plot = $("plot"), overlay = $("overlay"), ctx = plot.getContext("2d"),
    octx = overlay.getContext("2d");
  const M = { left: 46, right: 12, top: 12, bottom: 40 };
  let W = 0, H = 0;
  function sizeCanvases() {
    const box = $("plotbox"), dpr = window.devicePixelRatio || 1;
    W = Math.max(420, Math.min(920, box.clientWidth || 800));
    H = Math.round(W * 0.72);
    for (const c of [plot, overlay]) {
      c.width = Math.round(W * dpr); c.height = Math.round(H * dpr);
      c.style.width = W + "px"; c.style.height = H + "px";
      c.getContext("2d").setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    box.style.height = H + "px";
  }
  const px = (u) => M.left + u * (W - M.left - M.right);
  const py = (v) => H - M.bottom - v * (H - M.top - M.bottom);

  function groupName(g) { return g < 0 ? "all other groups" : D.groups[g]; }
  function refName() { return groupName(S.reference); }

  function compute() {
    S.stats = pairStats();
    const st = S.stats, pos = positions(st);
    const n = st.items.length, X = new Float32Array(n), Y = new Float32Array(n);
    const C = new Float64Array(n);
    st.items.forEach((w, k) => { X[k] = px(pos.x(w)); Y[k] = py(pos.y(w)); C[k] = colourValue(w); });
    S.pts = { X, Y, C, pos, limit: colourLimit(C) };
    buildGrid();
  }

  function draw() {
    ctx.clearRect(0, 0, W, H);
    const st = S.stats, P = S.pts;
    $("empty").hidden = st.items.length > 0;
    if (!st.items.length) {
      $("empty").textContent = S.focus === S.reference ? "Focus and reference are the same group: choose two."
        : "Nothing to compare: one of the sides has no counted words.";
    }
    drawAxes(P.pos);
    const bins = Array.from({ length: NBINS }, () => []);
    const byCat = S.mode === "markers" && S.colour === "category";
    for (let k = 0; k < st.items.length; k++) {
      let b;
      if (byCat) b = D.entry_categories[st.items[k]] % NBINS;
      else b = Math.round((Math.max(-1, Math.min(1, P.C[k] / P.limit)) + 1) / 2 * (NBINS - 1));
      bins[b].push(k);
    }
    const mid = (NBINS - 1) / 2;
    const order = bins.map((_, b) => b).sort((x, y) => Math.abs(x - mid) - Math.abs(y - mid));
    const n = st.items.length, r = S.mode === "markers" || n < 2000 ? 3 : n < 10000 ? 2.2 : 1.6;
    for (const b of order) {
      if (!bins[b].length) continue;
      ctx.fillStyle = byCat ? D.colors[b] : mix((b - mid) / mid);
      ctx.beginPath();
      for (const k of bins[b]) ctx.rect(P.X[k] - r, P.Y[k] - r, 2 * r, 2 * r);
      ctx.fill();
    }
    drawLabels();
    drawLegend();
    drawRanked();
    drawOverlay(-1);
  }

  function drawAxes(pos) {
    ctx.save();
    ctx.strokeStyle = "#999"; ctx.fillStyle = "#333"; ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px(0), py(1)); ctx.lineTo(px(0), py(0)); ctx.lineTo(px(1), py(0)); ctx.stroke();
    ctx.setLineDash([4, 4]); ctx.strokeStyle = "#ccc";
    ctx.beginPath(); ctx.moveTo(px(0), py(0)); ctx.lineTo(px(1), py(1)); ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = "12px system-ui, sans-serif";
    const what = S.axes === "log" ? "rate per 10,000 words (log)" : "frequency rank (scaled)";
    ctx.textAlign = "center";
    ctx.fillText(refName() + ": " + what, (px(0) + px(1)) / 2, H - 8);
    ctx.save(); ctx.translate(13, (py(0) + py(1)) / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText(groupName(S.focus) + ": " + what, 0, 0); ctx.restore();
    ctx.font = "10px system-ui, sans-serif"; ctx.fillStyle = "#666";
    if (S.axes === "log" && Number.isFinite(pos.lo)) {
      for (let e = Math.ceil(pos.lo); e <= Math.floor(pos.hi); e++) {
        const u = (e - pos.lo) / (pos.hi - pos.lo || 1), t = String(Math.pow(10, e));
        ctx.textAlign = "center"; ctx.fillText(t, px(u), py(0) + 13);
        ctx.textAlign = "right"; ctx.fillText(t, px(0) - 4, py(u) + 3);
      }
    } else {
      ctx.textAlign = "center"; ctx.fillText("absent", px(0), py(0) + 13);
      ctx.fillText("most frequent", px(1) - 30, py(0) + 13);
    }
    ctx.restore();
  }

  function drawLabels() {
    const st = S.stats, P = S.pts, placed = [];
    ctx.save();
    ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "middle";
    const ks = st.items.map((_, k) => k);
    const up = ks.filter((k) => P.C[k] > 0).sort((x, y) => P.C[y] - P.C[x]).slice(0, 40);
    const down = ks.filter((k) => P.C[k] < 0).sort((x, y) => P.C[x] - P.C[y]).slice(0, 40);
    const cands = [];
    for (let j = 0; j < 40; j++) { if (j < up.length) cands.push(up[j]); if (j < down.length) cands.push(down[j]); }
    const K = KINDS[S.mode];
    let n = 0;
    for (const k of cands) {
      if (n >= 50) break;
      const text = K.names[st.items[k]], w = ctx.measureText(text).width + 2, h = 13;
      const x = P.X[k], y = P.Y[k];
      const tries = [[x + 4, y - h / 2], [x - 4 - w, y - h / 2], [x - w / 2, y - 4 - h],
        [x - w / 2, y + 4], [x + 3, y - 3 - h], [x - 3 - w, y - 3 - h], [x + 3, y + 3],
        [x - 3 - w, y + 3]];
      for (const [lx, ly] of tries) {
        if (lx < M.left || ly < 0 || lx + w > W || ly + h > H - M.bottom) continue;
        if (placed.some((p) => lx < p[0] + p[2] && p[0] < lx + w && ly < p[1] + p[3] && p[1] < ly + h)) continue;
        placed.push([lx, ly, w, h, text]);
        ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.85)";
        ctx.strokeText(text, lx + 1, ly + h / 2);
        ctx.fillStyle = "#111"; ctx.fillText(text, lx + 1, ly + h / 2);
        n++;
        break;
      }
    }
    S.labels = placed;
    ctx.restore();
  }

  function drawLegend() {
    const box = $("legend");
    box.replaceChildren();
    if (S.mode === "markers" && S.colour === "category") {
      box.append(el("h3", null, "Stance categories"));
      D.categories.forEach((c, k) => {
        const row = el("div", "chip");
        const sw = el("span", "swatch"); sw.style.background = D.colors[k];
        row.append(sw, el("span", null, c)); box.append(row);
      });
      return;
    }
    const names = { lo: "weighted log-odds (z)", g2: "G2 (signed)", lr: "Log Ratio", pdocs: "document-level p" };
    box.append(el("h3", null, names[S.colour]));
    const L = S.pts.limit;
    const rows = S.colour === "pdocs"
      ? [[3, "p \u2264 .001, " + groupName(S.focus)], [1.3, "p = .05"], [0, "not significant"], [-1.3, "p = .05"], [-3, "p \u2264 .001, " + refName()]]
      : [[L, "\u2265 " + fmt(L, 1) + " " + groupName(S.focus)], [L / 2, fmt(L / 2, 1)], [0, "0"], [-L / 2, fmt(-L / 2, 1)], [-L, "\u2264 " + fmt(-L, 1) + " " + refName()]];
    for (const [v, label] of rows) {
      const row = el("div", "chip");
      const sw = el("span", "swatch"); sw.style.background = mix(Math.max(-1, Math.min(1, v / L)));
      row.append(sw, el("span", null, label)); box.append(row);
    }
    box.append(el("p", "small", fmtInt(S.stats.items.length) + " " + KINDS[S.mode].what + "s shown"));
  }

  // ---- ranked lists: the top items of each side by the colour statistic ----
  function rankedItems(sign) {
    const st = S.stats, by = S.colour === "category" ? "lo" : S.colour;
    const value = (w) => by === "g2" ? st.g2[w] : by === "lr" ? st.lr[w]
      : by === "pdocs" ? colourValue(w) : st.lo[w];
    const ws = st.items.filter((w) => sign * value(w) > 0);
    ws.sort((x, y) => sign * (value(y) - value(x)) || (st.a[y] + st.b[y]) - (st.a[x] + st.b[x]) || x - y);
    return ws.slice(0, RANKED);
  }
  function drawRanked() {
    const K = KINDS[S.mode], st = S.stats;
    for (const [id, sign, name] of [["rank-focus", 1, groupName(S.focus)], ["rank-reference", -1, refName()]]) {
      const list = $(id), ws = rankedItems(sign);
      $(id + "-title").textContent = "Top " + K.what + "s: " + name;
      list.replaceChildren();
      ws.forEach((w, j) => {
        const li = el("li", w === S.selected ? "sel" : null);
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", w === S.selected ? "true" : "false");
        li.tabIndex = j === 0 ? 0 : -1;
        li.dataset.w = w;
        li.append(el("span", "term", K.names[w]), el("span", "n", fmtInt(st.a[w]) + " \u00b7 " + fmtInt(st.b[w])));
        list.append(li);
      });
      if (!ws.length) list.append(el("li", "small", "none"));
    }
  }
  function rankedKey(e) {
    const li = e.target.closest("li[data-w]");
    if (!li) return;
    const items = Array.from(e.currentTarget.querySelectorAll("li[data-w]"));
    let k = items.indexOf(li);
    if (e.key === "ArrowDown") k = Math.min(items.length - 1, k + 1);
    else if (e.key === "ArrowUp") k = Math.max(0, k - 1);
    else if (e.key === "Home") k = 0;
    else if (e.key === "End") k = items.length - 1;
    else if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(+li.dataset.w); return; }
    else return;
    e.preventDefault();
    items.forEach((x, j) => { x.tabIndex = j === k ? 0 : -1; });
    items[k].focus();
  }
  for (const id of ["rank-focus", "rank-reference"]) {
    $(id).addEventListener("keydown", rankedKey);
    $(id).addEventListener("click", (e) => {
      const li = e.target.closest("li[data-w]");
      if (li) choose(+li.dataset.w);
    });
    $(id).addEventListener("focusin", (e) => {
      const li = e.target.closest("li[data-w]");
      if (li) drawOverlay(S.stats.items.indexOf(+li.dataset.w));
    });
  }
  function choose(w) {  // a term picked in a list: its contexts, the list keeps the focus
    const active = document.activeElement;
    S.phrase = null;
    select(w);
    const again = active && active.dataset && active.dataset.w !== undefined
      ? document.querySelector("#" + active.parentNode.id + " li[data-w='" + active.dataset.w + "']") : null;
    if (again) { again.tabIndex = 0; again.focus(); }
  }

  // ---- hover: a grid index of the points ----
  const CELL = 8;
  let GRID = null;
  function buildGrid() {
    GRID = new Map();
    const P = S.pts;
    for (let k = 0; k < P.X.length; k++) {
      const key = Math.floor(P.X[k] / CELL) + "," + Math.floor(P.Y[k] / CELL);
      let a = GRID.get(key);
      if (!a) GRID.set(key, (a = []));
      a.push(k);
    }
  }
  function nearest(x, y, radius) {
    const cx = Math.floor(x / CELL), cy = Math.floor(y / CELL), P = S.pts;
    let best = -1, bd = radius * radius;
    for (let i = cx - 1; i <= cx + 1; i++) for (let j = cy - 1; j <= cy + 1; j++) {
      const a = GRID.get(i + "," + j);
      if (!a) continue;
      for (const k of a) {
        const d = (P.X[k] - x) ** 2 + (P.Y[k] - y) ** 2;
        if (d < bd) { bd = d; best = k; }
      }
    }
    return best;
  }
  function samePlace(k) {
    const P = S.pts, a = GRID.get(Math.floor(P.X[k] / CELL) + "," + Math.floor(P.Y[k] / CELL)) || [];
    return a.filter((j) => P.X[j] === P.X[k] && P.Y[j] === P.Y[k]);
  }
  function drawOverlay(hover) {
    octx.clearRect(0, 0, W, H);
    const P = S.pts, ring = (k, color) => {
      octx.strokeStyle = color; octx.lineWidth = 2;
      octx.beginPath(); octx.arc(P.X[k], P.Y[k], 6, 0, 2 * Math.PI); octx.stroke();
    };
    const sel = S.stats.items.indexOf(S.selected);
    if (sel >= 0) ring(sel, "#000");
    if (hover >= 0) ring(hover, "#555");
  }
  function statLines(w) {
    const st = S.stats, out = [];
    const rate = (c, N) => fmt(10000 * c / N, 2);
    out.push(groupName(S.focus) + ": " + fmtInt(st.a[w]) + " (" + rate(st.a[w], st.N1) + " per 10,000), in " + fmtInt(st.da[w]) + " documents");
    out.push(refName() + ": " + fmtInt(st.b[w]) + " (" + rate(st.b[w], st.N2) + " per 10,000), in " + fmtInt(st.db[w]) + " documents");
    let s = "weighted log-odds " + fmt(st.lo[w], 2) + " \u00b7 G2 " + fmt(st.g2[w], 2) + " \u00b7 Log Ratio " + fmt(st.lr[w], 2);
    if (pdocsAvailable() && D.pdocs.p[w] !== null) s += " \u00b7 document-level p " + D.pdocs.p[w];
    out.push(s);
    return out;
  }
  function showTip(k, x, y) {
    const tip = $("tip"), w = S.stats.items[k], K = KINDS[S.mode];
    tip.replaceChildren(el("b", null, K.names[w]));
    for (const line of statLines(w)) tip.append(el("div", null, line));
    const same = samePlace(k).filter((j) => j !== k);
    if (same.length) {
      const names = same.slice(0, 6).map((j) => K.names[S.stats.items[j]]).join(", ");
      tip.append(el("div", "small", "same place: " + names + (same.length > 6 ? " and " + fmtInt(same.length - 6) + " more" : "")));
    }
    tip.hidden = false;
    tip.style.left = Math.min(x + 14, W - 260) + "px";
    tip.style.top = Math.max(0, y - 10) + "px";
  }
  overlay.addEventListener("mousemove", (ev) => {
    const r = overlay.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
    const k = nearest(x, y, 7);
    drawOverlay(k);
    if (k >= 0) showTip(k, x, y); else $("tip").hidden = true;
  });
  overlay.addEventListener("mouseleave", () => { $("tip").hidden = true; drawOverlay(-1); });
  overlay.addEventListener("click", (ev) => {
    const r = overlay.getBoundingClientRect();
    const k = nearest(ev.clientX - r.left, ev.clientY - r.top, 7);
    if (k >= 0) select(S.stats.items[k]);
  });

  // ---- KWIC ----
  function appendText(parent, s, from, to, spans) {
    // s[from:to] as text nodes, stance markers inside it as <mark>, line breaks shown as a glyph
    const put = (a, b, mark) => {
      const parts = s.slice(a, b).split(/\r\n|\n|\r/);
      const host = mark === undefined ? parent : el("mark");
      if (mark !== undefined) {
        host.style.background = tint(D.colors[mark]);
        host.style.borderBottom = "2px solid " + D.colors[mark];
        host.title = D.categories[mark];
        parent.append(host);
      }
      parts.forEach((p, i) => {
        if (i) host.append(el("span", "nl", "\u21b5"));
        if (p) host.append(document.createTextNode(p));
      });
    };
    let pos = from;
    for (let k = 0; k < spans.length; k += 3) {
      const a = Math.max(spans[k], from), b = Math.min(spans[k + 1], to);
      if (a < pos || b <= a) continue;
      if (a > pos) put(pos, a);
      put(a, b, spans[k + 2]);
      pos = b;
    }
    if (pos < to) put(pos, to);
  }
  function tint(hex) {
    const h = hex.replace("#", "");
    return "rgba(" + [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).join(",") + ",0.35)";
  }
  // a link to the sentence in the reading view: a text fragment (#:~:text=start,end), from
  // the second word (a page may put a label right before a paragraph's first word, and a
  // fragment matches whole words only)
  function fragment(text) {
    let words = text.trim().split(/\s+/);
    const enc = (w) => encodeURIComponent(w.join(" ")).replace(/[-,&]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
    if (words.length >= 3) words = words.slice(1);
    if (words.length <= 8) return ":~:text=" + enc(words);
    return ":~:text=" + enc(words.slice(0, 4)) + "," + enc(words.slice(-4));
  }
  function readingLink(doc, text) {
    const url = D.docs.urls[doc];
    if (!url) return null;
    const a = el("a", "read", "read in context \u2197");
    a.href = url + (url.includes("#") ? "" : "#") + fragment(text);
    a.rel = "noopener";
    return a;
  }
  function metaLine(doc) {
    const row = D.docs.rows[doc], meta = el("div", "meta");
    meta.append(el("span", "doc", row[0]));
    D.docs.columns.forEach((c, j) => {
      if (row[2 + j] !== "") meta.append(el("span", "kv", c + ": " + row[2 + j]));
    });
    return meta;
  }
  // one sentence with the match [from, to) in bold; cut sentences start or end with "..."
  function sentenceRow(sent, from, to) {
    const [doc, start, text, spans, cut] = D.sents[sent], row = el("div", "snip");
    row.append(metaLine(doc));
    const p = el("p", "sent");
    if (cut & 1) p.append(el("span", "nl", "\u2026"));
    appendText(p, text, 0, from, spans);
    const m = el("b", "match"); appendText(m, text, from, to, spans); p.append(m);
    appendText(p, text, to, text.length, spans);
    if (cut & 2) p.append(el("span", "nl", "\u2026"));
    const link = readingLink(doc, text);
    if (link) p.append(" ", link);
    row.dataset.doc = D.docs.rows[doc][0]; row.dataset.start = start;
    row.append(p);
    return row;
  }
  function setSelected(w) {
    S.selected = w;
    for (const li of document.querySelectorAll(".ranked li[data-w]")) {
      const on = +li.dataset.w === w;
      li.classList.toggle("sel", on); li.setAttribute("aria-selected", on ? "true" : "false");
    }
  }
  function select(w) {
    setSelected(w);
    S.phrase = null;
    const K = KINDS[S.mode], st = S.stats, box = $("kwic-lines");
    $("kwic-title").textContent = K.names[w];
    $("kwic-stats").replaceChildren(...statLines(w).map((t) => el("div", null, t)));
    box.replaceChildren();
    const key = S.mode === "terms" ? w : -1 - w;
    for (const [groups, label, total] of [[[S.focus], groupName(S.focus), st.a[w]], [refGroups(), refName(), st.b[w]]]) {
      const ks = [];
      for (const g of groups) ks.push(...(LINES.get(key + ":" + g) || []));
      const col = el("div", "side");
      col.append(el("h3", null, label + ": " + (total > 0 ? ks.length + " of " + fmtInt(total) + " uses shown" : "not used")));
      if (!ks.length && total > 0) {
        col.append(el("p", "small", "No context kept for this " + K.what + " (page size cap): dc.kwic(corpus, ...) in a notebook shows them all."));
      }
      for (const k of ks) { const ln = D.lines[k]; col.append(sentenceRow(ln[1], ln[2], ln[2] + ln[3])); }
      box.append(col);
    }
    drawOverlay(-1);
  }
  // ---- phrase search: whole words, case ignored, in the sentences of documents kept whole ----
  function phraseRegex(q) {
    const esc = q.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp("(?<![\\p{L}\\p{N}_])" + esc.join("\\s+") + "(?![\\p{L}\\p{N}_])", "giu");
  }
  function phraseHits(q) {
    const re = phraseRegex(q), hits = new Map();
    D.sents.forEach((s, k) => {
      if (!WHOLE.has(s[0])) return;
      re.lastIndex = 0;
      const m = re.exec(s[2]);
      if (!m) return;
      let n = 1;
      while (re.exec(s[2])) n++;
      const g = docGroup(s[0]);
      if (!hits.has(g)) hits.set(g, []);
      hits.get(g).push([k, m.index, m.index + m[0].length, n]);
    });
    return hits;
  }
  function wholeDocs(groups) {
    let n = 0;
    for (const d of WHOLE) if (groups.includes(docGroup(d))) n++;
    return n;
  }
  function showPhrase(q) {
    const hits = phraseHits(q);
    let found = 0;
    for (const g of [S.focus, ...refGroups()]) found += (hits.get(g) || []).length;
    if (!found) return false;
    setSelected(-1);
    S.phrase = q;
    const box = $("kwic-lines"), all = WHOLE.size === N_DOCS;
    $("kwic-title").textContent = "\u201c" + q.trim() + "\u201d in the text";
    $("kwic-stats").replaceChildren(el("div", null, "Not a counted " + KINDS[S.mode].what + ": searched as words in " +
      (all ? "every sentence of the compared documents" : "the sentences of " + fmtInt(WHOLE.size) + " of " +
        fmtInt(N_DOCS) + " documents (a fixed random sample kept whole to stay small)") + ", case ignored."));
    box.replaceChildren();
    for (const [groups, label] of [[[S.focus], groupName(S.focus)], [refGroups(), refName()]]) {
      const rows = [];
      for (const g of groups) rows.push(...(hits.get(g) || []));
      const uses = rows.reduce((t, r) => t + r[3], 0), col = el("div", "side");
      const some = (n, what) => fmtInt(n) + " " + what + (n === 1 ? "" : "s");
      col.append(el("h3", null, label + ": " + (rows.length ? some(uses, "use") + " in " + some(rows.length, "sentence") + " of " +
        some(wholeDocs(groups), "document") + " searched; " + Math.min(rows.length, PHRASE_SHOWN) + " shown" : "not found")));
      for (const r of rows.slice(0, PHRASE_SHOWN)) col.append(sentenceRow(r[0], r[1], r[2]));
      box.append(col);
    }
    drawOverlay(-1);
    return true;
  }
  function nothingFound(q, hits) {
    setSelected(-1);
    S.phrase = null;
    $("kwic-title").textContent = "Nothing matches \u201c" + q.trim() + "\u201d";
    $("kwic-stats").replaceChildren(el("div", null, "No counted " + KINDS[S.mode].what + " is \u201c" + q.trim() +
      "\u201d and the text searched does not contain it" + (hits.length ? ": terms containing it are listed beside the search box." : ".")));
    $("kwic-lines").replaceChildren();
    drawOverlay(-1);
  }

  // ---- controls ----
  function fillSelects() {
    const f = $("focus"), r = $("reference");
    f.replaceChildren(); r.replaceChildren();
    D.groups.forEach((g, k) => { const o = el("option", null, g); o.value = k; f.append(o); });
    const rest = el("option", null, "all other groups"); rest.value = -1; r.append(rest);
    D.groups.forEach((g, k) => { const o = el("option", null, g); o.value = k; r.append(o); });
    f.value = S.focus; r.value = S.reference;
  }
  function fillColours() {
    const c = $("colour"), opts = [];
    if (S.mode === "markers") opts.push(["category", "stance category"]);
    opts.push(["lo", "weighted log-odds"], ["g2", "G2"], ["lr", "Log Ratio"]);
    if (pdocsAvailable()) opts.push(["pdocs", "document-level p"]);
    if (!opts.some((o) => o[0] === S.colour)) S.colour = opts[0][0];
    c.replaceChildren(...opts.map(([v, t]) => { const o = el("option", null, t); o.value = v; return o; }));
    c.value = S.colour;
  }
  function notes() {
    $("axis-note").replaceChildren(el("b", null, "Axes. "), document.createTextNode(S.axes === "log"
      ? "Log rate: y = log10(10000 \u00b7 a' / N1), x = log10(10000 \u00b7 b' / N2), both on one scale, where a', b' are the counts with the Log Ratio's zero-count correction (" + ZERO_NOTE + "), so a point's distance from the dashed diagonal is its Log Ratio (in log10 units)."
      : "Rank-scaled: y = r(a) / R, where r(a) is the dense rank of the count a among the distinct focus counts of the terms shown (0 has rank 0) and R the highest rank, so 0 means absent and 1 the most frequent; x likewise for b. Points with equal counts share a place (hover lists them)."));
    const kw = D.kwic, all = WHOLE.size === N_DOCS;
    $("kwic-note").replaceChildren(el("b", null, "Contexts. "), document.createTextNode(
      "Each context is the whole sentence around a use, exact from the original text (\u21b5 marks a line break; a sentence running more than " + kw.window +
      " characters beyond its match is cut there, \u2026), with the document's id and metadata" + (D.docs.columns.length ? " (" + D.docs.columns.join(", ") + ")" : "") +
      (D.docs.urls.some((u) => u) ? " and a link to the sentence in the reading view" : "") + ". At most " + kw.per_term + " per term and group; " +
      fmtInt(kw.lines) + " of " + fmtInt(kw.lines_wanted) + " such contexts are in this page (" + fmtInt(kw.budget) + " characters of text at most): " +
      (kw.lines < kw.lines_wanted ? "the rarest terms may have none; " : "") + "dc.kwic(corpus, \"term\") in a notebook shows every use. " +
      "A search that is not a counted term (a stop word, a phrase) reads " + (all ? "every sentence of the compared documents" :
        "the sentences of " + fmtInt(WHOLE.size) + " of the " + fmtInt(N_DOCS) + " documents, kept whole in a fixed random order (seed 0) while they fit") +
      ", " + fmtInt(kw.sentences) + " sentences embedded in all. Ranked lists: the " + RANKED + " " + KINDS[S.mode].what +
      "s with the highest colour statistic towards each side (ties: the more frequent first); arrow keys move through a list, Enter shows the contexts."));
  }
  function refresh() {
    fillColours();
    notes();
    compute();
    draw();
    if (S.selected >= 0) select(S.selected);
    else if (S.phrase && !showPhrase(S.phrase)) nothingFound(S.phrase, []);
  }
  $("focus").addEventListener("change", (e) => { S.focus = +e.target.value; refresh(); });
  $("reference").addEventListener("change", (e) => { S.reference = +e.target.value; refresh(); });
  $("swap").addEventListener("click", () => {
    if (S.reference < 0) return;
    [S.focus, S.reference] = [S.reference, S.focus]; fillSelects(); refresh();
  });
  $("colour").addEventListener("change", (e) => { S.colour = e.target.value; refresh(); });
  $("axes").addEventListener("change", (e) => { S.axes = e.target.value; refresh(); });
  for (const r of document.querySelectorAll("input[name=mode]")) {
    r.addEventListener("change", (e) => {
      S.mode = e.target.value; S.selected = -1; S.phrase = null;
      S.colour = S.mode === "markers" ? "category" : "lo";
      $("kwic-lines").replaceChildren(); $("kwic-stats").replaceChildren();
      $("kwic-title").textContent = "Click a point or search a term to read it in context.";
      refresh();
    });
  }
  $("controls").addEventListener("submit", (e) => { e.preventDefault(); });
  function suggestions(q) {
    const names = KINDS[S.mode].names, out = [];
    for (let i = 0; i < names.length && out.length < 10; i++) if (names[i].toLowerCase().startsWith(q)) out.push(i);
    for (let i = 0; i < names.length && out.length < 10; i++) {
      const n = names[i].toLowerCase();
      if (!n.startsWith(q) && n.includes(q)) out.push(i);
    }
    return out;
  }
  function search(value, pick) {
    performance.mark("dc-search-start");
    const q = value.trim().toLowerCase().replace(/\s+/g, " "), box = $("suggest");
    box.replaceChildren();
    if (!q) return;
    const exact = KINDS[S.mode].index.get(q);
    const hits = exact === undefined ? suggestions(q) : [];
    if (pick) {  // Enter: the term itself, else the words in the text, else nothing (said)
      if (exact !== undefined) select(exact);
      else if (!showPhrase(q)) nothingFound(q, hits);
      performance.mark("dc-search-end");
      performance.measure("dc-search", "dc-search-start", "dc-search-end");
    }
    if (exact === undefined) {
      if (!hits.length && !pick) box.append(el("span", "small", "not a counted " + KINDS[S.mode].what + ": Enter searches the text"));
      for (const i of hits) {
        const b = el("button", "sugg", KINDS[S.mode].names[i]); b.type = "button";
        b.addEventListener("click", () => { $("search").value = KINDS[S.mode].names[i]; search(KINDS[S.mode].names[i], true); });
        box.append(b);
      }
    }
  }
  $("search").addEventListener("input", (e) => search(e.target.value, false));
  $("search").addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); search(e.target.value, true); } });

  const N_DOCS = D.n_docs.reduce((t, n) => t + n, 0);
  const groupsText = D.by === "doc_id" ? fmtInt(D.groups.length) + " documents compared one with another"
    : fmtInt(N_DOCS) + " documents in " + D.groups.length + " groups of \u201c" + D.by + "\u201d";
  const sized = (g) => g < 0 ? "all other groups" : D.groups[g] + " (" + fmtInt(D.n_docs[g]) + " document" + (D.n_docs[g] === 1 ? "" : "s") + ")";
  const opened = "Opened on " + sized(D.focus) + " against " + sized(D.reference) +
    (D.opened === "largest" ? ": the two largest groups" : D.opened === "two" ? ": the two groups" : ": the comparison given to the page (in a report, its main comparison)") +
    "; pick any pair above.";
  const termsText = D.terms.length < D.n_terms ? "the " + fmtInt(D.terms.length) + " most frequent of " + fmtInt(D.n_terms) + " terms (a cap that keeps the page small)"
    : fmtInt(D.terms.length) + " terms";
  $("summary").textContent = groupsText + "; " + termsText + ", " + fmtInt(D.entries.length) +
    " stance entries. " + opened + " Hover a point for its counts; click it, a term in the lists or search to read it in context.";
  fillSelects();
  sizeCanvases();
  refresh();
  performance.mark("dc-first-render");
  window.addEventListener("resize", () => { sizeCanvases(); refresh(); });
  window.dcExplorer = {
    state: S,
    select: (name) => { const w = KINDS[S.mode].index.get(String(name).toLowerCase()); if (w !== undefined) select(w); return w; },
    rows: (names) => names.map((n) => {
      const w = KINDS[S.mode].index.get(n), st = S.stats;
      return w === undefined ? null : [n, st.a[w], st.b[w], st.da[w], st.db[w], st.lo[w], st.g2[w], st.lr[w]];
    }),
    shown: () => S.stats.items.length,
    points: () => S.pts.X.length,
    labels: () => S.labels.map((b) => b.slice()),
    ranked: (id) => Array.from(document.querySelectorAll("#" + id + " li[data-w]")).map((li) => KINDS[S.mode].names[+li.dataset.w]),
  };
})();
