/* kg atlas index: search over the inlined entity index; results are built with textContent. */
(function () {
  'use strict';
  var index = JSON.parse(document.getElementById('kg-index').textContent);
  var items = index.map(function (e) {
    return { e: e, text: [e.n].concat(e.a || []).join('\n').toLocaleLowerCase() };
  });
  var input = document.getElementById('kg-q');
  var hits = document.getElementById('kg-hits');

  function search(query) {
    var q = String(query || '').trim().toLocaleLowerCase();
    if (!q) { return []; }
    var found = items.filter(function (it) { return it.text.indexOf(q) >= 0; }).map(function (it) { return it.e; });
    // Names starting with the query first, then shorter names.
    found.sort(function (a, b) {
      var sa = a.n.toLocaleLowerCase().indexOf(q) === 0 ? 0 : 1;
      var sb = b.n.toLocaleLowerCase().indexOf(q) === 0 ? 0 : 1;
      return sa - sb || a.n.length - b.n.length;
    });
    return found;
  }
  function show() {
    while (hits.firstChild) { hits.removeChild(hits.firstChild); }
    var found = search(input.value);
    found.slice(0, 30).forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.u;
      a.textContent = e.n;
      var kind = document.createElement('span');
      kind.className = 'kg-muted';
      kind.textContent = ' ' + e.l;
      li.appendChild(a);
      li.appendChild(kind);
      hits.appendChild(li);
    });
    if (input.value.trim() && !found.length) {
      var none = document.createElement('li');
      none.className = 'kg-muted';
      none.textContent = 'no match';
      hits.appendChild(none);
    }
    return found;
  }
  input.addEventListener('input', show);
  document.getElementById('kg-find').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var found = show();
    if (found.length) { window.location.href = found[0].u; }
  });
  window.kgAtlas = { search: search, size: index.length };
}());
