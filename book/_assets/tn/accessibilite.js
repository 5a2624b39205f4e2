// Accessibility fixes for markup that the book's theme and MyST generate and that no option changes
// (found by the axe-core audit in tests/test_accessibility.py):
// - the search button's accessible name must contain its visible text (« Recherche Ctrl+K »);
// - the sidebar's expand toggles (<summary> holding only an icon) need a name;
// - MyST task-list checkboxes (read-only checklists) need a label: the item's own text;
// - the handles of ipywidgets' range sliders (noUiSlider, rendered after load) need a name: the
//   slider's description, then « début » or « fin ».
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  function text(node) {
    return node.textContent.replace(/\s+/g, " ").trim();
  }
  document.querySelectorAll(".search-button-field").forEach(function (button) {
    button.setAttribute("aria-label", text(button));
  });
  document.querySelectorAll("nav details > summary").forEach(function (summary) {
    var link = summary.parentElement.parentElement.querySelector(":scope > a");
    summary.setAttribute("aria-label", "Sous-pages de « " + (link ? text(link) : "cette page") + " »");
  });
  document.querySelectorAll("input.task-list-item-checkbox").forEach(function (box) {
    box.setAttribute("aria-label", text(box.closest("li")));
  });
  function nameSliderHandles() {
    document.querySelectorAll(".noUi-handle:not([aria-label])").forEach(function (handle) {
      var slider = handle.closest(".widget-slider, .widget-hslider, .jupyter-widgets");
      var label = slider && slider.querySelector(".widget-label");
      var part = handle.classList.contains("noUi-handle-upper") ? "fin" : "début";
      handle.setAttribute("aria-label", (label ? text(label) + "\u00a0: " : "") + part);
    });
  }
  nameSliderHandles();
  new MutationObserver(nameSliderHandles).observe(document.body, { childList: true, subtree: true });
});
