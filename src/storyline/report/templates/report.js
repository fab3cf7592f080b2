(function () {
  "use strict";
  // Open the article text (or any folded part) that a link points at, so a citation lands on its text.
  function openTarget() {
    var id = location.hash.slice(1);
    if (!id) return;
    try { id = decodeURIComponent(id); } catch (e) { return; }
    var el = document.getElementById(id);
    if (!el) return;
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
    el.querySelectorAll("details.text").forEach(function (x) { x.open = true; });
    document.querySelectorAll(".cited.hit").forEach(function (x) { x.classList.remove("hit"); });
    if (el.classList.contains("cite-anchor")) {
      document.querySelectorAll(".cited").forEach(function (x) {
        if (x.getAttribute("data-cite") === id) x.classList.add("hit");
      });
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  var toggle = document.getElementById("toggle-texts");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var texts = document.querySelectorAll("details.text");
      var open = toggle.getAttribute("aria-pressed") !== "true";
      texts.forEach(function (x) { x.open = open; });
      toggle.setAttribute("aria-pressed", open ? "true" : "false");
      toggle.textContent = open ? "Fold all texts" : "Open all texts";
    });
  }
})();
