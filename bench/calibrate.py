#!/usr/bin/env python3
"""Confidence calibration on an annotated set: how often a record is right
(a real quote with the right speaker), per rule and per confidence band.
Records on quotes whose gold speaker is unknown (a pronoun or a
description in the annotation) cannot be judged and are left out; a
record that matches no gold quote counts as wrong.

usage: calibrate.py GOLD.jsonl PRED.jsonl   (PRED from whosaid on GOLD)
Uses the matching and speaker rules of ../shared/eval/score.py.
"""
import collections, json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
from score import overlap, speaker_ok, trim  # noqa: E402

gold = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        d = json.loads(line)
        gold[d["id"]] = d
preds = collections.defaultdict(list)
for line in open(sys.argv[2], encoding="utf-8"):
    p = json.loads(line)
    if "start" in p:
        preds[p["doc"]].append(p)

by_rule = collections.defaultdict(lambda: [0, 0, 0.0])
bands = collections.defaultdict(lambda: [0, 0])
for did, d in gold.items():
    b = d["text"].encode()
    gq, pq = d["quotes"], preds.get(did, [])
    gr = [trim(b, q["start"], q["end"]) for q in gq]
    pr = [trim(b, q["start"], q["end"]) for q in pq]
    pairs = sorted(((overlap(gr[i], pr[j]), i, j) for i in range(len(gq))
                    for j in range(len(pq))), reverse=True)
    gu, pu, match = set(), set(), {}
    for ov, i, j in pairs:
        if ov < 0.5 or i in gu or j in pu:
            continue
        gu.add(i); pu.add(j); match[j] = i
    for j, p in enumerate(pq):
        if j in match:
            g = gq[match[j]]
            if not g.get("speaker"):
                continue
            ok = bool(p.get("speaker")) and speaker_ok(p, g, False)
        else:
            ok = False
        r = by_rule[p.get("rule") or "(no speaker)"]
        r[0] += 1; r[1] += ok; r[2] += p["confidence"]
        band = min(int(p["confidence"] * 10), 9)
        bands[band][0] += 1; bands[band][1] += ok

print(f"{'rule':28} {'records':>8} {'right':>7} {'mean conf':>10}")
for rule, (n, ok, conf) in sorted(by_rule.items(), key=lambda kv: -kv[1][0]):
    print(f"{rule:28} {n:8} {ok / n:7.2f} {conf / n:10.2f}")
print(f"\n{'confidence':12} {'records':>8} {'right':>7}")
for band in sorted(bands):
    n, ok = bands[band]
    print(f"{band / 10:.1f}-{(band + 1) / 10:.1f}      {n:8} {ok / n:7.2f}")
