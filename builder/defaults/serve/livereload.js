// Live reload for `python -m builder serve`; injected by the preview server only, never
// part of the published site. Listens to /__livereload (server-sent events): "reload"
// after a good build, "builderror" with the diagnostics of a failed one (shown in an
// overlay while the last good site stays served).
(function () {
  "use strict";
  var script = document.currentScript;
  var pageEpoch = script ? script.getAttribute("data-epoch") : null;
  var overlayId = "livereload-overlay";

  function addStylesheet() {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "/__livereload.css";
    document.head.appendChild(link);
  }

  function hideErrors() {
    var old = document.getElementById(overlayId);
    if (old) { old.parentNode.removeChild(old); }
  }

  function line(d) {
    var where = d.line ? d.path + ":" + d.line : d.path;
    return where + ": " + d.message;
  }

  function showErrors(diagnostics) {
    hideErrors();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.textContent = "Build failed — showing the last good version";
    box.appendChild(title);
    var list = document.createElement("ul");
    diagnostics.forEach(function (d) {
      var item = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = line(d);
      item.appendChild(code);
      if (d.hint) {
        var hint = document.createElement("p");
        hint.textContent = "hint: " + d.hint;
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    var note = document.createElement("p");
    note.textContent = "Fix the file and save: this page reloads by itself.";
    box.appendChild(note);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hideErrors);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  addStylesheet();
  var source = new EventSource("/__livereload");
  source.addEventListener("hello", function (event) {
    var state = JSON.parse(event.data);
    if (pageEpoch !== null && String(state.epoch) !== pageEpoch) {
      location.reload();  // a build finished between loading this page and connecting
    } else if (state.errors) {
      showErrors(state.errors);
    }
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("builderror", function (event) {
    showErrors(JSON.parse(event.data).errors);
  });
})();
