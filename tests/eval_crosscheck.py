#!/usr/bin/env python3
"""`whosaid eval` must give the figures of the reference scorer score.py.
Runs both on the same gold and predictions (the shared sets when present,
and our own corpus) and fails on any difference over 0.001.

usage: eval_crosscheck.py WHOSAID SCORE_PY GOLD...
"""
import json, os, subprocess, sys, tempfile

whosaid, scorer, golds = sys.argv[1], sys.argv[2], sys.argv[3:]
if not os.path.exists(scorer):
    print(f"SKIP: {scorer} not found")
    sys.exit(77)
failed = passed = 0
for gold in golds:
    if not os.path.exists(gold):
        continue
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as out:
        subprocess.run([whosaid, "--input=jsonl", gold], stdout=out)
    ref = json.loads(subprocess.run([sys.executable, scorer, gold, out.name, "--json"],
                                    capture_output=True, check=True).stdout)
    ours = json.loads(subprocess.run([whosaid, "eval", gold, out.name, "--json"],
                                     capture_output=True, check=True).stdout)
    own = json.loads(subprocess.run([whosaid, "eval", gold, "--json"],
                                    capture_output=True, check=True).stdout)
    os.unlink(out.name)
    bad = [k for k in ref if isinstance(ref[k], float)
           and abs(ref[k] - ours.get(k, -1)) > 1e-3]
    bad += [k for k, v in ref["recall_by_kind"].items()
            if abs(v - ours["recall_by_kind"].get(k, -1)) > 1e-3]
    # Without PRED, eval extracts itself: the same figures again.
    bad += [f"self:{k}" for k in ("quote_f1", "speaker_acc", "attrib_f1")
            if abs(own[k] - ref[k]) > 1e-3]
    name = os.path.relpath(gold)
    if bad:
        failed += 1
        print(f"FAIL {name}: {', '.join(bad)}\n  score.py {ref}\n  eval     {ours}")
    else:
        passed += 1
        print(f"ok   {name}: quote_f1 {ref['quote_f1']} speaker_acc {ref['speaker_acc']}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
