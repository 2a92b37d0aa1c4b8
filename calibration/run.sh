#!/usr/bin/env bash
# Reproduces every calibration figure in one command:
#   bash calibration/run.sh
# 1. the workshop development set and the fourteen fresh sets (held out: never used to tune rubric or engine);
# 2. Mohler et al. 2011 (real students, data structures), 14 questions;
# 3. SAF (real students, computer networks), 6 questions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
A=target/release/assay
echo "== Workshop tuning sets (tuned on: not evidence of generalisation)"
echo "   columns: n exact adj. kappa QWK r MAE RMSE human-mean assay-mean high low"
for d in submissions calibration/workshop-tune calibration/workshop-tune2 calibration/workshop-tune3 \
  calibration/workshop-tune4 calibration/workshop-tune5 calibration/workshop-tune6 \
  calibration/workshop-tune7 calibration/workshop-tune8 calibration/workshop-tune9 \
  calibration/workshop-tune10 calibration/workshop-tune11 calibration/workshop-tune12 \
  calibration/workshop-tune13 calibration/workshop-tune14 calibration/workshop-tune15 \
  calibration/workshop-tune16 calibration/workshop-tune17 calibration/workshop-tune18 \
  calibration/workshop-tune19 calibration/workshop-tune20 calibration/workshop-tune21; do
  echo "-- $d"
  $A calibrate rubrics/scaling-workshop.yaml $d --human $d/human-grades.csv --worst 0 \
    | grep -E '^pooled|^misconceptions'
done
echo
# The held-out sets list no disagreements (--worst 0): their items are never looked at.
held_out() { # SET TITLE [calibrate options...]
  local set=$1 title=$2
  shift 2
  echo "== $title"
  $A calibrate rubrics/scaling-workshop.yaml "$set" --human "$set/human-grades.csv" --worst 0 "$@" || true
  echo
}
held_out calibration/workshop-dev "Workshop development set (held out), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh "Workshop fresh set (held out, session 3), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh2 "Workshop fresh set 2 (held out, session 28), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh3 "Workshop fresh set 3 (held out, session 38), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh4 "Workshop fresh set 4 (held out, session 42), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh5 "Workshop fresh set 5 (held out, session 49), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh6 "Workshop fresh set 6 (held out, session 51), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh7 "Workshop fresh set 7 (held out, session 52: non-native and terse writers), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh8 "Workshop fresh set 8 (held out, session 53: AI-polished writers), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh9 "Workshop fresh set 9 (held out, session 55: reported speech and sources), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh10 "Workshop fresh set 10 (held out, session 56: terminology mix-ups, hearsay, rhetorical questions), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh11 "Workshop fresh set 11 (held out, session 57: learners who try to look right: keyword stuffing, bluffing, hedging both ways), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh12 "Workshop fresh set 12 (held out, session 58: GitHub-flavoured Markdown: struck-through answers, LaTeX, task lists), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh13 "Workshop fresh set 13 (held out, session 59: paraphrasers and near misses), scale 0/0.25/0.5/0.75/1" "$@"
held_out calibration/workshop-fresh14 "Workshop fresh set 14 (held out, session 60: typed on phones or transcribed from paper), scale 0/0.25/0.5/0.75/1" "$@"
echo "== Mohler 2011 (assignments 1-2), scale 0..5 in steps of 0.5 (as fractions)"
$A calibrate calibration/mohler/rubric.yaml calibration/mohler/answers --human calibration/mohler/human-grades.csv \
  --scale 0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1 --worst 10 || true
echo
echo "== SAF (computer networks), scale 0/0.25/0.5/0.75/1"
$A calibrate calibration/saf/rubric.yaml calibration/saf/answers --human calibration/saf/human-grades.csv --worst 10 || true
