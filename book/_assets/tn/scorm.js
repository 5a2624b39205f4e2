// The course inside an LMS (SCORM 1.2). The SCORM package (python -m transition_numerique scorm) launches
// each chapter's page with « ?sco=NN » (the manifest's item parameters). On such a page, when the LMS's
// API object is found (SCORM 1.2 RTE discovery: window.parent, up to 7 levels, then window.opener), this
// script becomes the widgets' home instead of localStorage (window.transitionNumeriqueLMS, read by the
// store section of widget.js): cmi.suspend_data holds the chapter's answers in progress.json's shape,
// and every answer reports score, lesson status, interactions and session time, then commits.
// Anywhere else (the ordinary book, a page reached by a link inside the SCO's frame) it does nothing.
//
// Written here rather than taken from pipwerks-scorm-api-wrapper (npm): pipwerks searches 500 parent
// levels and SCORM 2004's API_1484_11 as well, and decides lesson_status and cmi.core.exit itself on
// quit; the course needs the six SCORM 1.2 calls below, its own status rule and no extra vendored file.
// A classic script, not a module: Chromium refuses ES modules from file://.
(function () {
  "use strict";

  const LIMIT = 4096; // CMIString4096: cmi.suspend_data in SCORM 1.2
  const LETTERS = "abcdefghijklmnopqrstuvwxyz";

  /** The SCORM 1.2 API of the LMS, or null (RTE 1.2, « API adapter discovery »). */
  function findAPI() {
    function search(start) {
      let win = start;
      let tries = 0;
      try {
        while (!win.API && win.parent && win.parent !== win) {
          if (++tries > 7) return null;
          win = win.parent;
        }
        return win.API || null;
      } catch {
        return null; // a frame of another origin: no API there
      }
    }
    return search(window) || (window.opener ? search(window.opener) : null);
  }

  /** HHHH:MM:SS.SS (CMITimespan) for a duration in milliseconds. */
  function timespan(ms) {
    const centi = Math.floor(ms / 10);
    const pad = (n, width) => String(n).padStart(width, "0");
    const h = Math.floor(centi / 360000);
    const m = Math.floor(centi / 6000) % 60;
    const s = Math.floor(centi / 100) % 60;
    return `${pad(h, 4)}:${pad(m, 2)}:${pad(s, 2)}.${pad(centi % 100, 2)}`;
  }

  /** The store document kept for one SCO, as suspend_data: its chapter and the satisfaction
   * questionnaires answered in it (the bilan's), dates dropped only if it would not fit. */
  function compact(doc, chapitre) {
    const kept = { schema_version: 1, chapters: {} };
    if (doc.chapters && doc.chapters[chapitre]) kept.chapters[chapitre] = doc.chapters[chapitre];
    if (doc.satisfaction && Object.keys(doc.satisfaction).length) kept.satisfaction = doc.satisfaction;
    let text = JSON.stringify(kept);
    if (text.length <= LIMIT) return text;
    text = JSON.stringify(kept, (key, value) => (key === "date" ? undefined : value));
    return text.length <= LIMIT ? text : null;
  }

  /** suspend_data read back as a store document, or null (with a console warning) when it is not one. */
  function expand(text, chapitre) {
    if (!text) return null;
    try {
      const doc = JSON.parse(text);
      const chapter = doc && doc.schema_version === 1 && doc.chapters && doc.chapters[chapitre];
      if (doc && doc.schema_version === 1 && doc.chapters && typeof doc.chapters === "object"
          && (chapter === undefined || (chapter && typeof chapter === "object"))) return doc;
    } catch { /* warned below */ }
    console.warn("Données de reprise (cmi.suspend_data) illisibles : ignorées, une progression vierge commence.");
    return null;
  }

  /** One answer as a SCORM 1.2 interaction: type, student_response and correct pattern. */
  function interaction(item, reponse, parseNumber) {
    if (item.type === "choix-unique" || item.type === "choix-multiple") {
      const right = item.choix.map((c, i) => (c.correct === true ? LETTERS[i] : null)).filter(Boolean);
      return { type: "choice", response: [].concat(reponse).map((i) => LETTERS[i]).join(","), pattern: right.join(",") };
    }
    if (item.type === "vrai-faux") return { type: "true-false", response: reponse ? "t" : "f", pattern: item.reponse ? "t" : "f" };
    const value = parseNumber(reponse);
    return { type: "numeric", response: value === null ? "" : String(value), pattern: String(item.reponse) };
  }

  function connect(api, chapitre) {
    const started = Date.now();
    const get = (name) => String(api.LMSGetValue(name) ?? "");
    const set = (name, value) => api.LMSSetValue(name, String(value));
    const questions = new Map(); // id → question, from the quiz widgets of the page
    const statements = new Set(); // ids of the self-assessment statements
    let scored = false; // a quiz, or the bilan (nothing to score), has registered: the status can be told
    let parseNumber = () => null;
    let doc = expand(get("cmi.suspend_data"), chapitre) || { schema_version: 1, chapters: {} };
    let reported = JSON.stringify(doc.chapters[chapitre] || {}); // what the LMS already has
    const slots = new Map(); // interaction id → its index this session
    let finished = false;

    if (["", "not attempted"].includes(get("cmi.core.lesson_status"))) set("cmi.core.lesson_status", "incomplete");

    function slot(id) {
      if (!slots.has(id)) slots.set(id, Number(get("cmi.interactions._count")) || 0);
      return slots.get(id);
    }
    function record(id, fields) {
      const n = slot(id);
      set(`cmi.interactions.${n}.id`, id);
      for (const [name, value] of Object.entries(fields)) set(`cmi.interactions.${n}.${name}`, value);
    }

    /** Interactions for the answers that changed since the last report, then score, status, time, commit. */
    function report(previous) {
      const chapter = doc.chapters[chapitre] || {};
      const quiz = chapter.quiz || {};
      const ratings = chapter.autoevaluation || {};
      for (const [id, entry] of Object.entries(quiz)) {
        const item = questions.get(id);
        if (!item || !entry || JSON.stringify(entry.reponse) === JSON.stringify(previous.quiz?.[id]?.reponse)) continue;
        const { type, response, pattern } = interaction(item, entry.reponse, parseNumber);
        record(`${chapitre}-q-${id}`, {
          type, student_response: response, "correct_responses.0.pattern": pattern,
          result: entry.correct === true ? "correct" : "wrong",
        });
      }
      for (const [id, entry] of Object.entries(ratings)) {
        if (!statements.has(id) || !entry || entry.note === previous.autoevaluation?.[id]?.note) continue;
        record(`${chapitre}-a-${id}`, { type: "likert", student_response: entry.note, result: "neutral" });
      }
      const answered = [...questions.keys()].filter((id) => quiz[id]);
      const right = answered.filter((id) => quiz[id].correct === true).length;
      if (questions.size) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        set("cmi.core.score.raw", Math.round((100 * right) / questions.size));
      }
      const mastery = get("cmi.student_data.mastery_score");
      const status = get("cmi.core.lesson_status");
      if (!scored) { /* status told once the page's quiz (or bilan) is known */ }
      else if (answered.length === questions.size) {
        if (!questions.size || mastery === "") set("cmi.core.lesson_status", "completed");
        else set("cmi.core.lesson_status", (100 * right) / questions.size >= Number(mastery) ? "passed" : "failed");
      } else if (!["passed", "failed", "completed"].includes(status)) set("cmi.core.lesson_status", "incomplete");
      set("cmi.core.session_time", timespan(Date.now() - started));
      api.LMSCommit("");
    }

    function finish() {
      if (finished) return;
      finished = true;
      set("cmi.core.session_time", timespan(Date.now() - started));
      set("cmi.core.exit", get("cmi.core.lesson_status") === "incomplete" ? "suspend" : "");
      api.LMSFinish("");
    }
    window.addEventListener("pagehide", finish);
    window.addEventListener("unload", finish);

    return {
      chapitre,
      /** The widgets of the page say what they hold (store section of widget.js). */
      register({ kind, items, parse }) {
        if (kind === "quiz" || kind === "bilan") scored = true;
        if (kind === "quiz") for (const item of items) questions.set(item.id, item);
        if (kind === "autoevaluation") for (const item of items) statements.add(item.id);
        if (parse) parseNumber = parse;
        report(JSON.parse(reported));
      },
      read() {
        return JSON.parse(JSON.stringify(doc));
      },
      write(next) {
        const previous = JSON.parse(reported);
        const text = compact(next, chapitre);
        if (text === null) {
          console.warn(`Réponses trop longues pour la plateforme (plus de ${LIMIT} caractères) : non enregistrées.`);
          return;
        }
        doc = JSON.parse(text);
        set("cmi.suspend_data", text);
        report(previous);
        reported = JSON.stringify(doc.chapters[chapitre] || {});
      },
    };
  }

  const sco = new URLSearchParams(location.search).get("sco");
  const api = sco && /^[0-9]{2}$/.test(sco) ? findAPI() : null;
  if (api && String(api.LMSInitialize("")) === "true") window.transitionNumeriqueLMS = connect(api, sco);
  window.transitionNumeriqueScorm = { compact, expand, timespan, LIMIT };
})();
