// widget.js's profile (results, ranking, plan, objectives, positioning, export) against bilan.py's on the same stores.
// tests/test_bilan_parity.py writes, for each case, the profile widget's traits and Python's answers as
// JSON, and runs this file with TNQ_BILAN_CASES set.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { exportDoc, objectives, plan, positioning, ranking, results } from "../../src/transition_numerique/widgets/widget.js";

const path = process.env.TNQ_BILAN_CASES;
if (!path) throw new Error("TNQ_BILAN_CASES manquant : lancez ce test par pytest tests/test_bilan_parity.py");
const cases = JSON.parse(readFileSync(path, "utf-8"));

for (const [name, { widget, python }] of Object.entries(cases)) {
  test(`profil ${name}`, () => {
    const byChapter = results(widget.cours, widget.progression);
    assert.deepEqual(byChapter, python.chapters);
    const ranked = ranking(widget.cours, byChapter);
    assert.deepEqual(ranked.map((p) => [p.chapitre, p.maturite]), python.classement);
    const actions = plan(ranked, widget.catalogue, widget.regles);
    assert.deepEqual(actions.map((a) => [a.numero, a.action.id, a.problem.chapitre, a.quadrant]), python.plan);
    assert.deepEqual(objectives(widget.cours, byChapter, widget.regles), python.objectifs);
    assert.deepEqual(positioning(widget.cours, widget.progression, byChapter), python.positionnement);
    const doc = exportDoc(widget.cours, widget.regles, widget.progression, "Camille", "2026-12-02T10:00:00Z", widget.satisfaction);
    assert.deepEqual(doc, {
      schema_version: 1, exported_at: "2026-12-02T10:00:00Z", participant: "Camille", chapters: python.chapters,
      objectifs: python.objectifs, positionnement: python.positionnement, satisfaction: python.satisfaction,
    });
  });
}
