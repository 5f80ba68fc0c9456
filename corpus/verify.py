#!/usr/bin/env python3
"""Sanity-check the golden corpus: python3 corpus/verify.py [corpus_dir]

For every case folder (xx-NN-slug) checks that article.txt is UTF-8 with LF
endings and a final newline, that gold.jsonl is one JSON line whose "text"
equals article.txt, and that every quote / non_quote offset pair is a UTF-8
byte span whose decoded bytes equal the record's "text". Stdlib only.
"""
import json, os, re, sys

KINDS = {"direct", "partial", "continuation", "headline"}
NBS = "\u00a0\u202f"
OPENERS = set("“\"‘'„»«‚›‹—")
QKEYS = ["start", "end", "text", "speaker", "speaker_mentions", "cue", "kind"]


def check_case(d):
    cid = os.path.basename(d)
    raw = open(os.path.join(d, "article.txt"), "rb").read()
    text = raw.decode("utf-8")
    assert b"\r" not in raw, "CR in article"
    assert text.endswith("\n") and not text.endswith("\n\n"), "must end with exactly one newline"
    assert "\n\n\n" not in text, "paragraphs must be separated by exactly one blank line"
    assert 120 <= len(text.split()) <= 400, "word count out of range"
    lines = open(os.path.join(d, "gold.jsonl"), encoding="utf-8").read().splitlines()
    assert len(lines) == 1, "gold.jsonl must hold exactly one line"
    g = json.loads(lines[0])
    assert g["id"] == cid, "id mismatch"
    assert g["text"] == text, "gold text differs from article.txt"
    b = text.encode("utf-8")
    head_end = len(text.split("\n", 1)[0].encode("utf-8"))
    spans = []
    for q in g["quotes"]:
        assert list(q) == QKEYS, ("keys", list(q))
        s, e = q["start"], q["end"]
        assert 0 <= s < e <= len(b), ("range", q)
        assert b[s:e].decode("utf-8") == q["text"], ("offset mismatch", q["text"])
        assert q["text"] == q["text"].strip(" \n" + NBS), ("span edges", q["text"])
        pre = b[:s].decode("utf-8").rstrip(NBS)
        assert pre[-1] in OPENERS or pre.endswith(("—. ", "—, ", ", ", ". ")), ("no opener", q["text"])
        assert q["kind"] in KINDS, q["kind"]
        assert (q["kind"] == "headline") == (e <= head_end), ("headline kind/position", q["text"])
        assert q["speaker"] is None or isinstance(q["speaker"], str)
        assert q["cue"] is None or q["cue"] in text, ("cue not in text", q["cue"])
        for m in q["speaker_mentions"]:
            assert m in text, ("mention not in text", m)
        spans.append((s, e))
    for n in g.get("non_quotes", []):
        s, e = n["start"], n["end"]
        assert b[s:e].decode("utf-8") == n["text"], ("non_quote offset mismatch", n["text"])
        spans.append((s, e))
    assert [q["start"] for q in g["quotes"]] == sorted(q["start"] for q in g["quotes"]), "quotes not sorted"
    spans.sort()
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2, ("overlapping spans", s1, e1, s2, e2)
    return len(g["quotes"]), len(g.get("non_quotes", []))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    cases = sorted(x for x in os.listdir(root) if re.match(r"^[a-z]{2}-\d\d-[a-z0-9-]+$", x))
    bad = 0
    for c in cases:
        try:
            nq, nn = check_case(os.path.join(root, c))
            print(f"ok   {c}: {nq} quotes, {nn} non-quotes")
        except Exception as ex:  # report and continue
            bad += 1
            print(f"FAIL {c}: {ex!r}")
    print(f"{len(cases) - bad}/{len(cases)} cases ok")
    sys.exit(1 if bad or not cases else 0)


if __name__ == "__main__":
    main()
