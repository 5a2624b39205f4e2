// widget.js's grade() and parseNumber() on the shared table (tests/fixtures/quiz/grading_cases.yaml).
// Node has no YAML parser here: tests/test_quiz_grading.py loads the table and the bank, writes them as
// JSON (the questions as the front-end receives them) and runs this file with TNQ_GRADING_CASES set.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { inspect } from "node:util";

import { grade, parseNumber } from "../../src/transition_numerique/widgets/widget.js";

const path = process.env.TNQ_GRADING_CASES;
if (!path) throw new Error("TNQ_GRADING_CASES manquant : lancez ce test par pytest tests/test_quiz_grading.py");
// JSON has no NaN nor infinity: the Python side sends them as {"$nombre": "NaN" | "Infinity" | "-Infinity"}.
const table = JSON.parse(readFileSync(path, "utf-8"), (key, value) =>
  value !== null && typeof value === "object" && Object.keys(value).join() === "$nombre" ? Number(value.$nombre) : value);

/** The table's outcome for one answer: true, false, null (asks again) or "invalide", as the widget sees it. */
function outcome(q, reponse) {
  const verdict = grade(q, reponse);
  assert.ok(verdict === true || verdict === false || verdict === null, `grade() a rendu ${inspect(verdict)}`);
  if (verdict !== null) return verdict;
  if (q.type === "numerique" && typeof reponse === "string") {
    assert.equal(parseNumber(reponse), null, "le widget redemanderait un nombre");
    return null;
  }
  return "invalide";
}

table.cases.forEach((c, i) => {
  test(`cas ${i} : ${c.question} ← ${inspect(c.reponse)} → ${c.correct}`, () => {
    const q = table.questions[c.question];
    assert.ok(q, `question inconnue : ${c.question}`);
    assert.equal(outcome(q, c.reponse), c.correct);
  });
});

table.numbers.forEach((n, i) => {
  test(`nombre ${i} : ${inspect(n.texte)} → ${n.valeur}`, () => {
    assert.equal(parseNumber(n.texte), n.valeur);
  });
});

test("robustesse : grade() ne lève jamais d'exception, même sur des valeurs propres à JavaScript", () => {
  const hostile = {
    toString() { throw new Error("toString"); },
    valueOf() { throw new Error("valueOf"); },
    [Symbol.iterator]() { throw new Error("iterator"); },
  };
  const values = [
    undefined, Symbol("x"), 0n, () => 0, hostile, Object.create(null), new Map([[0, true]]), new Set([0, 1]),
    new Number(0), new String("4,5"), new Boolean(true), new Array(2), [, 1], [0, undefined], [hostile],
    [0n, 1n], new Uint8Array([0, 1]), NaN, -Infinity, Number.MAX_SAFE_INTEGER + 2, -Number.MIN_VALUE,
  ];
  for (const q of Object.values(table.questions)) {
    for (const value of values) {
      assert.equal(grade(q, value), null, `${q.id} ← ${inspect(value)}`);
      assert.equal(parseNumber(value), null, inspect(value));
    }
  }
});
