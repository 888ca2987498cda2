/* kg.viz view page: draws the network from the inlined JSON, builds tooltips and the
 * details panel with textContent only (document text is never parsed as HTML),
 * searches names and aliases, and turns physics off once the layout is stable.
 * Exposes window.kgView for tests and benchmarks. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kg-data').textContent);
  // Inside an atlas page the picture is a frame: a narrower side panel leaves room to draw.
  if (window.self !== window.top) { document.body.classList.add('kg-embedded'); }
  var state = { stable: false, stableAt: null, network: null, nodes: null, edges: null };
  window.kgView = state;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  // info: {t: title, k: kind, l: [lines], e: [[quote, citation]], m: citations not carried,
  //        s: [first sources], n: number of sources}. A page carries the first few quotes of each
  //        entity and line, so its size follows its entities, not how many papers repeat a fact.
  function infoBox(info, full) {
    var box = el('div', 'kg-tip');
    box.appendChild(el('div', 'kg-tip-title', info.t));
    if (info.k) { box.appendChild(el('div', 'kg-tip-kind', info.k)); }
    (info.l || []).forEach(function (line) { box.appendChild(el('div', 'kg-tip-line', line)); });
    var ev = info.e || [];
    var shown = full ? ev.length : Math.min(ev.length, 2);
    for (var i = 0; i < shown; i++) {
      var q = el('blockquote', 'kg-quote', ev[i][0]);
      box.appendChild(q);
      box.appendChild(el('cite', 'kg-cite', ev[i][1]));
    }
    var more = (ev.length - shown) + (info.m || 0);
    var docs = info.n || (info.s || []).length;
    if (more > 0) {
      var where = !full && ev.length > shown ? 'click to see more' : 'all are on its atlas page and in kg show --evidence';
      box.appendChild(el('div', 'kg-more', '+ ' + more + ' more citation(s)' +
        (docs > 1 ? ' from ' + docs + ' documents' : '') + ': ' + where));
    }
    if (!ev.length && info.s && info.s.length) {
      var rest = docs - info.s.length;
      box.appendChild(el('div', 'kg-tip-line', 'Sources: ' + info.s.join(', ') + (rest > 0 ? ' and ' + rest + ' more' : '')));
    }
    return box;
  }

  // Tooltips are built on hover, not up front: a 2,000-node page would otherwise build
  // thousands of DOM trees before drawing anything.
  var infoById = {};
  var nodeList = data.nodes.map(function (n) { infoById['n:' + n.v.id] = n.i; return n.v; });
  var edgeList = data.edges.map(function (e) { infoById['e:' + e.v.id] = e.i; return e.v; });
  performance.mark('kg-items');
  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var container = document.getElementById('kg-network');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  performance.mark('kg-network');
  state.network = network; state.nodes = nodes; state.edges = edges;

  // Labels are never too small to draw: vis-network skips a label under 5 px on screen, so a
  // picture fitted to a small frame would be unlabelled shapes. Below the smallest readable
  // zoom the view zooms in on the focus (or the centre) instead; the rest is a drag away.
  var MIN_LABEL_PX = 7;
  function readableZoom() {
    var font = (data.options.nodes && data.options.nodes.font && data.options.nodes.font.size) || 13;
    var least = MIN_LABEL_PX / font;
    if (network.getScale() >= least) { return; }
    var at = data.focus ? network.getPositions([data.focus])[data.focus] : undefined;
    if (!at && data.anchor) {
      // no focus: start where the picture starts (funding: the funders on the left; governance:
      // the top bodies), the rest a drag away
      var ps = network.getPositions(), xs = [], ys = [];
      Object.keys(ps).forEach(function (k) { xs.push(ps[k].x); ys.push(ps[k].y); });
      var box = container.getBoundingClientRect(), margin = 90;
      var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
      var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
      at = data.anchor === 'left'
        ? { x: minX - margin + box.width / 2 / least, y: (minY + maxY) / 2 }
        : { x: (minX + maxX) / 2, y: minY - margin + box.height / 2 / least };
    }
    network.moveTo(at ? { scale: least, position: at, animation: false } : { scale: least, animation: false });
  }
  state.minLabelPx = MIN_LABEL_PX;

  // A line's words never sit on another label: once drawn, each edge label (widest lines
  // first) that would cover an entity (its shape or name) or a wider line's label is taken off the line;
  // it stays in the line's tooltip and details. Boxes are in canvas units, so this holds at
  // any zoom. Entity names are never taken away.
  state.clearLabels = function () { clearCollidingEdgeLabels(); };
  function clearCollidingEdgeLabels() {
    function box(m) {
      if (!m || !m.size || !m.size.width || !String(m.elementOptions.label || '').trim()) { return null; }
      return { x1: m.size.left, y1: m.size.top, x2: m.size.left + m.size.width, y2: m.size.top + m.size.height };
    }
    function hit(a, b) {
      return Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > 1 && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > 1;
    }
    var taken = [];
    nodes.getIds().forEach(function (id) {   // an entity's shape and its name (under a dot, outside the box)
      if (!network.body.nodes[id]) { return; }
      var b = network.getBoundingBox(id);
      taken.push({ x1: b.left, y1: b.top, x2: b.right, y2: b.bottom });
      var n = box(network.body.nodes[id].labelModule);
      if (n) { taken.push(n); }
    });
    var ids = edges.getIds().filter(function (id) { return network.body.edges[id]; });
    ids.sort(function (a, b) { return (edges.get(b).width || 1) - (edges.get(a).width || 1); });
    var cleared = [];
    ids.forEach(function (id) {
      var b = box(network.body.edges[id].labelModule);
      if (!b) { return; }
      if (taken.some(function (t) { return hit(t, b); })) { cleared.push(id); } else { taken.push(b); }
    });
    if (cleared.length) {
      // (vis-network keeps the old text when a label is set to '' or null; a space replaces it)
      edges.update(cleared.map(function (id) { return { id: id, label: ' ' }; }));
    }
    state.clearedLabels = (state.clearedLabels || 0) + cleared.length;
  }

  function markStable() {
    if (state.stable) { return; }
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    network.redraw();               // the whole picture drawn once: every label's box is known
    clearCollidingEdgeLabels();
    readableZoom();
    if (data.focus) { showDetails('n:' + data.focus); }
    state.stable = true;
    state.stableAt = performance.now();
    document.body.setAttribute('data-stable', '1');
  }
  if (data.options.physics && data.options.physics.enabled) {
    network.once('stabilizationIterationsDone', markStable);
    network.once('stabilized', markStable);
  } else {
    network.once('afterDrawing', markStable);
  }

  var tip = el('div', 'kg-popup');
  tip.hidden = true;
  document.getElementById('kg-network').appendChild(tip);
  function showTip(key, params) {
    var info = infoById[key];
    if (!info) { return; }
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    tip.appendChild(infoBox(info, false));
    var p = params.pointer && params.pointer.DOM ? params.pointer.DOM : { x: 0, y: 0 };
    tip.style.left = (p.x + 14) + 'px';
    tip.style.top = (p.y + 14) + 'px';
    tip.hidden = false;
  }
  function hideTip() { tip.hidden = true; }
  network.on('hoverNode', function (params) { showTip('n:' + params.node, params); });
  network.on('hoverEdge', function (params) { showTip('e:' + params.edge, params); });
  network.on('blurNode', hideTip);
  network.on('blurEdge', hideTip);
  network.on('dragStart', hideTip);
  network.on('zoom', hideTip);

  var details = document.getElementById('kg-details');
  function showDetails(key) {
    var info = infoById[key];
    if (!info) { return; }
    while (details.childNodes.length > 1) { details.removeChild(details.lastChild); }
    details.appendChild(infoBox(info, true));
  }
  // People collapsed into a count on their body ("▸ 12 people"): clicking the body shows them and
  // their lines ("▾ 12 people"), clicking again hides those no other open body shows.
  var groups = data.groups || {};
  var open = {};
  var groupsOf = {};
  Object.keys(groups).forEach(function (body) {
    groups[body].people.forEach(function (p) { (groupsOf[p] = groupsOf[p] || []).push(body); });
  });
  function setGroup(body, show) {
    var g = groups[body];
    if (!g || !!open[body] === show) { return; }
    open[body] = show;
    var people = g.people.filter(function (p) {
      return show || !groupsOf[p].some(function (b) { return open[b]; });
    });
    nodes.update(people.map(function (p) { return { id: p, hidden: !show }; }));
    var touched = [];
    edges.forEach(function (e) {
      var ends = [e.from, e.to].filter(function (n) { return groupsOf[n]; });
      if (!ends.length) { return; }
      var hidden = ends.some(function (n) { return nodes.get(n).hidden; });
      if (!!e.hidden !== hidden) { touched.push({ id: e.id, hidden: hidden }); }
    });
    edges.update(touched);
    nodes.update({ id: body, label: g.label + '\n' + (show ? g.shown : g.shown.replace('▾', '▸')) });
    if (show) { network.redraw(); clearCollidingEdgeLabels(); }   // the people's lines keep off names too
  }
  state.setGroup = setGroup;
  state.groups = groups;
  network.on('click', function (params) {
    if (params.nodes.length) {
      if (groups[params.nodes[0]]) { setGroup(params.nodes[0], !open[params.nodes[0]]); }
      showDetails('n:' + params.nodes[0]);
    }
    else if (params.edges.length) { showDetails('e:' + params.edges[0]); }
  });

  // Search over names and aliases, case-insensitive substring.
  var haystack = data.nodes.map(function (n) {
    return { id: n.v.id, name: n.i.t, text: [n.i.t].concat(n.a || []).join('\n').toLocaleLowerCase() };
  });
  function search(query) {
    var q = String(query || '').trim().toLocaleLowerCase();
    if (!q) { return []; }
    return haystack.filter(function (h) { return h.text.indexOf(q) >= 0; }).map(function (h) { return h.id; });
  }
  function focusNode(id) {
    if (nodes.get(id).hidden && groupsOf[id]) { setGroup(groupsOf[id][0], true); }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: false });
    showDetails('n:' + id);
  }
  var input = document.getElementById('kg-search');
  var results = document.getElementById('kg-results');
  function listResults() {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var ids = search(input.value);
    ids.slice(0, 15).forEach(function (id) {
      var li = el('li');
      var b = el('button', 'kg-result', nodes.get(id).kgName);
      b.type = 'button';
      b.addEventListener('click', function () { focusNode(id); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (input.value.trim() && !ids.length) { results.appendChild(el('li', 'kg-none', 'no match')); }
    if (ids.length > 15) { results.appendChild(el('li', 'kg-none', (ids.length - 15) + ' more')); }
    return ids;
  }
  input.addEventListener('input', listResults);
  document.getElementById('kg-search-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var ids = listResults();
    if (ids.length) { focusNode(ids[0]); }
  });
  state.search = search;
  state.focusNode = focusNode;
}());
