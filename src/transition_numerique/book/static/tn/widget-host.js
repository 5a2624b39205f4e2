// The static book's host for anywidgets: it renders the widgets whose front-end module (ESM) is already
// in the page's embedded widget state, without RequireJS and @jupyter-widgets/html-manager (3.6 MB).
// Written here because no npm package hosts anywidgets outside a widget manager; it follows anywidget
// 0.11's own front-end (node_modules/anywidget/dist/index.js), so a widget renders the same in
// JupyterLab and in the book:
// - the model (get, set, on, off, save_changes, send, widget_manager) behaves like ipywidgets' Backbone
//   model: set() compares deeply and fires « change:<trait> » (model, value, options) for each trait
//   that changed, then one « change » (model, options), nested sets included; get() of an unknown trait
//   is undefined; with no kernel, save_changes() and send() do nothing, as ipywidgets' do with no comm;
// - the module's default export (an object, or a function returning one; a bare `render` export is still
//   accepted) gives initialize({model, signal, experimental}) once per model, before its views, then
//   render({model, el, signal, experimental}) once per view; a function either returns is its cleanup,
//   called once the listeners it set through its model are removed; a new `_esm` cleans up and renders
//   again (anywidget's hot reload), a new `_css` restyles; `host` (child widgets) is not provided;
// - the ESM is imported from a blob: URL, as anywidget does: Chromium refuses <script type=module> files
//   from file://, not a blob module imported by a classic script, and the same works over http;
// - a widget's code the build shares across pages (widget_host.py) is in the state as
//   « tn-code:<name> », its text registered in window.tnWidgetCode by _static/tn/widgets/<name>.js, a
//   classic script the page loads before this one: the model gets the text itself;
// - every anywidget model of the state is created and initialized, shown or not, as html-manager does:
//   as soon as this script runs (from the page's head, after the state), so that the modules load while
//   the page is parsed; the views are drawn once it is, before the deferred scripts.
// A widget that cannot render (no `_esm`, a module that fails, a model that is not an anywidget) leaves a
// short note in its place and a console warning; the page and its other widgets go on.
(function () {
  "use strict";
  const STATE_TYPE = "application/vnd.jupyter.widget-state+json";
  const VIEW_TYPE = "application/vnd.jupyter.widget-view+json";
  const UNAVAILABLE =
    "Ce contenu interactif n’a pas pu s’afficher dans le livre\u00a0: ouvrez le notebook dans JupyterLab.";
  const CODE_PREFIX = "tn-code:"; // widget_host.CODE_PREFIX
  const CODE_TRAITS = ["_esm", "_css"];
  const HOST = {}; // context of the listeners the host itself puts on a model (`_esm`, `_css`)

  // --- the model -----------------------------------------------------------------------------------

  /** underscore's isEqual (Backbone's test of a change), for JSON values and binary buffers. */
  function equal(a, b) {
    if (Object.is(a, b)) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (ArrayBuffer.isView(a) || a instanceof ArrayBuffer) {
      const x = new Uint8Array(a.buffer ?? a, a.byteOffset ?? 0, a.byteLength);
      const y = new Uint8Array(b.buffer ?? b, b.byteOffset ?? 0, b.byteLength);
      return x.length === y.length && x.every((byte, i) => byte === y[i]);
    }
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]));
  }

  const names = (events) => String(events).split(/\s+/).filter(Boolean);

  class Model {
    constructor(id, attributes, manager) {
      this.model_id = id;
      this.attributes = attributes;
      this.widget_manager = manager;
      this._listeners = new Map();
      this._changing = false;
      this._pending = false;
    }

    get(name) {
      return this.attributes[name];
    }

    /** set(name, value[, options]) or set({name: value, …}[, options]), in Backbone's order of events. */
    set(name, value, options) {
      const changes = typeof name === "object" && name !== null ? name : { [name]: value };
      options = (changes === name ? value : options) ?? {};
      const changing = this._changing;
      this._changing = true;
      const changed = Object.keys(changes).filter((key) => !equal(this.attributes[key], changes[key]));
      Object.assign(this.attributes, changes);
      if (changed.length) this._pending = options;
      for (const trait of changed) this.trigger(`change:${trait}`, this, this.attributes[trait], options);
      if (changing) return this; // a set() inside a change listener: the outer set() fires « change »
      while (this._pending) {
        options = this._pending;
        this._pending = false;
        this.trigger("change", this, options);
      }
      this._changing = false;
      return this;
    }

    on(events, callback, context) {
      if (typeof callback !== "function") return this;
      for (const name of names(events)) {
        if (!this._listeners.has(name)) this._listeners.set(name, []);
        this._listeners.get(name).push({ callback, context });
      }
      return this;
    }

    /** Backbone's off(): each of events, callback and context narrows what goes; null means any. */
    off(events, callback, context) {
      for (const name of events ? names(events) : [...this._listeners.keys()]) {
        const kept = (this._listeners.get(name) ?? []).filter(
          (listener) => (callback && listener.callback !== callback) || (context && listener.context !== context),
        );
        if (kept.length) this._listeners.set(name, kept);
        else this._listeners.delete(name);
      }
      return this;
    }

    trigger(name, ...args) {
      for (const listener of [...(this._listeners.get(name) ?? [])]) listener.callback.apply(listener.context ?? this, args);
      return this;
    }

    save_changes() {} // no kernel to send the changes to

    send() {} // no kernel: a custom message goes nowhere
  }

  /** What a module sees of the model: the listeners it sets are tagged with `context`, removed at once. */
  function proxy(model, context) {
    return {
      get: (name) => model.get(name),
      set: (...args) => model.set(...args),
      save_changes: () => model.save_changes(),
      send: (...args) => model.send(...args),
      on: (events, callback) => model.on(events, callback, context),
      off: (events, callback) => model.off(events, callback, context),
      widget_manager: model.widget_manager,
    };
  }

  const experimental = {
    invoke: (name) => Promise.reject(new Error(`« ${name} » demande un noyau Python\u00a0: le livre n’en a pas.`)),
  };

  // --- a widget's module and style -------------------------------------------------------------------

  const isHref = (text) => /^https?:\/\//.test(text);
  const isReference = (text) => typeof text === "string" && text.startsWith(CODE_PREFIX);

  /** The model's shared code traits replaced by their registered text; an unknown one stays a reference. */
  function resolveCodes(traits) {
    const registry = window.tnWidgetCode ?? {};
    for (const trait of CODE_TRAITS) {
      if (!isReference(traits[trait])) continue;
      const text = registry[traits[trait].slice(CODE_PREFIX.length)];
      if (typeof text === "string") traits[trait] = text;
    }
    return traits;
  }

  const missing = (reference) => new Error(`code partagé introuvable (${reference})\u00a0: son script n’est pas chargé`);

  async function importModule(esm) {
    if (isHref(esm)) return import(esm);
    const url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
    try {
      return await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  async function loadWidget(esm) {
    if (typeof esm !== "string" || !esm.trim()) throw new Error("pas de module (_esm) dans l’état du widget");
    if (isReference(esm)) throw missing(esm);
    const module = await importModule(esm);
    if (module.render) return { render: module.render };
    if (!module.default) throw new Error("le module n’exporte ni objet ni fonction par défaut");
    return typeof module.default === "function" ? await module.default() : module.default;
  }

  /** anywidget's loadCss: one <style> (or <link>) per `_anywidget_id`, updated when `_css` changes. */
  function loadCss(css, id) {
    if (!css || !id) return;
    if (isReference(css)) return console.warn(`[widget-host] style de ${id} non appliqué\u00a0: ${missing(css).message}`);
    const tag = isHref(css) ? "link" : "style";
    let element = document.head.querySelector(`${tag}[id="${CSS.escape(id)}"]`);
    if (!element) {
      element = document.head.appendChild(document.createElement(tag));
      element.id = id;
      if (tag === "link") element.rel = "stylesheet";
    }
    if (tag === "link") element.href = css;
    else element.textContent = css;
  }

  function cleanUp(cleanup, what) {
    if (typeof cleanup !== "function") return;
    Promise.resolve()
      .then(cleanup)
      .catch((error) => console.warn(`[widget-host] erreur au nettoyage (${what})`, error));
  }

  function unavailable(el, id, error) {
    console.warn(`[widget-host] widget ${id} non affiché\u00a0: ${error?.message ?? error}`, error);
    const note = document.createElement("p");
    note.className = "tn-widget-indisponible";
    note.setAttribute("role", "note");
    note.textContent = UNAVAILABLE;
    el.replaceChildren(note);
  }

  // --- one model's life: its module, initialize() once, render() for each view ----------------------

  class Binding {
    constructor(model) {
      this.model = model;
      this.views = [];
      this.loaded = null; // aborted when another module replaces this one
      this.ready = null; // the widget definition, once initialize() has run
      model.on("change:_esm", () => this.load().then(() => this.views.forEach((view) => this.render(view))), HOST);
      model.on("change:_css", () => loadCss(model.get("_css"), model.get("_anywidget_id")), HOST);
      loadCss(model.get("_css"), model.get("_anywidget_id"));
      this.load();
    }

    /** Import the module and run its initialize(); what an earlier module set up is cleaned up first. */
    load() {
      const model = this.model;
      this.loaded?.abort();
      const signal = (this.loaded = new AbortController()).signal; // also tags initialize's listeners
      this.ready = loadWidget(model.get("_esm")).then(async (widget) => {
        if (signal.aborted) return null;
        const cleanup = await widget.initialize?.({ model: proxy(model, signal), signal, experimental });
        const dispose = () => {
          model.off(null, null, signal);
          cleanUp(cleanup, "initialize");
        };
        if (signal.aborted) return dispose(), null;
        signal.addEventListener("abort", dispose);
        return widget;
      });
      return this.ready.catch(() => null);
    }

    /** Draw one view into `view.el`, after cleaning up and emptying its previous drawing. */
    async render(view) {
      view.drawn?.abort();
      const drawn = (view.drawn = new AbortController());
      view.el.replaceChildren();
      const model = this.model;
      const signal = AbortSignal.any([this.loaded.signal, drawn.signal]);
      let widget;
      try {
        widget = await this.ready;
      } catch (error) {
        return drawn.signal.aborted || unavailable(view.el, model.model_id, error);
      }
      if (!widget?.render || signal.aborted) return;
      const context = {};
      let cleanup;
      try {
        cleanup = await widget.render({ model: proxy(model, context), el: view.el, signal, experimental });
      } catch (error) {
        model.off(null, null, context);
        return unavailable(view.el, model.model_id, error);
      }
      const dispose = () => {
        model.off(null, null, context);
        cleanUp(cleanup, "vue");
      };
      if (signal.aborted) dispose();
      else signal.addEventListener("abort", dispose);
    }

    display(el) {
      const view = { el, drawn: null };
      this.views.push(view);
      return this.render(view);
    }
  }

  // --- the page: its embedded state, then each view script -----------------------------------------

  /** The state's binary buffers (base64 at a path of a model's state) as DataViews, as from a kernel. */
  function withBuffers(state, buffers) {
    for (const { path, data } of buffers ?? []) {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      let target = state;
      for (const key of path.slice(0, -1)) target = target[key];
      target[path.at(-1)] = new DataView(bytes.buffer);
    }
    return state;
  }

  const models = new Map();
  const modules = new Map();
  const bindings = new Map();
  const read = new WeakSet(); // the script tags already read
  const manager = {
    get_model: (id) =>
      models.has(id) ? Promise.resolve(models.get(id)) : Promise.reject(new Error(`modèle inconnu\u00a0: ${id}`)),
  };

  /** Create the models of the state tags not read yet; import each anywidget's module at once. */
  function readState() {
    for (const tag of document.querySelectorAll(`script[type="${STATE_TYPE}"]`)) {
      if (read.has(tag)) continue;
      read.add(tag);
      let embedded;
      try {
        embedded = JSON.parse(tag.textContent);
      } catch (error) {
        console.warn("[widget-host] état des widgets illisible", error);
        continue;
      }
      for (const [id, entry] of Object.entries(embedded.state ?? {})) {
        models.set(id, new Model(id, resolveCodes(withBuffers(entry.state ?? {}, entry.buffers)), manager));
        modules.set(id, entry.model_module);
        // As with html-manager, every anywidget model is initialized, shown or not.
        if (entry.model_module === "anywidget") bindings.set(id, new Binding(models.get(id)));
      }
    }
  }

  /** Draw the view scripts not read yet, each in a .widget-subarea just before it, as html-manager does. */
  function drawViews() {
    readState();
    for (const script of document.querySelectorAll(`script[type="${VIEW_TYPE}"]`)) {
      if (read.has(script)) continue;
      read.add(script);
      const area = document.createElement("div");
      area.className = "widget-subarea";
      script.before(area);
      const el = area.appendChild(document.createElement("div"));
      let id = "?";
      try {
        id = JSON.parse(script.textContent).model_id;
      } catch (error) {
        unavailable(el, id, error);
        continue;
      }
      if (!bindings.has(id)) {
        const why = models.has(id) ? `« ${modules.get(id)} » n’est pas un anywidget` : "absent de l’état de la page";
        unavailable(el, id, new Error(why));
        continue;
      }
      el.classList.add(...(models.get(id).get("_dom_classes") ?? []));
      bindings.get(id).display(el);
    }
  }

  // The modules load while the rest of the page is parsed; the views are drawn as soon as it is, before
  // the deferred scripts and DOMContentLoaded.
  readState();
  if (document.readyState === "loading") document.addEventListener("readystatechange", drawViews, { once: true });
  else drawViews();
})();
