// widget.js's exercise calculators and table checks, on the course's own steps: tests/test_exercises.py
// writes the payloads the front-end receives and runs this file with TNQ_EXERCISE_STEPS set.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { balance, calculate, formatFrench, ranked, results, score, written } from "../../src/transition_numerique/widgets/widget.js";

const path = process.env.TNQ_EXERCISE_STEPS;
if (!path) throw new Error("TNQ_EXERCISE_STEPS manquant : lancez ce test par pytest tests/test_exercises.py");
const steps = JSON.parse(readFileSync(path, "utf-8"));
const NNBSP = "\u202f";

test("rates are computed as the trainee types, in French", () => {
  assert.equal(calculate(steps.engagement, { interactions: "56", portee: "980" }).text, "Taux d’engagement\u00a0: 5,7\u00a0%");
  assert.equal(calculate(steps.clic, { clics: "1 600", impressions: "80 000" }).text, "Taux de clic\u00a0: 2\u00a0%");
  assert.equal(calculate(steps.conversion, { conversions: "30", clics: "500" }).text, "Taux de conversion\u00a0: 6\u00a0%");
  assert.equal(calculate(steps.conversion, { conversions: "30" }).ok, undefined);
  assert.equal(calculate(steps.clic, { clics: "3", impressions: "0" }).ok, false);
});

test("a budget split must sum to 100 %", () => {
  const full = calculate(steps.budget, { budget: "3 000", fixes: "30", social: "35", recherche: "25", essais: "10" });
  assert.equal(full.ok, true);
  assert.equal(full.text, "Total\u00a0: 100\u00a0%\u00a0: le compte est bon.");
  assert.equal(formatFrench((full.budget * full.parts[1]) / 100, 2), `1${NNBSP}050`);
  const short = calculate(steps.budget, { fixes: "30", social: "35", recherche: "25" });
  assert.equal(short.ok, false);
  assert.equal(short.text, "Total\u00a0: 90\u00a0%\u00a0: il manque 10\u00a0points.");
  assert.equal(calculate(steps.budget, { fixes: "60,5", social: "40" }).text, "Total\u00a0: 100,5\u00a0%\u00a0: 0,5\u00a0point de trop.");
});

test("the calendar check flags a pillar or promotions above their share", () => {
  const rows = [
    { pilier: "Conseils", promotionnel: true }, { pilier: "conseils " }, { pilier: "offres", promotionnel: true }, {},
  ];
  const [pilier, promo] = balance(steps.calendrier, rows);
  assert.equal(pilier.ok, false);
  assert.match(pilier.text, /«\u00a0conseils\u00a0» occupe 66,7\u00a0%/);
  assert.equal(promo.ok, false);
  assert.match(promo.text, /2 sur 3/);
  const [fine] = balance(steps.calendrier, [{ pilier: "a" }, { pilier: "b" }]);
  assert.equal(fine.ok, true);
});

test("an answer counts as written once something is typed", () => {
  assert.equal(written(""), false);
  assert.equal(written([{}, { relais: false }]), false);
  assert.equal(written({ a: "  " }), false);
  assert.equal(written([{}, { relais: true }]), true);
  assert.equal(written({ a: "x" }), true);
});

test("the browser's export carries the exercise answers", () => {
  const cours = [{ id: "04", titre: "Stratégie", questions: [], affirmations: [], echelle: { min: 1, max: 5 } }];
  const kept = { "04": { quiz: {}, autoevaluation: {}, exercices: { persona: { reponse: { situation: "<b>x</b>" }, date: "2026-03-01T10:00:00Z" } } } };
  assert.deepEqual(results(cours, kept)["04"].exercices, { persona: { situation: "<b>x</b>" } });
  assert.deepEqual(results(cours, { "04": { quiz: {} } })["04"].exercices, {});
});

test("a weighted checklist scores out of 100", () => {
  const all = steps.audit.elements.map((e) => e.id);
  assert.equal(score(steps.audit, all), 100);
  assert.equal(score(steps.audit, []), 0);
  const heavy = steps.audit.elements.filter((e) => e.poids === 3).map((e) => e.id);
  const total = steps.audit.elements.reduce((sum, e) => sum + e.poids, 0);
  assert.equal(score(steps.audit, heavy), Math.round((100 * 3 * heavy.length) / total));
});

test("a scored table ranks its rows as the trainee types", () => {
  const rows = [
    { canal: "Fiche Google", presence: "5", objectif: "5", cout: "5", temps: "4" },
    { canal: "TikTok", presence: "1", objectif: "2", cout: "4", temps: "1" },
    { canal: "Sans notes", presence: "3" },
  ];
  assert.deepEqual(ranked(steps.grille, rows).map((r) => [r.name, Math.round(r.score * 100) / 100]), [["Fiche Google", 4.85], ["TikTok", 1.75]]);
});
