// « Mode présentation » of the book (transition_numerique/book/presentation.py adds this file and
// presentation.css to every page, and the theme's header button that calls it).
//
// The page itself becomes the projection: the theme's furniture is hidden, the article fills the
// screen and shows one slide at a time. A slide is a section (h1, h2 or h3, with its parent h2 as
// context), a chart, a widget, or one question of a quiz; a section or a self-assessment too long for
// the screen goes on over « (suite) » slides, and trainer notes are left out. Elements are only shown or
// hidden, never moved, so the widgets keep their views (whatever draws them: only their rendered DOM is
// read). A classic script, not a module (Chromium refuses modules from file://), and no slide library:
// reveal.js and the like want the page written as their own markup.
//
// Keys: P (the button's key) enters and leaves, → / ← / Page Down / Page Up / Space (Shift+Space back)
// move, Home / End go to the first and last slides, Esc leaves. Arrows and Space keep their own meaning
// in a form control (choosing an answer, pressing a button). The hash #diapo-N keeps the slide, so a
// reload stays on it; leaving goes back to the normal page at that section. widget.js listens to the
// same class and event to offer the trainer « Afficher la réponse » on each question.
(function () {
  "use strict";

  const script = document.currentScript;
  const KEY = (script && script.dataset.touche) || "p";
  const CLASS = "tn-presentation";
  const EVENT = "transition-numerique:presentation";
  const HASH = /^#diapo-(\d+)$/;
  const SHOWN = "tn-diapo-visible";
  const PATH = "tn-diapo-chemin";
  const CONTEXT = "tn-diapo-contexte";
  const MIN_SCALE = 0.7;
  const SPLIT_SCALE = 0.85; // a text slide that does not fit at this scale continues on the next one
  const WIDGET = "script[type='application/vnd.jupyter.widget-view+json'], .tnq, .jupyter-widgets";
  const TYPING = "input, textarea, select, [contenteditable]";
  const CONTROL = "button, a[href], summary, input, textarea, select, [contenteditable]";

  const state = { active: false, slides: [], index: 0, target: 0, marked: [], bar: null, stage: null, returnFocus: null };
  let observers = [];
  let pending = 0;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...(children || []));
    return node;
  }

  // --- slides ------------------------------------------------------------------------------------

  function heading(section) {
    const first = section.firstElementChild;
    return first && /^H[1-6]$/.test(first.tagName) ? first : null;
  }

  /** An element that shows nothing (an empty table of contents, a cell without output). */
  function blank(node) {
    return !node.textContent.trim() && !node.querySelector("img, svg, video, iframe, input, select, textarea");
  }

  /** What a child of a section is on a slide: a quiz (one slide per question), a chart or a widget
   * (a slide of its own), or text that joins its neighbours. */
  function kind(child) {
    if (!child.matches(".cell")) return "texte";
    if (child.querySelector("form.tnq-q")) return "quiz";
    if (child.querySelector(".tnq > fieldset.tnq-q")) return "autoevaluation";
    if (child.querySelector(WIDGET)) return "widget";
    if (child.querySelector(".cell_output img")) return "graphique";
    return "texte";
  }

  /** The slides of one section (depth 1 for h1, 2 for h2, 3 for h3); deeper sections are text. */
  function sectionSlides(section, depth, trail, slides) {
    const title = heading(section);
    const own = title ? [title] : [];
    let run = [];
    let made = 0;
    const add = (kindOfSlide, body) => {
      slides.push({ kind: kindOfSlide, section, context: trail, heads: [...trail, ...own], body, elements: [...trail, ...own, ...body] });
      made += 1;
    };
    const flush = (always) => {
      if (run.length || always) add("texte", run);
      run = [];
    };
    for (const child of section.children) {
      if (child === title) continue;
      if (child.tagName === "SECTION" && depth < 3) {
        flush(made === 0);
        if (!child.classList.contains("tn-notes-formateur")) sectionSlides(child, depth + 1, depth === 2 ? own : [], slides);
        continue;
      }
      if (blank(child)) continue;
      const what = kind(child);
      if (what === "texte") {
        run.push(child);
        continue;
      }
      flush(false);
      if (what === "quiz") child.querySelectorAll("form.tnq-q").forEach((form) => add("question", [form]));
      else if (what === "autoevaluation") add("widget", Array.from(child.querySelector(".tnq").children).filter((part) => !part.matches(".tnq-footer")));
      else add(what, [child]);
    }
    flush(made === 0);
  }

  function build(article) {
    const slides = [];
    const sections = Array.from(article.children).filter((child) => child.tagName === "SECTION");
    sections.forEach((section) => sectionSlides(section, 1, [], slides));
    if (!slides.length) {
      const body = Array.from(article.children);
      slides.push({ kind: "texte", section: article, context: [], heads: [], body, elements: body });
    }
    return slides;
  }

  /** A text slide or a self-assessment too long for the screen, cut between its elements into slides
   * that each fit at SPLIT_SCALE (one layout per slide: the elements' boxes are read in one go). */
  function split(slide) {
    if (!(slide.kind === "texte" || (slide.kind === "widget" && slide.body.length > 1)) || !slide.body.length) return [slide];
    display(slide);
    document.documentElement.style.setProperty("--tn-echelle", String(SPLIT_SCALE));
    const stage = state.stage;
    if (stage.scrollHeight <= stage.clientHeight + 1) return [slide];
    const style = getComputedStyle(stage);
    const inner = stage.getBoundingClientRect().top + parseFloat(style.paddingTop);
    const room = 0.97 * (stage.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)) - (slide.body[0].getBoundingClientRect().top - inner);
    // A bulleted list or a glossary taller than the screen is cut between its items (a term with its
    // definitions): units of one or more elements, never cut themselves.
    const units = slide.body.flatMap((node) => {
      if (node.getBoundingClientRect().height <= room) return [[node]];
      if (node.tagName === "UL") return Array.from(node.children, (item) => [item]);
      if (node.tagName !== "DL") return [[node]];
      const terms = [];
      for (const item of node.children) {
        if (item.tagName === "DT" || !terms.length) terms.push([item]);
        else terms[terms.length - 1].push(item);
      }
      return terms;
    });
    const boxes = units.map((unit) => [unit[0].getBoundingClientRect().top, unit[unit.length - 1].getBoundingClientRect().bottom]);
    const parts = [[]];
    let top = boxes[0][0];
    units.forEach((unit, i) => {
      const part = parts[parts.length - 1];
      if (part.length && boxes[i][1] - top > room) {
        // A lead-in (« Objectifs : … ») goes with what it introduces.
        const lead = part.length > 1 && units[i - 1].length === 1 && /[:…]\s*$/.test(part[part.length - 1].textContent) ? [part.pop()] : [];
        parts.push(lead);
        top = boxes[lead.length ? i - 1 : i][0];
      }
      parts[parts.length - 1].push(...unit);
    });
    return parts.map((body, i) => ({ ...slide, body, elements: [...slide.heads, ...body], suite: i > 0 }));
  }

  // --- showing one slide -------------------------------------------------------------------------

  function unmark() {
    for (const [node, name] of state.marked) node.classList.remove(name);
    state.marked = [];
  }

  function mark(node, name) {
    if (!node.classList.contains(name)) {
      node.classList.add(name);
      state.marked.push([node, name]);
    }
  }

  /** Show a slide's elements (and the elements that hold them), hide the rest of the article. */
  function display(slide) {
    unmark();
    for (const node of slide.elements) {
      mark(node, SHOWN);
      for (let up = node.parentElement; up && up !== state.stage.parentElement; up = up.parentElement) mark(up, PATH);
    }
    slide.context.forEach((node) => mark(node, CONTEXT));
    const root = document.documentElement;
    root.dataset.tnDiapo = slide.kind;
    if (slide.suite) root.dataset.tnSuite = "";
    else delete root.dataset.tnSuite;
  }

  function show(index) {
    const slides = state.slides;
    const i = Math.max(0, Math.min(index, slides.length - 1));
    display(slides[i]);
    state.index = i;
    const [prev, position, next] = state.bar.parts;
    prev.disabled = i === 0;
    next.disabled = i === slides.length - 1;
    position.firstChild.textContent = `${i + 1} / ${slides.length}`;
    position.lastChild.textContent = `Diapositive ${i + 1} sur ${slides.length}`;
    state.stage.scrollTop = 0;
    fit();
  }

  /** Type as large as the slide allows (from the projector size down to MIN_SCALE of it), and a chart
   * as tall as the screen left under its heading. */
  function fit() {
    const root = document.documentElement;
    const stage = state.stage;
    const images = stage.querySelectorAll(`.${SHOWN} .cell_output img`);
    const chart = root.dataset.tnDiapo === "graphique";
    for (let scale = 1; ; scale = Math.round((scale - 0.05) * 100) / 100) {
      root.style.setProperty("--tn-echelle", String(scale));
      if (chart && images.length) {
        const box = stage.getBoundingClientRect();
        const bottom = parseFloat(getComputedStyle(stage).paddingBottom);
        const top = images[0].getBoundingClientRect().top - box.top + stage.scrollTop;
        let height = Math.max(120, stage.clientHeight - top - bottom);
        stage.style.setProperty("--tn-hauteur-graphique", `${height}px`);
        const overflow = stage.scrollHeight - stage.clientHeight;  // what follows the chart (a note)
        if (overflow > 0) {
          height = Math.max(120, height - overflow - 1);
          stage.style.setProperty("--tn-hauteur-graphique", `${height}px`);
        }
      }
      if (stage.scrollHeight <= stage.clientHeight + 1 || scale <= MIN_SCALE) break;
    }
  }

  function refit() {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      if (state.active) fit();
    });
  }

  function remember() {
    history.replaceState(history.state, "", `#diapo-${state.index + 1}`);
  }

  /** Move to a slide; the focus, if it was on the slide left, goes to the stage (the next Tab reaches
   * the new slide's first control). */
  function go(index) {
    show(index);
    state.target = state.index;
    remember();
    const focused = document.activeElement;
    if (!focused || focused === document.body || !focused.getClientRects().length) state.stage.focus({ preventScroll: true });
  }

  // --- entering and leaving ----------------------------------------------------------------------

  function makeBar() {
    const prev = el("button", { type: "button", class: "tn-diapo-bouton", "aria-keyshortcuts": "ArrowLeft PageUp" }, [
      el("span", { "aria-hidden": "true", text: "← " }), "Précédente",
    ]);
    const next = el("button", { type: "button", class: "tn-diapo-bouton", "aria-keyshortcuts": "ArrowRight PageDown Space" }, [
      "Suivante", el("span", { "aria-hidden": "true", text: " →" }),
    ]);
    const quit = el("button", { type: "button", class: "tn-diapo-bouton", "aria-keyshortcuts": "Escape" }, ["Quitter (Échap)"]);
    const position = el("p", { class: "tn-diapo-position", "aria-live": "polite" }, [
      el("span", { "aria-hidden": "true" }), el("span", { class: "visually-hidden" }),
    ]);
    prev.addEventListener("click", () => go(state.index - 1));
    next.addEventListener("click", () => go(state.index + 1));
    quit.addEventListener("click", leave);
    const nav = el("nav", { class: "tn-diapo-barre", "aria-label": "Diapositives" }, [prev, position, next, quit]);
    nav.parts = [prev, position, next];
    return nav;
  }

  /** Where a slide starts in the page: its chart, widget, question or continued text, else its heading. */
  function anchor(slide) {
    const first = slide.kind === "texte" && !slide.suite ? slide.elements[slide.context.length] : slide.body[0];
    return first || slide.section;
  }

  /** The slide of the section named in the URL, else the first one at the top of the page, else the one
   * at the top third of the screen. */
  function startingSlide() {
    const target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      const found = state.slides.findIndex((slide) => slide.section === target || slide.elements.includes(target));
      if (found >= 0) return found;
    }
    let start = 0;
    if (scrollY < 1) return start;
    state.slides.forEach((slide, i) => {
      if (anchor(slide).getBoundingClientRect().top <= innerHeight / 3) start = i;
    });
    return start;
  }

  function rebuild() {
    state.slides = build(state.stage).flatMap(split);
    show(state.target);
  }

  function watch() {
    // Widgets render after the page loads: their slides (one per question) exist once they do.
    const added = new MutationObserver((mutations) => {
      const widget = mutations.some((m) => Array.from(m.addedNodes).some((n) => n.nodeType === 1 && (n.matches(WIDGET) || n.querySelector(WIDGET))));
      if (widget) rebuild();
    });
    added.observe(state.stage, { childList: true, subtree: true });
    const resized = new ResizeObserver(refit);
    Array.from(state.stage.children).forEach((child) => resized.observe(child));
    resized.observe(state.stage);
    observers = [added, resized];
  }

  function enter(start) {
    const stage = document.querySelector("article.bd-article") || document.querySelector("main");
    if (state.active || !stage) return;
    state.stage = stage;
    state.returnFocus = document.activeElement;
    state.slides = build(stage);
    state.target = start === undefined ? startingSlide() : start;
    state.active = true;
    document.documentElement.classList.add(CLASS);
    window.dispatchEvent(new CustomEvent(EVENT, { detail: { active: true } }));
    stage.dataset.tnTabindex = stage.getAttribute("tabindex") ?? "";
    stage.setAttribute("tabindex", "0");
    state.bar = makeBar();
    document.body.append(state.bar);
    rebuild();
    remember();
    watch();
    stage.focus({ preventScroll: true });
  }

  function leave() {
    if (!state.active) return;
    const slide = state.slides[state.index];
    const shown = anchor(slide);
    observers.forEach((observer) => observer.disconnect());
    unmark();
    state.active = false;
    document.documentElement.classList.remove(CLASS);
    document.documentElement.style.removeProperty("--tn-echelle");
    delete document.documentElement.dataset.tnDiapo;
    delete document.documentElement.dataset.tnSuite;
    state.stage.style.removeProperty("--tn-hauteur-graphique");
    const tabindex = state.stage.dataset.tnTabindex;
    if (tabindex) state.stage.setAttribute("tabindex", tabindex);
    else state.stage.removeAttribute("tabindex");
    delete state.stage.dataset.tnTabindex;
    state.bar.remove();
    window.dispatchEvent(new CustomEvent(EVENT, { detail: { active: false } }));
    const top = state.index === 0 || !slide.section.id || slide.section === state.stage;
    history.replaceState(history.state, "", top ? location.pathname + location.search : `#${slide.section.id}`);
    if (top) window.scrollTo(0, 0);
    else shown.scrollIntoView({ block: "start" });
    const back = state.returnFocus;
    if (back && back.isConnected && back !== document.body && back.getClientRects().length) back.focus({ preventScroll: true });
  }

  function toggle() {
    if (state.active) leave();
    else enter();
  }

  // --- keys --------------------------------------------------------------------------------------

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target : document.body;
    const typing = target.closest(TYPING);
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (!state.active) {
      if (key === KEY && !typing && !event.repeat) {
        event.preventDefault();
        enter();
      }
      return;
    }
    let move = null;
    if (key === "Escape") move = "quitter";
    else if (key === KEY && !typing) move = "quitter";
    else if (key === "PageDown") move = 1;
    else if (key === "PageUp") move = -1;
    else if ((key === "ArrowRight" || key === "ArrowLeft") && !typing) move = key === "ArrowRight" ? 1 : -1;
    else if (key === " " && !target.closest(CONTROL)) move = event.shiftKey ? -1 : 1;
    else if ((key === "Home" || key === "End") && !typing) move = key === "Home" ? -Infinity : Infinity;
    if (move === null) return;
    event.preventDefault();
    event.stopPropagation();
    if (move === "quitter") leave();
    else if (Math.abs(move) === Infinity) go(move > 0 ? state.slides.length - 1 : 0);
    else go(state.index + move);
  }

  function fromHash() {
    const match = HASH.exec(location.hash);
    if (!match) return;
    const index = Number(match[1]) - 1;
    if (!state.active) enter(index);
    else if (index !== state.index) go(index);
  }

  window.addEventListener("keydown", onKey, true);
  window.addEventListener("hashchange", fromHash);
  let resizing = 0;
  window.addEventListener("resize", () => {
    if (!state.active) return;
    clearTimeout(resizing);
    resizing = setTimeout(() => state.active && rebuild(), 150);
  });
  window.transitionNumeriquePresentation = { enter, leave, toggle };

  function ready() {
    const button = document.querySelector(".btn-presentation-button");
    if (button) button.setAttribute("aria-keyshortcuts", KEY);
    fromHash();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
