#!/usr/bin/env python3
"""Converts the Mohler 2011 and SAF short-answer data (../shared/data) into assay's inputs:
one YAML form per student answer and a human-grades CSV (docs/human-grades-format.md), for the
questions that have a rubric (the rubrics were written from the question and reference answer
alone, before any answer was seen). Run once from the project root; its outputs are committed,
so the tests and `calibration/run.sh` need no access to ../shared.

Sources and licences: see calibration/README.md.
"""
import csv, json, os, sys

SHARED = os.environ.get("ASSAY_SHARED", "../shared")
SELECT = {
    "mohler": ("mohler2011/dev.tsv", ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"]),
    "saf": ("saf/dev.tsv", ["2.1_DLL_v1.1", "2.2_DLL", "4.2_LM_v1.0", "6.1_IPP", "6.3_IPP", "8.2_MM"]),
}

def place(name, qid, order):
    if name == "mohler":
        a, n = qid.split(".")
        return "a" + a, int(n)
    return "saf", order.index(qid) + 1

for name, (path, order) in SELECT.items():
    rows = list(csv.DictReader(open(os.path.join(SHARED, "data", path), encoding="utf-8"), delimiter="\t"))
    out_dir = os.path.join("calibration", name, "answers")
    os.makedirs(out_dir, exist_ok=True)
    grades = []
    for r in rows:
        if r["question_id"] not in order:
            continue
        ex, q = place(name, r["question_id"], order)
        fname = r["answer_id"].replace("/", "_") + ".yaml"
        with open(os.path.join(out_dir, fname), "w", encoding="utf-8") as f:
            f.write("learner: %s\nanswers:\n  %s:\n    %d: %s\n" % (json.dumps(r["answer_id"]), ex, q, json.dumps(r["student_answer"])))
        grades.append((fname, ex, q, r["score"]))
    with open(os.path.join("calibration", name, "human-grades.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "exercise", "question", "score", "misconceptions"])
        for g in sorted(grades):
            w.writerow([g[0], g[1], g[2], g[3], ""])
    print(name, len(grades), "answers", file=sys.stderr)
