/* Claim popovers: turns each claim's footnote reference into a button-like toggle that
   shows the footnote (status, sources, cues) next to the claim. Without this script the
   reference is a plain link to the footnote list, which is always in the page.
   Keyboard: Enter/Space on a reference opens its popover and moves focus into it;
   Escape closes it and returns focus to the reference. */
(function () {
  "use strict";
  var open = null;

  function close(restoreFocus) {
    if (!open) { return; }
    var ref = open.ref;
    open.box.remove();
    ref.setAttribute("aria-expanded", "false");
    open = null;
    if (restoreFocus) { ref.focus(); }
  }

  function show(ref) {
    var number = ref.getAttribute("data-claim");
    var note = document.getElementById("claim-note-" + number);
    if (!note) { return; }
    close(false);
    var box = document.createElement("div");
    box.className = "claim-popover";
    box.id = "claim-popover-" + number;
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Claim " + number + ": status and sources");
    box.tabIndex = -1;
    var body = note.cloneNode(true);
    body.removeAttribute("id");
    var back = body.querySelector(".claim-back");
    if (back) { back.remove(); }
    var wrapper = document.createElement("div");
    wrapper.className = "claim-popover-body";
    while (body.firstChild) { wrapper.appendChild(body.firstChild); }
    box.appendChild(wrapper);
    var closer = document.createElement("button");
    closer.type = "button";
    closer.className = "claim-popover-close";
    closer.textContent = "Close";
    closer.addEventListener("click", function () { close(true); });
    box.appendChild(closer);
    ref.insertAdjacentElement("afterend", box);
    ref.setAttribute("aria-expanded", "true");
    ref.setAttribute("aria-controls", box.id);
    open = { box: box, ref: ref };
    box.focus();
  }

  function onActivate(event) {
    var ref = event.currentTarget;
    event.preventDefault();
    if (open && open.ref === ref) { close(true); } else { show(ref); }
  }

  function onKey(event) {
    if (event.key === " " || event.key === "Spacebar") { onActivate(event); }
  }

  document.querySelectorAll("a.claim-ref").forEach(function (ref) {
    ref.setAttribute("role", "button");
    ref.setAttribute("aria-expanded", "false");
    ref.setAttribute("aria-haspopup", "dialog");
    ref.addEventListener("click", onActivate);
    ref.addEventListener("keydown", onKey);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) { close(true); }
  });
  document.addEventListener("click", function (event) {
    if (open && !open.box.contains(event.target) && event.target !== open.ref &&
        !open.ref.contains(event.target)) { close(false); }
  });
})();
