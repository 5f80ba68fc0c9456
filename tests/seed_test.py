#!/usr/bin/env python3
"""End-to-end test on the shared evaluation sets: runs whosaid on a gold
file and scores it with ../shared/eval/score.py, failing below the floors
of the issues.  Skipped (exit 77) when ../shared is not beside the repo.

usage: seed_test.py WHOSAID SHARED_EVAL NAME QUOTE_F1 SPEAKER_ACC [WHOSAID_ARGS]

WHOSAID_ARGS: extra whosaid options in one argument, split at spaces
("--lang de").
"""
import json, os, subprocess, sys, tempfile

whosaid, shared, name, min_f1, min_acc = sys.argv[1:6]
extra = sys.argv[6].split() if len(sys.argv) > 6 else []
gold = os.path.join(shared, name)
scorer = os.path.join(shared, "score.py")
if not (os.path.exists(gold) and os.path.exists(scorer)):
    print(f"SKIP: {gold} not found (the shared evaluation sets are not beside the repo)")
    sys.exit(77)
with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as out:
    run = subprocess.run([whosaid, "--input=jsonl", *extra, gold], stdout=out)
    pred = out.name
if run.returncode != 0:
    print(f"FAIL: whosaid exited {run.returncode}")
    sys.exit(1)
res = json.loads(subprocess.run([sys.executable, scorer, gold, pred, "--json"],
                                capture_output=True, check=True).stdout)
os.unlink(pred)
print(f"{name}: quote_f1 {res['quote_f1']} speaker_acc {res['speaker_acc']} "
      f"attrib_f1 {res['attrib_f1']} (floors {min_f1}, {min_acc})")
ok = res["quote_f1"] >= float(min_f1) and res["speaker_acc"] >= float(min_acc)
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
