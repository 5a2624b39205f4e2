// Tells RequireJS where the AMD modules that the embedded widgets need are served with the book, so a
// page renders its widgets offline, over http or from file://. Loaded before require.js. Each bundle of
// the widget manager looks for its fonts next to the URL that RequireJS gives its module, so every
// @jupyter-widgets module id must resolve into the folder that holds the fonts.
(function () {
  "use strict";
  var vendor = document.currentScript.src.replace(/tn\/require-config\.js(\?.*)?$/, "vendor");
  window.require = {
    paths: {
      anywidget: vendor + "/anywidget/index",
      "@jupyter-widgets": vendor,
      "@jupyter-widgets/html-manager/dist": vendor,
    },
  };
})();
