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

/** « 4,5 », « 4.5 », « 1 234,5 », « −2 » → a number; null when the text is not one number. */
export function parseNumber(text) {
  let s = String(text).replace(SPACES, "").replace(/\u2212/g, "-");
  if (s.includes(",") && !s.includes(".") && s.split(",").length === 2) s = s.replace(",", ".");
  return NUMBER.test(s) ? Number(s) : null;
}

/** |value - target| <= tolerance, the bound included despite binary rounding. */
export function within(value, target, tolerance) {
  return Math.abs(value - target) <= tolerance + 1e-9 * Math.max(1, Math.abs(target));
}

/** Whether an answer (option index, list of indexes, boolean, text typed) is right. */
export function grade(q, reponse) {
  if (q.type === "choix-unique") return q.choix[reponse].correct === true;
  if (q.type === "choix-multiple") {
    const chosen = new Set(reponse);
    return q.choix.every((c, i) => c.correct === chosen.has(i)) && [...chosen].every((i) => i in q.choix);
  }
  if (q.type === "vrai-faux") return reponse === q.reponse;
  const value = parseNumber(reponse);
  return value !== null && within(value, q.reponse, q.tolerance);
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

// localStorage may be refused (file:// in some browsers, private mode): the widget then simply forgets.
function storage(key) {
  return {
    read() {
      try { return JSON.parse(localStorage.getItem(key)) || {}; } catch { return {}; }
    },
    write(value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* not persisted */ }
    },
    clear() {
      try { localStorage.removeItem(key); } catch { /* nothing to clear */ }
    },
  };
}

function sync(model, name, value) {
  model.set(name, value);
  try { model.save_changes(); } catch { /* static page: no kernel to tell */ }
}

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
      fieldset.append(h("div", { class: "tnq-option" }, [input, label]));
    });
  }
  const check = button("Vérifier", true);
  const retry = button("Réessayer");
  retry.hidden = true;
  const feedback = h("div", { role: "status", class: "tnq-feedback", id: `${id}-f` });
  const form = h("form", { class: "tnq-q", novalidate: true }, [fieldset, h("div", { class: "tnq-actions" }, [check, retry]), feedback]);

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
  function show(entry) {
    fill(entry.reponse);
    fieldset.disabled = true;
    check.hidden = true;
    retry.hidden = false;
    const parts = [h("p", { class: "tnq-verdict" }, [
      h("span", { class: "tnq-icon", "aria-hidden": "true", text: entry.correct ? "✓" : "✗" }),
      entry.correct ? "Correct" : "Incorrect",
    ])];
    if (q.choix) {
      const chosen = [].concat(entry.reponse);
      for (const i of chosen) {
        if (!q.choix[i].retour) continue;
        parts.push(h("div", { class: "tnq-retour" }, [
          h("p", { class: "tnq-chosen" }, ["Votre choix\u00a0: ", h("span", { html: q.choix[i].texte })]),
          h("div", { html: q.choix[i].retour }),
        ]));
      }
      const expected = q.choix.filter((c) => c.correct).length;
      if (multiple && !entry.correct) parts.push(h("p", { text: `Il fallait cocher ${expected} réponse${expected > 1 ? "s" : ""}, et aucune autre.` }));
    }
    parts.push(h("div", { class: "tnq-explication", html: q.explication }));
    say(parts, entry.correct);
  }
  function clear() {
    fieldset.disabled = false;
    check.hidden = false;
    retry.hidden = true;
    say([]);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const reponse = read();
    if (reponse === null) return say([h("p", { text: q.type === "numerique" ? "Saisissez un nombre avant de vérifier." : "Choisissez une réponse avant de vérifier." })]);
    if (q.type === "numerique" && parseNumber(reponse) === null) return say([h("p", { text: "Saisissez un nombre, par exemple 4,5 ou 4.5." })]);
    events.check(q.id, { reponse, correct: grade(q, reponse) });
    retry.focus();
  });
  retry.addEventListener("click", () => {
    events.retry(q.id);
    (inputs.find((input) => input.checked) || inputs[0]).focus();
  });
  return { form, show, clear, reset() { clear(); form.reset(); }, focus() { inputs[0].focus(); } };
}

function renderQuiz(model, el, data, id) {
  const saved = storage(data.storage);
  let answers = {};
  const score = h("p", { class: "tnq-score" });
  const views = data.questions.map((q, n) =>
    question(q, n, data.questions.length, `${id}-${n}`, {
      check(qid, entry) { update({ ...answers, [qid]: entry }); views[n].show(entry); },
      retry(qid) { const { [qid]: _, ...rest } = answers; update(rest); views[n].clear(); },
    }));
  function update(next) {
    answers = next;
    const right = Object.values(answers).filter((entry) => entry.correct).length;
    score.textContent = `Score\u00a0: ${right}/${data.questions.length}`;
    saved.write({ answers });
    sync(model, "answers", answers);
  }
  const reset = button("Réinitialiser");
  reset.addEventListener("click", () => {
    views.forEach((view) => view.reset());
    update({});
    saved.clear();
    views[0]?.focus();
  });
  el.append(section(id, [
    h("p", { class: "tnq-title", id: `${id}-t`, text: `Quiz — ${data.titre}` }),
    ...views.map((view) => view.form),
    h("div", { class: "tnq-footer" }, [score, reset]),
  ]));
  // Answers kept by this browser are graded again, in case the bank changed since.
  const kept = saved.read().answers || {};
  const restored = {};
  data.questions.forEach((q, n) => {
    if (!kept[q.id]) return;
    try {
      const entry = { reponse: kept[q.id].reponse, correct: grade(q, kept[q.id].reponse) };
      views[n].show(entry);
      restored[q.id] = entry;
    } catch { views[n].reset(); /* an answer that no longer fits the question */ }
  });
  update(restored);
}

function renderSelfAssessment(model, el, data, id) {
  const saved = storage(data.storage);
  const { min, max, libelles } = data.echelle;
  let ratings = {};
  const status = h("p", { role: "status", class: "tnq-score" });
  const groups = data.affirmations.map((a, n) => {
    const name = `${id}-${n}`;
    const inputs = [];
    const scale = h("div", { class: "tnq-scale" });
    for (let v = min; v <= max; v++) {
      const input = h("input", { type: "radio", name, id: `${name}-${v}`, value: String(v) });
      input.addEventListener("change", () => update({ ...ratings, [a.id]: v }));
      inputs.push(input);
      const label = libelles[String(v)] ? `${v} — ${libelles[String(v)]}` : String(v);
      scale.append(h("div", { class: "tnq-option" }, [input, h("label", { for: `${name}-${v}`, text: label })]));
    }
    const fieldset = h("fieldset", { class: "tnq-q" }, [h("legend", { text: a.enonce }), scale]);
    return { a, inputs, fieldset };
  });
  function update(next) {
    ratings = next;
    groups.forEach(({ a, inputs }) => inputs.forEach((input) => { input.checked = Number(input.value) === ratings[a.id]; }));
    status.textContent = `Affirmations notées\u00a0: ${Object.keys(ratings).length}/${groups.length}`;
    saved.write({ ratings });
    sync(model, "ratings", ratings);
  }
  const reset = button("Réinitialiser");
  reset.addEventListener("click", () => { update({}); saved.clear(); groups[0]?.inputs[0].focus(); });
  const low = libelles[String(min)] ? ` (${libelles[String(min)]})` : "";
  const high = libelles[String(max)] ? ` (${libelles[String(max)]})` : "";
  el.append(section(id, [
    h("p", { class: "tnq-title", id: `${id}-t`, text: `Autoévaluation — ${data.titre}` }),
    h("p", { class: "tnq-help", text: `Pour chaque affirmation sur votre entreprise, choisissez de ${min}${low} à ${max}${high}. Ces réponses ne sont pas notées.` }),
    ...groups.map((g) => g.fieldset),
    h("div", { class: "tnq-footer" }, [status, reset]),
  ]));
  const kept = saved.read().ratings || {};
  const restored = {};
  for (const { a } of groups) {
    const v = kept[a.id];
    if (Number.isInteger(v) && v >= min && v <= max) restored[a.id] = v;
  }
  update(restored);
}

function section(id, children) {
  const root = h("section", { ...SECTION, "aria-labelledby": `${id}-t` }, children);
  root.addEventListener("keydown", (event) => event.stopPropagation());
  return root;
}

function render({ model, el }) {
  const data = model.get("data");
  const id = `tnq${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  (data.kind === "quiz" ? renderQuiz : renderSelfAssessment)(model, el, data, id);
}

export default { render };
