/* Client-side search over search/index.json (built by builder/search.py).
   No framework, no inline code: the page works without it (the form then only reloads). */
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form || !window.fetch) { return; }
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var base = form.getAttribute("data-base");
  var indexPromise = null;
  var STOP = {};
  ("a an and are as at be by for from has have in is it its of on or that the their this " +
   "to was were which with").split(" ").forEach(function (w) { STOP[w] = true; });
  var KIND = { report: "Report", source: "Source", entity: "Entity" };
  var MAX_RESULTS = 50;

  document.getElementById("search-nojs").hidden = true;

  function tokens(text) {
    var plain = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
    return (plain.match(/[\p{L}\p{N}_]+/gu) || []).filter(function (t) {
      return (t.length > 1 || /^\d$/.test(t)) && !STOP[t];
    });
  }

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(form.getAttribute("data-index")).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      }).then(function (index) {
        index.sortedTerms = Object.keys(index.terms).sort();
        return index;
      });
    }
    return indexPromise;
  }

  /* Index terms starting with ``word``, found by binary search in the sorted term list. */
  function termsWithPrefix(index, word) {
    var keys = index.sortedTerms;
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] < word) { lo = mid + 1; } else { hi = mid; }
    }
    var found = [];
    for (var i = lo; i < keys.length && keys[i].lastIndexOf(word, 0) === 0; i++) {
      found.push(keys[i]);
    }
    return found;
  }

  /* Weights per document for one query word; the last word also matches as a prefix. */
  function postingsFor(index, word, prefix) {
    var found = {};
    var terms = prefix ? termsWithPrefix(index, word) : (index.terms[word] ? [word] : []);
    terms.forEach(function (term) {
      var p = index.terms[term];
      var idf = Math.log(1 + index.docs.length / (p.length / 2));
      var exact = term === word ? 1 : 0.5;
      for (var i = 0; i < p.length; i += 2) {
        found[p[i]] = (found[p[i]] || 0) + p[i + 1] * idf * exact;
      }
    });
    return found;
  }

  function search(index, query) {
    var words = tokens(query);
    if (!words.length) { return []; }
    var scores = null;
    words.forEach(function (word, n) {
      var found = postingsFor(index, word, n === words.length - 1);
      var next = {};
      Object.keys(found).forEach(function (doc) {
        if (scores === null || doc in scores) { next[doc] = (scores ? scores[doc] : 0) + found[doc]; }
      });
      scores = next;
    });
    return Object.keys(scores).map(Number).sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
  }

  function resultItem(doc) {
    var li = document.createElement("li");
    li.className = "search-result kind-" + doc.k;
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = KIND[doc.k] || doc.k;
    var a = document.createElement("a");
    a.href = base + doc.u;
    a.textContent = doc.t;
    var heading = document.createElement("h2");
    heading.appendChild(a);
    li.appendChild(kind);
    li.appendChild(heading);
    if (doc.d) {
      var time = document.createElement("time");
      time.dateTime = doc.d;
      time.textContent = doc.d;
      li.appendChild(time);
    }
    var p = document.createElement("p");
    p.textContent = doc.x;
    li.appendChild(p);
    return li;
  }

  function show(query) {
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    loadIndex().then(function (index) {
      var hits = search(index, query);
      list.replaceChildren.apply(list, hits.slice(0, MAX_RESULTS).map(function (i) {
        return resultItem(index.docs[i]);
      }));
      status.textContent = hits.length === 0 ? "No results for “" + query + "”." :
        hits.length + (hits.length === 1 ? " result" : " results") + " for “" + query + "”" +
        (hits.length > MAX_RESULTS ? ", the first " + MAX_RESULTS + " shown." : ".");
    }).catch(function () {
      status.textContent = "The search index could not be loaded.";
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
      show(input.value);
    }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    show(input.value);
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial) {
    input.value = initial;
    show(initial);
  }
}());
