// Drag an answer onto a theme on the moderation page. The drop only fills in the answer's own
// theme select and submits that form, so drag and drop, keyboard and no-JS take the same path.
(function () {
  "use strict";
  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-answer]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.answer);
  });

  document.addEventListener("dragend", function () {
    dragged = null;
    document.querySelectorAll(".is-drop-target").forEach(function (el) { el.classList.remove("is-drop-target"); });
  });

  document.addEventListener("dragover", function (event) {
    var zone = dragged && event.target.closest && event.target.closest("[data-theme-drop]");
    if (!zone) return;
    event.preventDefault();
    zone.classList.add("is-drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-theme-drop]");
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("is-drop-target");
  });

  document.addEventListener("drop", function (event) {
    var zone = dragged && event.target.closest && event.target.closest("[data-theme-drop]");
    if (!zone) return;
    event.preventDefault();
    var form = dragged.querySelector(".answer-theme-form");
    if (!form) return;
    form.querySelector("select[name=theme]").value = zone.dataset.themeDrop;
    form.requestSubmit();
  });
})();
