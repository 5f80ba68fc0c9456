#!/usr/bin/env python3
"""Golden corpus test: runs the real whosaid binary on every case of
corpus/ (articles we wrote) and

1. compares its output with the case's expected.jsonl, byte for byte
   (a regression guard: regenerate with --update after checking a change);
2. scores it against the case's hand annotation gold.jsonl, and fails when
   quote F1 or speaker accuracy over the whole corpus drops below a floor.

usage: corpus_test.py WHOSAID CORPUS_DIR [--update] [--lang en]
                      [--min-f1 0.90] [--min-speaker 0.85]
"""
import json, os, subprocess, sys, unicodedata, re

FLOOR_QUOTE_F1 = 0.90
FLOOR_SPEAKER_ACC = 0.85
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "sen", "rep", "gov",
          "president", "senator", "herr", "frau", "m", "mme", "sr", "sra", "the"}


def fold(s):
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['\u2019]s\b", "", s)
    toks = re.findall(r"\w+", s)
    while toks and toks[0] in TITLES:
        toks = toks[1:]
    return " ".join(toks)


def overlap(a, b):
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def score(gold, pred, totals):
    gq = gold["quotes"]
    pairs = sorted(((overlap((g["start"], g["end"]), (p["start"], p["end"])), i, j)
                    for i, g in enumerate(gq) for j, p in enumerate(pred)), reverse=True)
    gu, pu = set(), set()
    totals["gold"] += len(gq)
    totals["pred"] += len(pred)
    for ov, i, j in pairs:
        if ov < 0.5 or i in gu or j in pu:
            continue
        gu.add(i); pu.add(j)
        totals["match"] += 1
        g = gq[i]
        if g.get("speaker"):
            totals["with_speaker"] += 1
            names = {fold(g["speaker"])} | {fold(m) for m in g.get("speaker_mentions") or []}
            if fold(pred[j].get("speaker")) in names or fold(pred[j].get("mention")) in names:
                totals["speaker_ok"] += 1
            else:
                totals["errors"].append((gold["id"], g["text"][:50], g["speaker"],
                                         pred[j].get("speaker")))
    for i, g in enumerate(gq):
        if i not in gu:
            totals["errors"].append((gold["id"], g["text"][:50], "missed", None))
    for j, p in enumerate(pred):
        if j not in pu:
            totals["errors"].append((gold["id"], p["quote"][:50], "spurious", p.get("speaker")))


def main():
    whosaid, corpus = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv
    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
    floor_f1 = float(sys.argv[sys.argv.index("--min-f1") + 1]) if "--min-f1" in sys.argv \
        else FLOOR_QUOTE_F1
    floor_acc = float(sys.argv[sys.argv.index("--min-speaker") + 1]) \
        if "--min-speaker" in sys.argv else FLOOR_SPEAKER_ACC
    cases = sorted(d for d in os.listdir(corpus)
                   if d.startswith(lang + "-") and os.path.isdir(os.path.join(corpus, d)))
    if not cases:
        print(f"no '{lang}' cases in {corpus}")
        return 1
    failed = []
    totals = {"gold": 0, "pred": 0, "match": 0, "with_speaker": 0, "speaker_ok": 0,
              "errors": []}
    for case in cases:
        folder = os.path.join(corpus, case)
        gold_path = os.path.join(folder, "gold.jsonl")
        run = subprocess.run([whosaid, "--input=jsonl", "--lang", lang, gold_path],
                             capture_output=True)
        if run.returncode != 0:
            failed.append(f"{case}: exit {run.returncode}: {run.stderr.decode()[:300]}")
            continue
        expected_path = os.path.join(folder, "expected.jsonl")
        if update:
            with open(expected_path, "wb") as f:
                f.write(run.stdout)
        elif not os.path.exists(expected_path):
            failed.append(f"{case}: no expected.jsonl (run with --update and review it)")
        elif open(expected_path, "rb").read() != run.stdout:
            failed.append(f"{case}: output differs from expected.jsonl")
        gold = json.loads(open(gold_path, encoding="utf-8").readline())
        pred = [json.loads(l) for l in run.stdout.decode().splitlines() if l.strip()]
        score(gold, pred, totals)
    p = totals["match"] / totals["pred"] if totals["pred"] else 0
    r = totals["match"] / totals["gold"] if totals["gold"] else 0
    f1 = 2 * p * r / (p + r) if p + r else 0
    acc = totals["speaker_ok"] / totals["with_speaker"] if totals["with_speaker"] else 0
    print(f"{lang}: {len(cases)} cases, quote P {p:.3f} R {r:.3f} F1 {f1:.3f}, "
          f"speaker accuracy {acc:.3f}")
    for e in totals["errors"]:
        print("  error:", " | ".join(str(x) for x in e))
    if f1 < floor_f1:
        failed.append(f"quote F1 {f1:.3f} below {floor_f1}")
    if acc < floor_acc:
        failed.append(f"speaker accuracy {acc:.3f} below {floor_acc}")
    for f in failed:
        print("FAIL:", f)
    print(f"{len(cases) - len([f for f in failed if ':' in f.split(' ')[0]])} passed, "
          f"{len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
