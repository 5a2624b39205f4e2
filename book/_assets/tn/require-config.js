// Tells RequireJS where the AMD modules that the embedded widgets need are served with the book, so a
// page renders its widgets offline, over http or from file://. Loaded before require.js.
(function () {
  "use strict";
  var vendor = document.currentScript.src.replace(/tn\/require-config\.js(\?.*)?$/, "vendor/");
  window.require = { paths: { anywidget: vendor + "anywidget/index" } };
})();
