// Quiz and self-assessment widgets: rendering, grading and feedback in the browser, so that they work
// in the static book (no kernel) as in JupyterLab. Text from the banks goes through textContent; the
// fields marked "html" hold Markdown that Python rendered with raw HTML escaped (markup.py).
// grade() and parseNumber() follow the same rules as grading.py (one table of cases tests both).

const SPACES = /[ \t\n\r\u00a0\u202f\u2009]+/g;
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
let counter = 0;
// JupyterLab's shortcuts (Enter, arrows, Space in command mode) stop at this attribute, and its notebook
// does not see the keys either (see section()): they reach the form controls.
const SECTION = { class: "tnq", lang: "fr", "data-lm-suppress-shortcuts": "true" };
// The book's presentation mode (book/_assets/tn/presentation.js) marks <html> with this class and
// announces each change with this event: a quiz then shows its questions open, without the answers this
// browser keeps, each with an « Afficher la réponse » button for the trainer. Nothing shown in that mode
// is recorded. JupyterLab has no such mode: the button never appears there.
const PRESENTATION_CLASS = "tn-presentation";
const PRESENTATION_EVENT = "transition-numerique:presentation";
const presenting = () => typeof document !== "undefined" && document.documentElement.classList.contains(PRESENTATION_CLASS);

/** « 4,5 », « 4.5 », « 1 234,5 », « −2 » → a number; null when the text (a string) is not one number. */
export function parseNumber(text) {
  if (typeof text !== "string") return null;
  let s = text.replace(SPACES, "").replace(/\u2212/g, "-");
  if (s.includes(",") && !s.includes(".") && s.split(",").length === 2) s = s.replace(",", ".");
  return NUMBER.test(s) ? Number(s) : null;
}

/** |value - target| <= tolerance, the bound included despite binary rounding. */
export function within(value, target, tolerance) {
  return Math.abs(value - target) <= tolerance + 1e-9 * Math.max(1, Math.abs(target));
}

/** An option index (a number of integer value, in range: JSON's 1.0 is 1) or null. */
function optionIndex(value, count) {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < count ? value : null;
}

/**
 * Whether an answer (option index, list of distinct indexes, boolean, text typed) is right: true or
 * false; null, never an exception, when it does not fit the question (grading.py raises ValueError).
 */
export function grade(q, reponse) {
  if (q.type === "choix-unique") {
    const n = optionIndex(reponse, q.choix.length);
    return n === null ? null : q.choix[n].correct === true;
  }
  if (q.type === "choix-multiple") {
    if (!Array.isArray(reponse)) return null;
    const chosen = new Set(Array.from(reponse, (value) => optionIndex(value, q.choix.length)));
    if (chosen.has(null) || chosen.size !== reponse.length) return null;
    return q.choix.every((c, i) => (c.correct === true) === chosen.has(i));
  }
  if (q.type === "vrai-faux") return typeof reponse === "boolean" ? reponse === q.reponse : null;
  const value = parseNumber(reponse);
  return value === null ? null : within(value, q.reponse, q.tolerance);
}

function h(tag, props = {}, children = []) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") el.textContent = value;
    else if (key === "html") el.innerHTML = value; // Markdown rendered by markup.py only
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...[].concat(children).filter(Boolean));
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function s(tag, attributes = {}, children = []) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") el.textContent = value;
    else el.setAttribute(key, String(value));
  }
  el.append(...[].concat(children).filter(Boolean));
  return el;
}

// --- the trainee's home --------------------------------------------------------------------------
// One state model: every view renders from the widget's model and listens to its change events.
// In a live kernel (JupyterLab, JupyterHub, Binder) the model is the kernel's, created by Python with
// the trainee's saved answers: nothing here reads or writes the browser's storage, so a shared origin
// never carries one trainee's answers into another's kernel. In the static book the page says so
// (window.transitionNumeriqueLivre, set by the book's Sphinx extension) and this browser is the home:
// one localStorage entry per book and edition, in progress.json's own shape.

const STORE_EVENT = "transition-numerique:store";

/**
 * The home of this page ({key, edition, lms}), or null outside the static book. Inside an LMS
 * (window.transitionNumeriqueLMS, set by the book's tn/scorm.js on a SCORM launch) ``lms`` keeps the
 * answers in cmi.suspend_data instead of localStorage; elsewhere it is null.
 */
export function bookHome() {
  const book = globalThis.transitionNumeriqueLivre;
  if (!book || typeof document === "undefined") return null;
  const root = new URL(document.documentElement.dataset.content_root ?? "./", location.href).pathname;
  const lms = globalThis.transitionNumeriqueLMS ?? null;
  return { key: `transition-numerique/${book.edition}${root}`, edition: book.edition, lms };
}

function emptyStore() {
  return { schema_version: 1, chapters: {} };
}

/** What this browser keeps for this book; an unreadable entry is kept aside under another key. */
export function readStore(home) {
  if (home.lms) return home.lms.read();
  let text = null;
  try { text = localStorage.getItem(home.key); } catch { return emptyStore(); }
  if (text === null) return emptyStore();
  try {
    const doc = JSON.parse(text);
    if (doc && doc.schema_version === 1 && doc.chapters && typeof doc.chapters === "object") return doc;
  } catch { /* kept aside below */ }
  const aside = `${home.key}.illisible-${Date.now()}`;
  try { localStorage.setItem(aside, text); localStorage.removeItem(home.key); } catch { /* nothing to move */ }
  console.warn(`Réponses illisibles dans ce navigateur : mises de côté sous « ${aside} » ; une progression vierge commence.`);
  return emptyStore();
}

function writeStore(home, doc) {
  if (home.lms) home.lms.write(doc);
  else try { localStorage.setItem(home.key, JSON.stringify(doc)); } catch { /* storage refused: not kept */ }
  window.dispatchEvent(new CustomEvent(STORE_EVENT, { detail: home.key }));
}

/** Forget everything this browser kept for this book and edition (the next trainee on a shared PC). */
export function clearStore(home) {
  if (home.lms) home.lms.write(emptyStore());
  else try { localStorage.removeItem(home.key); } catch { /* nothing kept */ }
  window.dispatchEvent(new CustomEvent(STORE_EVENT, { detail: home.key }));
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// How a widget's trait maps onto one chapter's section of the store.
const BINDINGS = {
  quiz: {
    trait: "answers",
    section: "quiz",
    items: (model) => model.get("questions"),
    read: (entry) => entry.reponse,
    write: (item, reponse) => ({ reponse, correct: grade(item, reponse) === true }),
  },
  autoevaluation: {
    trait: "ratings",
    section: "autoevaluation",
    items: (model) => model.get("affirmations"),
    read: (entry) => entry.note,
    write: (_item, note) => ({ note }),
  },
  exercice: {
    trait: "reponses",
    section: "exercices",
    items: (model) => [model.get("etape")],
    read: (entry) => entry.reponse,
    write: (_item, reponse) => ({ reponse }),
  },
};

/** Keep a widget's model and the browser store in step (static book only); returns the cleanup. */
function bindToBrowser(model, home) {
  const listen = (pull) => {
    const onStore = (event) => event.detail === home.key && pull();
    const onStorage = (event) => event.key === home.key && pull();
    window.addEventListener(STORE_EVENT, onStore);
    window.addEventListener("storage", onStorage);
    pull();
    return () => { window.removeEventListener(STORE_EVENT, onStore); window.removeEventListener("storage", onStorage); };
  };
  const kind = model.get("kind");
  const chapitre = model.get("chapitre");
  const binding = BINDINGS[kind];
  // Inside an LMS the SCO's chapter reports what its widgets hold (score, interactions, status).
  if (home.lms && (kind === "bilan" || home.lms.chapitre === chapitre)) {
    home.lms.register({ kind, items: binding ? binding.items(model) : [], parse: parseNumber });
  }
  if (kind === "bilan") return listen(() => { const doc = readStore(home); model.set({ progression: doc.chapters, satisfaction: doc.satisfaction ?? {} }); });
  // Inside an LMS, the SCO's suspend_data keeps the questionnaires answered in it (tn/scorm.js).
  if (kind === "satisfaction") return bindSatisfaction(model, home, listen);
  const items = new Map(binding.items(model).map((item) => [item.id, item]));
  let pulling = false;
  function pull() {
    const kept = readStore(home).chapters[chapitre]?.[binding.section] ?? {};
    const value = {};
    for (const [id, entry] of Object.entries(kept)) if (items.has(id) && entry) value[id] = binding.read(entry);
    pulling = true;
    model.set(binding.trait, value);
    pulling = false;
  }
  function push() {
    if (pulling) return;
    const doc = readStore(home);
    const chapter = (doc.chapters[chapitre] ??= { quiz: {}, autoevaluation: {} });
    const section = (chapter[binding.section] ??= {});
    const value = model.get(binding.trait) ?? {};
    for (const [id, item] of items) {
      if (!(id in value)) delete section[id];
      else if (!section[id] || !same(binding.read(section[id]), value[id])) section[id] = { ...binding.write(item, value[id]), date: now() };
    }
    writeStore(home, doc);
  }
  const stop = listen(pull);
  model.on(`change:${binding.trait}`, push);
  return () => { stop(); model.off(`change:${binding.trait}`, push); };
}

/** A satisfaction questionnaire kept in the store's ``satisfaction`` section (one entry per questionnaire). */
function bindSatisfaction(model, home, listen) {
  const id = model.get("questionnaire");
  let pulling = false;
  const stop = listen(() => {
    const kept = readStore(home).satisfaction?.[id];
    pulling = true;
    model.set({ ratings: kept?.notes ?? {}, commentaire: kept?.commentaire ?? "" });
    pulling = false;
  });
  function push() {
    if (pulling) return;
    const doc = readStore(home);
    const section = (doc.satisfaction ??= {});
    const [notes, commentaire] = [model.get("ratings") ?? {}, model.get("commentaire") ?? ""];
    if (Object.keys(notes).length || commentaire.trim()) section[id] = { notes, commentaire, date: now() };
    else delete section[id];
    writeStore(home, doc);
  }
  model.on("change:ratings change:commentaire", push);
  return () => { stop(); model.off("change:ratings change:commentaire", push); };
}

/** A trainee's change: set on the model, sent to the kernel if there is one. */
function commit(model, name, value) {
  model.set(name, value);
  try { model.save_changes(); } catch { /* static page: the browser store follows the model */ }
}

// --- quiz -----------------------------------------------------------------------------------------

function button(text, primary) {
  return h("button", { type: primary ? "submit" : "button", class: primary ? "tnq-btn tnq-primary" : "tnq-btn", text });
}

function question(q, n, total, id, events) {
  const multiple = q.type === "choix-multiple";
  const legend = h("legend", {}, [
    h("span", { class: "tnq-num", text: `Question ${n + 1} sur ${total}${multiple ? " (plusieurs réponses possibles)" : ""}` }),
    h("span", { class: "tnq-text", html: q.question }),
  ]);
  const fieldset = h("fieldset", {}, legend);
  let inputs = [];
  const rows = [];
  if (q.type === "numerique") {
    const input = h("input", { type: "text", id: `${id}-n`, inputmode: "decimal", autocomplete: "off", "aria-describedby": q.unite ? `${id}-u` : null });
    inputs = [input];
    fieldset.append(h("div", { class: "tnq-number" }, [
      h("label", { for: `${id}-n`, text: "Votre réponse" }), input, q.unite && h("span", { id: `${id}-u`, text: q.unite }),
    ]));
  } else {
    const options = q.type === "vrai-faux" ? [{ texte: "Vrai" }, { texte: "Faux" }] : q.choix;
    options.forEach((option, i) => {
      const input = h("input", { type: multiple ? "checkbox" : "radio", name: id, id: `${id}-${i}`, value: String(i) });
      inputs.push(input);
      const label = h("label", { for: `${id}-${i}` });
      if (q.type === "vrai-faux") label.textContent = option.texte;
      else label.innerHTML = option.texte;
      rows.push(h("div", { class: "tnq-option" }, [input, label]));
    });
    fieldset.append(...rows);
  }
  const check = button("Vérifier", true);
  const retry = button("Réessayer");
  retry.hidden = true;
  const feedback = h("div", { role: "status", class: "tnq-feedback", id: `${id}-f` });
  const actions = h("div", { class: "tnq-actions" }, [check, retry]);
  const form = h("form", { class: "tnq-q", novalidate: true }, [fieldset, actions, feedback]);
  let shown; // the answer on display, undefined while the question is open
  let room = null; // presentation mode: the reveal button for the trainer

  function read() {
    if (q.type === "numerique") return inputs[0].value.trim() || null;
    const chosen = inputs.filter((input) => input.checked).map((input) => Number(input.value));
    if (multiple) return chosen.length ? chosen : null;
    if (!chosen.length) return null;
    return q.type === "vrai-faux" ? chosen[0] === 0 : chosen[0];
  }
  function fill(reponse) {
    if (q.type === "numerique") inputs[0].value = reponse;
    else if (q.type === "vrai-faux") inputs.forEach((input, i) => { input.checked = (i === 0) === reponse; });
    else inputs.forEach((input, i) => { input.checked = multiple ? reponse.includes(i) : i === reponse; });
  }
  function say(children, verdict) {
    feedback.className = `tnq-feedback${verdict === undefined ? "" : verdict ? " tnq-ok" : " tnq-ko"}`;
    feedback.replaceChildren(...children);
  }
  /** Show an answer and its feedback; an answer that does not fit the question (bank changed) is dropped. */
  function show(reponse) {
    if (same(shown, reponse)) return;
    const correct = grade(q, reponse);
    if (correct !== true && correct !== false) return open();
    shown = reponse;
    fill(reponse);
    fieldset.disabled = true;
    check.hidden = true;
    retry.hidden = false;
    const parts = [h("p", { class: "tnq-verdict" }, [
      h("span", { class: "tnq-icon", "aria-hidden": "true", text: correct ? "✓" : "✗" }),
      correct ? "Correct" : "Incorrect",
    ])];
    if (q.choix) {
      for (const i of [].concat(reponse)) {
        if (!q.choix[i].retour) continue;
        parts.push(h("div", { class: "tnq-retour" }, [
          h("p", { class: "tnq-chosen" }, ["Votre choix\u00a0: ", h("span", { html: q.choix[i].texte })]),
          h("div", { html: q.choix[i].retour }),
        ]));
      }
      const expected = q.choix.filter((c) => c.correct).length;
      if (multiple && !correct) parts.push(h("p", { text: `Il fallait cocher ${expected} réponse${expected > 1 ? "s" : ""}, et aucune autre.` }));
    }
    parts.push(h("div", { class: "tnq-explication", html: q.explication }));
    say(parts, correct);
  }
  /** Presentation mode: the correct choices marked, the room's choice (if the trainer checked it)
   * graded, the feedback and the explanation. The model, and so the trainee's store, is not touched. */
  function reveal() {
    const reponse = read();
    const correct = reponse === null ? null : grade(q, reponse);
    fieldset.disabled = true;
    const right = q.type === "vrai-faux" ? [q.reponse ? 0 : 1] : (q.choix ?? []).flatMap((c, i) => (c.correct ? [i] : []));
    for (const i of right) rows[i].append(h("strong", { class: "tnq-attendu", text: "✓ Bonne réponse" }));
    const parts = [];
    if (correct !== null) {
      parts.push(h("p", { class: "tnq-verdict" }, [
        h("span", { class: "tnq-icon", "aria-hidden": "true", text: correct ? "✓" : "✗" }),
        `Réponse de la salle\u00a0: ${correct ? "correcte" : "incorrecte"}`,
      ]));
    }
    if (q.choix) {
      const chosen = correct === null ? [] : [].concat(reponse);
      for (const i of new Set([...right, ...chosen])) {
        parts.push(h("div", { class: "tnq-retour" }, [
          h("p", { class: "tnq-chosen" }, [right.includes(i) ? "Bonne réponse\u00a0: " : "Choix de la salle\u00a0: ", h("span", { html: q.choix[i].texte })]),
          q.choix[i].retour && h("div", { html: q.choix[i].retour }),
        ]));
      }
    } else {
      const value = q.type === "vrai-faux" ? (q.reponse ? "Vrai" : "Faux") : `${fr(q.reponse)}${q.unite ? `\u00a0${q.unite}` : ""}`;
      parts.push(h("p", { class: "tnq-chosen", text: `Réponse attendue\u00a0: ${value}` }));
    }
    parts.push(h("div", { class: "tnq-explication", html: q.explication }));
    say(parts, correct ?? undefined);
    room.textContent = "Nouveau vote";
    room.dataset.revealed = "true";
  }
  /** Presentation mode: the question open for the room's vote (or closed again by a new vote). */
  function vote() {
    form.reset();
    fieldset.disabled = false;
    form.querySelectorAll(".tnq-attendu").forEach((mark) => mark.remove());
    say([]);
    room.textContent = "Afficher la réponse";
    delete room.dataset.revealed;
  }
  /** Enter (true) or leave (false) presentation mode; on leaving, the quiz paints the model again. */
  function present(on) {
    if (on === (room !== null)) return;
    if (on) {
      room = button("Afficher la réponse");
      room.classList.add("tnq-reveler");
      room.addEventListener("click", () => (room.dataset.revealed ? vote() : reveal()));
      actions.append(room);
      shown = undefined;
      check.hidden = true;
      retry.hidden = true;
      vote();
    } else {
      vote();
      room.remove();
      room = null;
      check.hidden = false;
    }
  }
  /** Back to an open question; the choices are cleared only if an answer was on display. */
  function open() {
    if (shown !== undefined) form.reset();
    shown = undefined;
    fieldset.disabled = false;
    check.hidden = false;
    retry.hidden = true;
    say([]);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (room) return room.click(); // Entrée in presentation mode: reveal, never record
    const reponse = read();
    if (reponse === null) return say([h("p", { text: q.type === "numerique" ? "Saisissez un nombre avant de vérifier." : "Choisissez une réponse avant de vérifier." })]);
    if (q.type === "numerique" && parseNumber(reponse) === null) return say([h("p", { text: "Saisissez un nombre, par exemple 4,5 ou 4.5." })]);
    events.check(reponse);
    retry.focus();
  });
  retry.addEventListener("click", () => {
    const focused = inputs.find((input) => input.checked) || inputs[0];
    events.retry();
    focused.focus();
  });
  return { form, show, open, present, get answered() { return shown !== undefined; }, focus() { inputs[0].focus(); } };
}

function renderQuiz(model, el, id) {
  const questions = model.get("questions");
  const answers = () => model.get("answers") ?? {};
  const score = h("p", { class: "tnq-score" });
  const views = questions.map((q, n) =>
    question(q, n, questions.length, `${id}-${n}`, {
      check(reponse) { commit(model, "answers", { ...answers(), [q.id]: reponse }); },
      retry() { const { [q.id]: _, ...rest } = answers(); commit(model, "answers", rest); },
    }));
  function paint() {
    if (presenting()) return; // on display: the votes of the room, not the answers kept here
    const current = answers();
    let right = 0;
    questions.forEach((q, n) => {
      if (q.id in current) views[n].show(current[q.id]);
      else views[n].open();
      if (views[n].answered && grade(q, current[q.id]) === true) right += 1;
    });
    score.textContent = `Score\u00a0: ${right}/${questions.length}`;
  }
  const reset = button("Réinitialiser");
  reset.addEventListener("click", () => { commit(model, "answers", {}); views[0]?.focus(); });
  el.append(section(id, [
    h("p", { class: "tnq-title", id: `${id}-t`, text: `Quiz — ${model.get("titre")}` }),
    ...views.map((view) => view.form),
    h("div", { class: "tnq-footer" }, [score, reset]),
  ]));
  function onPresentation() {
    const on = presenting();
    views.forEach((view) => view.present(on));
    paint();
  }
  model.on("change:answers", paint);
  window.addEventListener(PRESENTATION_EVENT, onPresentation);
  paint();
  if (presenting()) onPresentation();
  return () => { model.off("change:answers", paint); window.removeEventListener(PRESENTATION_EVENT, onPresentation); };
}

// --- self-assessment ------------------------------------------------------------------------------

function renderSelfAssessment(model, el, id) {
  const { min, max, libelles } = model.get("echelle");
  const ratings = () => model.get("ratings") ?? {};
  const status = h("p", { role: "status", class: "tnq-score" });
  const groups = model.get("affirmations").map((a, n) => {
    const name = `${id}-${n}`;
    const inputs = [];
    const scale = h("div", { class: "tnq-scale" });
    for (let v = min; v <= max; v++) {
      const input = h("input", { type: "radio", name, id: `${name}-${v}`, value: String(v) });
      input.addEventListener("change", () => commit(model, "ratings", { ...ratings(), [a.id]: v }));
      inputs.push(input);
      const label = libelles[String(v)] ? `${v} — ${libelles[String(v)]}` : String(v);
      scale.append(h("div", { class: "tnq-option" }, [input, h("label", { for: `${name}-${v}`, text: label })]));
    }
    return { a, inputs, fieldset: h("fieldset", { class: "tnq-q" }, [h("legend", { text: a.enonce }), scale]) };
  });
  function paint() {
    const current = ratings();
    groups.forEach(({ a, inputs }) => inputs.forEach((input) => { input.checked = Number(input.value) === current[a.id]; }));
    const rated = groups.filter(({ a }) => Number.isInteger(current[a.id])).length;
    status.textContent = `Affirmations notées\u00a0: ${rated}/${groups.length}`;
  }
  const reset = button("Réinitialiser");
  reset.addEventListener("click", () => { commit(model, "ratings", {}); groups[0]?.inputs[0].focus(); });
  const low = libelles[String(min)] ? ` (${libelles[String(min)]})` : "";
  const high = libelles[String(max)] ? ` (${libelles[String(max)]})` : "";
  el.append(section(id, [
    h("p", { class: "tnq-title", id: `${id}-t`, text: `Autoévaluation — ${model.get("titre")}` }),
    h("p", { class: "tnq-help", text: `Pour chaque affirmation sur votre entreprise, choisissez de ${min}${low} à ${max}${high}. Ces réponses ne sont pas notées.` }),
    ...groups.map((g) => g.fieldset),
    h("div", { class: "tnq-footer" }, [status, reset]),
  ]));
  model.on("change:ratings", paint);
  paint();
  return () => model.off("change:ratings", paint);
}

// --- bilan: the maturity profile, from the kernel's store or from this browser's ------------------
// The same rules as bilan.py (maturity, weakest first, action plan); tests/js/bilan.test.mjs checks
// both give the same profile.

const NON_EVALUE = "non évalué";
const fr = (value) => value.toLocaleString("fr-FR", { maximumFractionDigits: 1 });
const plural = (count, word) => `${count} ${word}${count > 1 ? "s" : ""}`;

/** Python's round(x, 1): an exact tie goes to the even digit (56,25 → 56,2), as progress.py does. */
function roundLikePython(x) {
  const tenths = x * 10;
  const nearest = Math.round(tenths);
  const tie = nearest - tenths === 0.5;
  return (tie && nearest % 2 !== 0 ? nearest - 1 : nearest) / 10;
}

/** One chapter's result in the export's shape (ChapterResult in progress.py). */
function chapterResult(chapter, record) {
  const ids = new Set(chapter.questions);
  const answers = Object.entries(record?.quiz ?? {}).filter(([id, entry]) => ids.has(id) && entry);
  const statements = new Set(chapter.affirmations);
  const { min, max } = chapter.echelle;
  const autoevaluation = {};
  for (const [id, entry] of Object.entries(record?.autoevaluation ?? {})) {
    if (statements.has(id) && Number.isInteger(entry?.note) && entry.note >= min && entry.note <= max) autoevaluation[id] = entry.note;
  }
  const notes = Object.values(autoevaluation);
  const mean = notes.reduce((a, b) => a + b, 0) / notes.length;
  return {
    chapitre: chapter.id,
    titre: chapter.titre,
    quiz: { answered: answers.length, correct: answers.filter(([, e]) => e.correct === true).length, total: chapter.questions.length },
    autoevaluation,
    maturite: notes.length ? roundLikePython(((mean - min) / (max - min)) * 100) : null,
    reponses: Object.fromEntries(answers.map(([id, e]) => [id, e.correct === true])),
    reponses_donnees: Object.fromEntries(answers.map(([id, e]) => [id, e.reponse])),
    exercices: Object.fromEntries(Object.entries(record?.exercices ?? {}).filter(([, e]) => e && "reponse" in e).map(([id, e]) => [id, e.reponse])),
  };
}

/** Every chapter's result, in the course's order. */
export function results(cours, progression) {
  return Object.fromEntries(cours.map((chapter) => [chapter.id, chapterResult(chapter, progression?.[chapter.id])]));
}

/** The eight problems, weakest first: maturity, then share of right answers; not rated last. */
export function ranking(cours, byChapter) {
  const key = (p) => [p.maturite ?? Infinity, p.quiz.answered && p.quiz.total ? p.quiz.correct / p.quiz.total : Infinity, p.chapitre];
  const problems = cours.filter((c) => c.probleme).map((c) => ({ ...byChapter[c.id], libelle: c.libelle, page: c.page }));
  return problems.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}

/** Up to `actions` actions for each of the `priorites` weakest rated problems, quick wins first. */
export function plan(ranked, catalogue, regles) {
  const order = regles.quadrants.map(([impact, effort]) => `${impact}/${effort}`);
  const quadrant = (a) => order.indexOf(`${a.impact}/${a.effort}`);
  const picked = [];
  ranked.filter((p) => p.maturite !== null).slice(0, regles.priorites).forEach((problem, rank) => {
    const actions = [...(catalogue[problem.chapitre] ?? [])].sort((a, b) => quadrant(a) - quadrant(b));
    for (const action of actions.slice(0, regles.actions)) picked.push({ q: quadrant(action), rank, action, problem });
  });
  picked.sort((a, b) => a.q - b.q || a.rank - b.rank);
  return picked.map(({ q, action, problem }, n) => ({ numero: n + 1, action, problem, quadrant: regles.quadrants[q][2] }));
}

/** An objective's status (statut_objectif in bilan.py): « non évalué » while none of its questions is
 * answered, else the share right out of all its questions against the thresholds. */
function objectiveStatus(right, answered, count, regles) {
  const [acquis, enCours, nonAcquis, nonEvalue] = regles.statuts;
  if (!answered || !count) return nonEvalue;
  const share = right / count;
  return share >= regles.seuils.acquis ? acquis : share >= regles.seuils.en_cours ? enCours : nonAcquis;
}

/** Each chapter's objectives graded from its answers (resultats_par_objectif in bilan.py). */
export function objectives(cours, byChapter, regles) {
  const found = {};
  for (const chapter of cours) {
    if (!chapter.objectifs?.length) continue;
    const given = byChapter[chapter.id]?.reponses ?? {};
    found[chapter.id] = Object.fromEntries(chapter.objectifs.map((o) => {
      const answered = o.questions.filter((q) => q in given);
      const right = answered.filter((q) => given[q]).length;
      const statut = objectiveStatus(right, answered.length, o.questions.length, regles);
      return [o.id, { questions: o.questions.length, repondues: answered.length, justes: right, statut }];
    }));
  }
  return found;
}

/** The diagnostic d'entrée as positioning (positionnements in bilan.py): maturity, first rating's date. */
export function positioning(cours, progression, byChapter) {
  const found = {};
  for (const chapter of cours) {
    const result = byChapter[chapter.id];
    if (result?.maturite === null || result?.maturite === undefined) continue;
    const kept = progression?.[chapter.id]?.autoevaluation ?? {};
    const dates = Object.keys(result.autoevaluation).map((id) => kept[id]?.date).filter(Boolean).sort();
    found[chapter.id] = { maturite: result.maturite, date: dates[0] ?? null };
  }
  return found;
}

/** The export the trainer's team picture reads: ProgressExport, schema version 1. */
export function exportDoc(cours, regles, progression, participant, date = now(), satisfaction = {}) {
  const chapters = results(cours, progression);
  return {
    schema_version: 1, exported_at: date, participant: participant || null, chapters,
    objectifs: objectives(cours, chapters, regles), positionnement: positioning(cours, progression, chapters),
    satisfaction: satisfaction ?? {},
  };
}

function radar(ranked, id) {
  const problems = [...ranked].sort((a, b) => (a.chapitre < b.chapitre ? -1 : 1));
  const [cx, cy, r] = [300, 215, 140];
  const step = (2 * Math.PI) / problems.length;
  const at = (i, value) => [cx + (r * value / 100) * Math.sin(i * step), cy - (r * value / 100) * Math.cos(i * step)];
  const pts = (list) => list.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" ");
  const shapes = [s("defs", {}, s("pattern", { id: `${id}-h`, width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    s("line", { x1: 0, y1: 0, x2: 0, y2: 8, stroke: "currentColor", "stroke-width": 1.5, opacity: 0.45 })))];
  for (const ring of [25, 50, 75, 100]) shapes.push(s("polygon", { points: pts(problems.map((_, i) => at(i, ring))), fill: "none", class: "tnq-grid" }));
  problems.forEach((p, i) => {
    shapes.push(s("line", { x1: cx, y1: cy, x2: at(i, 100)[0], y2: at(i, 100)[1], class: "tnq-grid" }));
    if (p.maturite === null) {
      const [a, b] = [at(i - 0.5, 100), at(i + 0.5, 100)];
      shapes.push(s("path", { d: `M${cx},${cy} L${a[0]},${a[1]} A${r},${r} 0 0 1 ${b[0]},${b[1]} Z`, fill: `url(#${id}-h)`, class: "tnq-non-evalue", "data-chapitre": p.chapitre }));
    }
    const next = problems[(i + 1) % problems.length];
    if (p.maturite !== null && next.maturite !== null) {
      shapes.push(s("polygon", { points: pts([[cx, cy], at(i, p.maturite), at(i + 1, next.maturite)]), class: "tnq-surface" }));
    }
  });
  problems.forEach((p, i) => {
    const [x, y] = at(i, 118);
    const anchor = Math.abs(x - cx) < 5 ? "middle" : x > cx ? "start" : "end";
    const label = `${Number(p.chapitre)}. ${p.libelle}`;
    shapes.push(s("text", { x, y, "text-anchor": anchor, "dominant-baseline": "middle", class: "tnq-label" }, [
      s("tspan", { text: label }), p.maturite === null ? s("tspan", { x, dy: "1.2em", text: `(${NON_EVALUE})` }) : null,
    ]));
    if (p.maturite !== null) {
      const [px, py] = at(i, p.maturite);
      shapes.push(s("circle", { cx: px, cy: py, r: 4, class: "tnq-point", "data-chapitre": p.chapitre, "data-maturite": p.maturite }));
      shapes.push(s("text", { x: px + 7, y: py - 7, class: "tnq-value", "aria-hidden": "true", text: fr(p.maturite) }));
    }
  });
  const desc = problems.map((p) => `${Number(p.chapitre)}. ${p.libelle}\u00a0: ${p.maturite === null ? NON_EVALUE : `${fr(p.maturite)}/100`}`).join(" ; ");
  return s("svg", { viewBox: "0 0 600 430", class: "tnq-radar", role: "img", "aria-labelledby": `${id}-rt ${id}-rd` }, [
    s("title", { id: `${id}-rt`, text: "Maturité par problème, de 0 (centre) à 100 (bord)" }),
    s("desc", { id: `${id}-rd`, text: desc }), ...shapes,
  ]);
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function renderBilan(model, el, id) {
  const home = bookHome();
  const cours = model.get("cours");
  const body = h("div", { class: "tnq-bilan-body" });
  const name = h("input", { type: "text", id: `${id}-nom`, autocomplete: "name" });
  const exporter = button("Exporter mes résultats");
  exporter.addEventListener("click", () => {
    const doc = exportDoc(cours, model.get("regles"), model.get("progression"), name.value.trim(), now(), model.get("satisfaction"));
    download("mes-resultats.json", `${JSON.stringify(doc, null, 2)}\n`);
  });
  const erase = home && button("Effacer mes réponses de ce navigateur");
  erase?.addEventListener("click", () => {
    if (confirm("Effacer toutes les réponses et notes gardées par ce navigateur pour cette formation ?")) clearStore(home);
  });
  const link = (p) => h("a", { href: `${p.page}.${home ? "html" : "ipynb"}`, text: `${Number(p.chapitre)}. ${p.titre}` });
  function paint() {
    const byChapter = results(cours, model.get("progression"));
    const ranked = ranking(cours, byChapter);
    const rated = ranked.filter((p) => p.maturite !== null);
    const started = ranked.some((p) => p.maturite !== null || p.quiz.answered);
    const parts = (model.get("avertissements") ?? []).map((text) => h("p", { class: "tnq-warning", text: `Attention\u00a0: ${text}` }));
    if (!started) {
      const where = home ? "dans ce navigateur" : "dans votre progression";
      const then = home ? "puis revenez sur cette page" : "puis exécutez de nouveau cette cellule";
      parts.push(h("p", { class: "tnq-empty", text: `Aucun résultat enregistré ${where} pour l’instant\u00a0: ouvrez un chapitre, notez les affirmations du diagnostic d’entrée, répondez au quiz, ${then}.` }));
      parts.push(h("ul", {}, ranked.map((p) => h("li", {}, link(p)))));
      return body.replaceChildren(...parts);
    }
    const answered = ranked.reduce((n, p) => n + p.quiz.answered, 0);
    const right = ranked.reduce((n, p) => n + p.quiz.correct, 0);
    const total = ranked.reduce((n, p) => n + p.quiz.total, 0);
    parts.push(h("p", { class: "tnq-score", text: `Problèmes évalués\u00a0: ${rated.length} sur ${ranked.length}. Quiz\u00a0: ${plural(right, "bonne réponse")} sur ${total} questions (${plural(answered, "réponse")}).` }));
    parts.push(radar(ranked, id));
    let rank = 0;
    const rows = ranked.map((p) => {
      rank += p.maturite !== null;
      const quiz = p.quiz.answered ? `${p.quiz.correct}/${p.quiz.total}${p.quiz.answered < p.quiz.total ? ` (${plural(p.quiz.answered, "réponse")})` : ""}` : "pas encore fait";
      return h("tr", { "data-chapitre": p.chapitre }, [
        h("td", { text: p.maturite === null ? "—" : String(rank) }), h("td", {}, link(p)),
        h("td", { text: p.maturite === null ? NON_EVALUE : `${fr(p.maturite)}/100` }), h("td", { text: quiz }),
      ]);
    });
    parts.push(h("table", { class: "tnq-table tnq-classement" }, [
      h("caption", { text: "Vos points faibles d’abord" }),
      h("thead", {}, h("tr", {}, ["Rang", "Problème", "Maturité", "Quiz"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, rows),
    ]));
    const positions = positioning(cours, model.get("progression"), byChapter);
    const day = (iso) => (iso ? ` (${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)})` : "");
    const entries = cours.filter((c) => positions[c.id]).map((c) => `${c.probleme ? `${Number(c.id)}. ` : ""}${c.titre}\u00a0: ${fr(positions[c.id].maturite)}/100${day(positions[c.id].date)}`);
    parts.push(h("p", { class: "tnq-positionnement", text: `Positionnement à l’entrée (diagnostic d’entrée)\u00a0: ${entries.length ? entries.join("\u00a0; ") : "aucun diagnostic fait pour l’instant"}.` }));
    const perObjective = objectives(cours, byChapter, model.get("regles"));
    const objectiveRows = cours.flatMap((c) => (c.objectifs ?? []).map((o) => {
      const r = perObjective[c.id][o.id];
      const score = !r.questions ? "aucune question" : r.repondues ? `${r.justes}/${r.questions}` : "pas de réponse";
      return h("tr", { "data-chapitre": c.id, "data-objectif": o.id, "data-statut": r.statut }, [
        h("td", { text: c.probleme ? `${Number(c.id)}. ${c.titre}` : c.titre }), h("td", { text: o.texte }),
        h("td", { text: r.statut }), h("td", { text: score }),
      ]);
    }));
    parts.push(h("table", { class: "tnq-table tnq-objectifs" }, [
      h("caption", { text: "Vos résultats par objectif" }),
      h("thead", {}, h("tr", {}, ["Chapitre", "Objectif", "Résultat", "Réponses justes"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, objectiveRows),
    ]));
    const actions = plan(ranked, model.get("catalogue"), model.get("regles"));
    if (actions.length) {
      parts.push(h("p", { class: "tnq-subtitle", text: "Votre plan d’action" }));
      parts.push(h("ol", { class: "tnq-plan" }, actions.map((item) => h("li", { "data-action": item.action.id }, [
        h("span", { text: item.action.action }),
        h("span", { class: "tnq-muted", text: ` (${Number(item.problem.chapitre)}. ${item.problem.libelle}\u00a0; ${item.quadrant.toLowerCase()})` }),
      ]))));
    }
    body.replaceChildren(...parts);
  }
  el.append(section(id, [
    h("p", { class: "tnq-title", id: `${id}-t`, text: "Votre profil de maturité numérique" }),
    body,
    h("div", { class: "tnq-footer tnq-export" }, [
      h("label", { for: `${id}-nom`, text: "Votre nom (facultatif, pour votre formateur)" }), name, exporter, erase,
    ]),
  ]));
  model.on("change:progression", paint);
  paint();
  return () => model.off("change:progression", paint);
}

// --- satisfaction: the self-assessment's scale on the questionnaire's statements, and a free text ------

function renderSatisfaction(model, el, id) {
  const { min, max, libelles } = model.get("echelle");
  const ratings = () => model.get("ratings") ?? {};
  const status = h("p", { role: "status", class: "tnq-score" });
  const groups = model.get("affirmations").map((a, n) => {
    const name = `${id}-${n}`;
    const inputs = [];
    const scale = h("div", { class: "tnq-scale" });
    for (let v = min; v <= max; v++) {
      const input = h("input", { type: "radio", name, id: `${name}-${v}`, value: String(v) });
      input.addEventListener("change", () => commit(model, "ratings", { ...ratings(), [a.id]: v }));
      inputs.push(input);
      const label = libelles[String(v)] ? `${v} — ${libelles[String(v)]}` : String(v);
      scale.append(h("div", { class: "tnq-option" }, [input, h("label", { for: `${name}-${v}`, text: label })]));
    }
    return { a, inputs, fieldset: h("fieldset", { class: "tnq-q" }, [h("legend", { text: a.enonce }), scale]) };
  });
  const text = h("textarea", { id: `${id}-libre`, rows: 4, class: "tnq-libre" });
  text.addEventListener("change", () => commit(model, "commentaire", text.value));
  function paint() {
    const current = ratings();
    groups.forEach(({ a, inputs }) => inputs.forEach((input) => { input.checked = Number(input.value) === current[a.id]; }));
    if (document.activeElement !== text) text.value = model.get("commentaire") ?? "";
    const rated = groups.filter(({ a }) => Number.isInteger(current[a.id])).length;
    status.textContent = `Affirmations notées\u00a0: ${rated}/${groups.length}${model.get("commentaire")?.trim() ? ", commentaire enregistré" : ""}`;
  }
  el.append(section(id, [
    h("p", { class: "tnq-title", id: `${id}-t`, text: model.get("titre") }),
    h("p", { class: "tnq-help", text: model.get("consigne") }),
    ...groups.map((g) => g.fieldset),
    h("div", { class: "tnq-q" }, [h("label", { for: `${id}-libre`, text: model.get("question_libre") }), text]),
    h("div", { class: "tnq-footer" }, [status]),
  ]));
  model.on("change:ratings change:commentaire", paint);
  paint();
  return () => model.off("change:ratings change:commentaire", paint);
}

// --- exercise forms: free text, labelled fields, editable table, checklist, calculators ------------
// One step of an exercise (exercise.py's format); ``reponses`` is {step id: answer}, bound to the store
// like a quiz's answers. Everything the trainee types is shown back through input values and
// textContent only; the consigne and the corrigé are Markdown rendered by markup.py.

const FR_PERCENT = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
const FR_AMOUNT = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
const YES = new Set(["oui", "o", "x", "vrai", "true", "1", "yes"]);

/** A number in French: « 1 234,5 » (the thousands separator is Intl's narrow no-break space). */
export function formatFrench(value, digits = 1) {
  return (digits === 1 ? FR_PERCENT : FR_AMOUNT).format(value);
}

/** Whether an answer holds anything the trainee wrote (then « Voir le corrigé » may appear). */
export function written(reponse) {
  if (typeof reponse === "string") return reponse.trim() !== "";
  if (typeof reponse === "boolean") return reponse;
  if (Array.isArray(reponse)) return reponse.some(written);
  if (reponse && typeof reponse === "object") return Object.values(reponse).some(written);
  return false;
}

/** A calculator's result as the trainee types: {text, ok} (ok undefined while incomplete). */
export function calculate(step, reponse) {
  const value = (key) => parseNumber(reponse?.[key] ?? "");
  if (step.formule === "repartition") {
    const parts = step.postes.map((p) => value(p.id));
    if (parts.every((p) => p === null)) return { text: "Saisissez la part de chaque poste, en %.", parts };
    const total = parts.reduce((sum, p) => sum + (p ?? 0), 0);
    const gap = Math.round((100 - total) * 10) / 10;
    const where = gap === 0 ? "le compte est bon" : gap > 0 ? `il manque ${formatFrench(gap)}\u00a0point${Math.abs(gap) >= 2 ? "s" : ""}` : `${formatFrench(-gap)}\u00a0point${-gap >= 2 ? "s" : ""} de trop`;
    return { text: `Total\u00a0: ${formatFrench(total)}\u00a0%\u00a0: ${where}.`, ok: gap === 0, parts, budget: value("budget") };
  }
  const [top, base] = step.entrees.map((e) => value(e.id));
  if (top === null || base === null) return { text: `${step.libelle}\u00a0: saisissez les deux nombres.` };
  if (base <= 0) return { text: `${step.libelle}\u00a0: ${step.entrees[1].libelle.toLowerCase()} doit être supérieur à 0.`, ok: false };
  return { text: `${step.libelle}\u00a0: ${formatFrench((top / base) * 100)}\u00a0%`, ok: true, value: (top / base) * 100 };
}

/** The table's computed checks: for each ``equilibre``, the share of each value among the filled rows. */
export function balance(step, rows) {
  const kinds = Object.fromEntries(step.colonnes.map((c) => [c.id, c.type]));
  const filled = rows.filter(written);
  return (step.equilibre ?? []).map(({ colonne, max }) => {
    const label = step.colonnes.find((c) => c.id === colonne).libelle;
    if (!filled.length) return { text: `${label}\u00a0: remplissez des lignes pour voir l’équilibre.` };
    const counts = new Map();
    for (const row of filled) {
      const raw = row[colonne];
      const key = kinds[colonne] === "oui-non" ? (raw === true ? "oui" : null) : typeof raw === "string" && raw.trim() ? raw.trim().toLowerCase() : null;
      if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const share = (n) => (n / filled.length) * 100;
    const over = [...counts].filter(([, n]) => share(n) > max + 1e-9);
    if (kinds[colonne] === "oui-non") {
      const n = counts.get("oui") ?? 0;
      return { text: `${label}\u00a0: ${n} sur ${filled.length} (${formatFrench(share(n))}\u00a0%), ${over.length ? `au-delà de ${formatFrench(max)}\u00a0%` : `pas plus de ${formatFrench(max)}\u00a0%, c’est équilibré`}.`, ok: !over.length };
    }
    if (over.length) return { text: `${label}\u00a0: «\u00a0${over[0][0]}\u00a0» occupe ${formatFrench(share(over[0][1]))}\u00a0% des lignes, au-delà de ${formatFrench(max)}\u00a0%\u00a0: variez.`, ok: false };
    return { text: `${label}\u00a0: ${counts.size} valeur${counts.size > 1 ? "s" : ""} différente${counts.size > 1 ? "s" : ""}, aucune au-delà de ${formatFrench(max)}\u00a0% des lignes.`, ok: true };
  });
}

/** A table's weighted score per named row, best first: [{name, score}] (rows with a missing note left out). */
export function ranked(step, rows) {
  const first = step.colonnes[0].id;
  const scored = [];
  for (const row of rows) {
    const name = typeof row[first] === "string" ? row[first].trim() : "";
    const notes = Object.entries(step.score).map(([column, weight]) => [parseNumber(row[column] ?? ""), weight]);
    if (name && notes.every(([note]) => note !== null)) scored.push({ name, score: notes.reduce((sum, [note, weight]) => sum + (note * weight) / 100, 0) });
  }
  return scored.sort((a, b) => b.score - a.score);
}

function say(el, result) {
  el.textContent = result.text;
  el.className = `tnq-feedback${result.ok === undefined ? "" : result.ok ? " tnq-ok" : " tnq-ko"}`;
}

function textField(id, label, value, multiline) {
  const input = multiline ? h("textarea", { id, rows: 2, class: "tnq-textarea" }) : h("input", { type: "text", id, autocomplete: "off" });
  input.value = value ?? "";
  return { input, row: h("div", { class: "tnq-field" }, [h("label", { for: id, text: label }), input]) };
}

function freeText(step, id, value, change) {
  const area = h("textarea", { id: `${id}-x`, rows: 8, class: "tnq-textarea", "aria-describedby": `${id}-c` });
  const count = h("p", { class: "tnq-help", id: `${id}-c` });
  function counted() {
    const words = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
    count.textContent = `${words} mot${words > 1 ? "s" : ""}${step.mots ? ` (repère\u00a0: environ ${step.mots})` : ""}`;
  }
  area.addEventListener("input", () => { counted(); change(area.value); });
  return {
    nodes: [h("label", { for: `${id}-x`, class: "tnq-sr", text: "Votre réponse" }), area, count],
    fill(v) { area.value = v ?? ""; counted(); },
  };
}

function fields(step, id, value, change) {
  const items = step.champs.map((c, n) => ({ c, ...textField(`${id}-${n}`, c.libelle, "", true) }));
  for (const item of items) {
    if (!item.c.caracteres) continue;
    item.count = h("span", { class: "tnq-help", id: `${item.input.id}-c` });
    item.input.setAttribute("aria-describedby", item.count.id);
    item.row.append(item.count);
  }
  const counted = () => items.forEach(({ c, input, count }) => {
    if (count) count.textContent = `${input.value.length} caractère${input.value.length > 1 ? "s" : ""} (repère\u00a0: ${c.caracteres} au plus)`;
  });
  const read = () => Object.fromEntries(items.filter(({ input }) => input.value !== "").map(({ c, input }) => [c.id, input.value]));
  for (const { input } of items) input.addEventListener("input", () => { counted(); change(read()); });
  return { nodes: items.map((i) => i.row), fill(v) { for (const { c, input } of items) input.value = v?.[c.id] ?? ""; counted(); } };
}

/** A checklist's weighted score: ticked weights over all weights, out of 100 (rounded). */
export function score(step, ticked) {
  const total = step.elements.reduce((sum, e) => sum + e.poids, 0);
  const got = step.elements.filter((e) => (ticked ?? []).includes(e.id)).reduce((sum, e) => sum + e.poids, 0);
  return Math.round((100 * got) / total);
}

function checklist(step, id, value, change) {
  const boxes = step.elements.map((e, n) => ({ e, input: h("input", { type: "checkbox", id: `${id}-${n}` }) }));
  const status = step.score ? h("p", { role: "status", class: "tnq-score" }) : null;
  const read = () => boxes.filter(({ input }) => input.checked).map(({ e }) => e.id);
  const show = (v) => status && (status.textContent = `Score\u00a0: ${score(step, v)}\u00a0/\u00a0100`);
  for (const { input } of boxes) input.addEventListener("change", () => { const v = read(); show(v); change(v); });
  const label = (e) => (step.score ? `${e.texte} (poids ${e.poids})` : e.texte);
  return {
    nodes: [...boxes.map(({ e, input }, n) => h("div", { class: "tnq-option" }, [input, h("label", { for: `${id}-${n}`, text: label(e) })])), status],
    fill(v) { for (const { e, input } of boxes) input.checked = Array.isArray(v) && v.includes(e.id); show(v); },
  };
}

function calculator(step, id, value, change) {
  const status = h("p", { role: "status", class: "tnq-feedback", id: `${id}-r` });
  const inputs = new Map();
  const nodes = [];
  const number = (key, label, unit) => {
    const input = h("input", { type: "text", id: `${id}-${key}`, inputmode: "decimal", autocomplete: "off" });
    inputs.set(key, input);
    const amount = h("span", { class: "tnq-muted" });
    nodes.push(h("div", { class: "tnq-number" }, [h("label", { for: `${id}-${key}`, text: label }), input, unit && h("span", { text: unit }), amount]));
    return amount;
  };
  const amounts = new Map();
  if (step.formule === "repartition") {
    number("budget", "Budget annuel", "€");
    for (const p of step.postes) amounts.set(p.id, number(p.id, p.libelle, "%"));
  } else {
    for (const e of step.entrees) number(e.id, e.libelle);
  }
  nodes.push(status);
  const read = () => Object.fromEntries([...inputs].filter(([, input]) => input.value !== "").map(([key, input]) => [key, input.value]));
  function show(v) {
    const result = calculate(step, v);
    say(status, result);
    if (step.formule === "repartition") {
      step.postes.forEach((p, n) => {
        const part = result.parts[n];
        amounts.get(p.id).textContent = part !== null && result.budget != null ? `soit ${formatFrench((result.budget * part) / 100, 2)}\u00a0€` : "";
      });
    }
  }
  for (const input of inputs.values()) input.addEventListener("input", () => { const v = read(); show(v); change(v); });
  return { nodes, fill(v) { for (const [key, input] of inputs) input.value = v?.[key] ?? ""; show(v); } };
}

function cell(column, value, label, onChange) {
  let input;
  if (column.type === "oui-non") {
    input = h("input", { type: "checkbox", "aria-label": label });
    input.checked = value === true;
    input.addEventListener("change", onChange);
  } else if (column.type === "choix") {
    input = h("select", { "aria-label": label }, [h("option", { value: "", text: "—" }), ...column.choix.map((c) => h("option", { value: c, text: c }))]);
    input.value = column.choix.includes(value) ? value : "";
    input.addEventListener("change", onChange);
  } else {
    input = h("input", { type: column.type === "date" ? "date" : "text", "aria-label": label, autocomplete: "off", inputmode: column.type === "nombre" ? "decimal" : null });
    input.value = typeof value === "string" ? value : "";
    input.addEventListener("input", onChange);
    if (column.type === "nombre") {
      input.addEventListener("change", () => {
        const n = parseNumber(input.value);
        input.setAttribute("aria-invalid", String(input.value.trim() !== "" && n === null));
        if (n !== null) { input.value = formatFrench(n, 2); onChange(); }
      });
    }
  }
  return input;
}

/** A value pasted from a spreadsheet, for one column: text, a choice of the list, yes/no. */
function pasted(column, text) {
  const t = text.trim();
  if (column.type === "oui-non") return YES.has(t.toLowerCase());
  if (column.type === "choix") return column.choix.find((c) => c.toLowerCase() === t.toLowerCase()) ?? "";
  return t;
}

function table(step, id, value, change) {
  const body = h("tbody");
  const status = h("div", { role: "status", class: "tnq-balance" });
  let rows = [];
  const blank = () => ({});
  function read() { return rows.map((r) => ({ ...r })); }
  function checks() {
    const results = balance(step, rows);
    const parts = results.map((r) => { const p = h("p"); say(p, r); return p; });
    if (step.score && Object.keys(step.score).length) {
      const list = ranked(step, rows);
      parts.push(list.length
        ? h("ol", { class: "tnq-ranking" }, list.map((r) => h("li", { text: `${r.name}\u00a0: ${FR_AMOUNT.format(Math.round(r.score * 100) / 100)}` })))
        : h("p", { class: "tnq-help", text: "Le classement s’affiche quand une ligne a toutes ses notes." }));
    }
    status.replaceChildren(...parts);
  }
  function edited() { checks(); change(read()); }
  function draw(focus) {
    const trs = rows.map((row, r) => {
      const tds = step.colonnes.map((column, c) => {
        const input = cell(column, row[column.id], `${column.libelle}, ligne ${r + 1}`, () => {
          const v = column.type === "oui-non" ? input.checked : input.value;
          if (v === "" || v === false) delete row[column.id];
          else row[column.id] = v;
          edited();
        });
        if (column.type === "texte" || column.type === "nombre") input.addEventListener("paste", (event) => paste(event, r, c));
        return h("td", {}, input);
      });
      const remove = h("button", { type: "button", class: "tnq-btn tnq-small", "aria-label": `Supprimer la ligne ${r + 1}`, text: "Supprimer" });
      remove.addEventListener("click", () => {
        rows.splice(r, 1);
        draw(Math.min(r, rows.length - 1));
        edited();
      });
      return h("tr", {}, [...tds, h("td", {}, remove)]);
    });
    body.replaceChildren(...trs);
    if (focus !== undefined && focus >= 0) body.rows[focus]?.querySelector("input, select")?.focus();
    checks();
  }
  /** A block copied from a spreadsheet (tabs between cells, one line per row) fills rows from here. */
  function paste(event, r, c) {
    const text = event.clipboardData?.getData("text/plain") ?? "";
    if (!/[\t\n]/.test(text.trim())) return;
    event.preventDefault();
    const lines = text.replace(/\r/g, "").replace(/\n+$/, "").split("\n");
    lines.forEach((line, i) => {
      const row = (rows[r + i] ??= blank());
      line.split("\t").forEach((value, j) => {
        const column = step.colonnes[c + j];
        if (!column) return;
        const v = pasted(column, value);
        if (v === "" || v === false) delete row[column.id];
        else row[column.id] = v;
      });
    });
    draw();
    edited();
  }
  const add = h("button", { type: "button", class: "tnq-btn", text: "Ajouter une ligne" });
  add.addEventListener("click", () => { rows.push(blank()); draw(rows.length - 1); edited(); });
  const head = h("thead", {}, h("tr", {}, [...step.colonnes.map((c) => h("th", { scope: "col", text: c.libelle })), h("th", { scope: "col", text: "Ligne" })]));
  return {
    nodes: [h("div", { class: "tnq-scroll" }, h("table", { class: "tnq-table tnq-form-table" }, [head, body])), h("div", { class: "tnq-actions" }, add), status],
    fill(v) {
      rows = Array.isArray(v) && v.length ? v.map((r) => ({ ...r })) : Array.from({ length: step.lignes }, blank);
      draw();
    },
  };
}

const FORMS = { texte: freeText, champs: fields, liste: checklist, calcul: calculator, tableau: table };

function renderExercise(model, el, id) {
  const step = model.get("etape");
  const trainer = (globalThis.transitionNumeriqueLivre?.edition ?? model.get("edition")) === "formateur";
  const current = () => (model.get("reponses") ?? {})[step.id];
  let echo; // the answer this view last sent: its own change event does not refill the form
  const form = FORMS[step.type](step, id, current(), (value) => {
    echo = written(value) ? value : undefined;
    commit(model, "reponses", echo === undefined ? {} : { [step.id]: value });
  });
  const corrige = h("div", { class: "tnq-corrige", id: `${id}-k` }, [h("p", { class: "tnq-subtitle", text: "Corrigé" }), h("div", { html: step.corrige })]);
  const toggle = h("button", { type: "button", class: "tnq-btn", "aria-controls": `${id}-k`, "aria-expanded": "false", text: "Voir le corrigé" });
  toggle.addEventListener("click", () => {
    corrige.hidden = !corrige.hidden;
    toggle.setAttribute("aria-expanded", String(!corrige.hidden));
    toggle.textContent = corrige.hidden ? "Voir le corrigé" : "Masquer le corrigé";
  });
  corrige.hidden = !trainer;
  toggle.hidden = true;
  function paint() {
    const value = current();
    if (!same(value, echo)) { echo = value; form.fill(value); }
    if (!trainer) {
      toggle.hidden = !written(value);
      if (toggle.hidden) { corrige.hidden = true; toggle.setAttribute("aria-expanded", "false"); toggle.textContent = "Voir le corrigé"; }
    }
  }
  el.append(section(id, [
    h("p", { class: "tnq-title", id: `${id}-t`, text: `Exercice — ${step.titre}` }),
    h("p", { class: "tnq-help", html: step.consigne }),
    ...form.nodes,
    h("div", { class: "tnq-footer" }, [trainer ? h("p", { class: "tnq-help", text: "Édition formateur\u00a0: le corrigé est affiché." }) : toggle]),
    corrige,
  ]));
  form.fill(current());
  echo = current();
  model.on("change:reponses", paint);
  paint();
  return () => model.off("change:reponses", paint);
}

function section(id, children) {
  const root = h("section", { ...SECTION, "aria-labelledby": `${id}-t` }, children);
  root.addEventListener("keydown", (event) => event.stopPropagation());
  return root;
}

const RENDERERS = { quiz: renderQuiz, autoevaluation: renderSelfAssessment, bilan: renderBilan, satisfaction: renderSatisfaction, exercice: renderExercise };

export default {
  initialize({ model }) {
    const home = bookHome();
    return home ? bindToBrowser(model, home) : undefined;
  },
  render({ model, el }) {
    const id = `tnq${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    return RENDERERS[model.get("kind")](model, el, id);
  },
};
