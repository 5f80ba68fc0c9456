#!/usr/bin/env python3
"""Hostile and broken input: whosaid must never crash, hang or lose a document.

Runs the real whosaid binary on generated inputs.  Four parts, all on by
default (select some with --only):

  scaling   each hostile kind at size N and 8N; fails when the time grows
            grossly faster than the input (ratio > RATIO_LIMIT) or a run
            goes over the absolute budget.  Prints a table.
  battery   broken UTF-8, NUL, BOM, binary, empty, quote-mark soup: exit 0,
            valid JSON Lines, offsets inside the input, the quote text equal
            to the input bytes; --strict gives an error record instead.
  cli       JSON Lines batches with bad lines (error record with its line
            number, every other document still processed, exit 1), a closed
            output pipe (quiet), -o /dev/full (exit 4), a broken rules file
            or word list (exit 3 with file:line:col, before reading any input).
  memory    a JSON Lines stream generated on the fly into `--input=jsonl -`,
            and a 200 MB line over the document limit: the peak RSS of
            whosaid stays under --rss-limit-mb.

usage: pathological_test.py WHOSAID [--only PART[,PART]] [--scale F]
                            [--memory-mb N] [--rss-limit-mb N] [--rules DIR]

The scaling and battery parts run for every rule pack in the rules folder
(--langs to choose): English at the sizes above, the other packs at 1/8.
Under AddressSanitizer (detected from the binary) the scaling sizes are cut
by 8 more and the RSS limit is not checked, since ASan's shadow memory and
slower allocator would measure the sanitizer, not whosaid.  Set
WHOSAID_PATHOLOGICAL=skip to skip the whole test (exit 77), or
WHOSAID_PATHOLOGICAL_SCALE to scale the sizes.
"""
import argparse
import codecs
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

RATIO_LIMIT = 24.0      # for an 8x bigger input; linear is ~8, quadratic 64
TIME_FLOOR = 0.05       # seconds: the smaller run's time is at least this
BUDGET = 20.0           # CPU seconds for any single run (a linear run takes a few);
                        # a run is killed after 3x that in wall time (a busy machine)
SIZE_FACTOR = 8

failures = []
context = {"prefix": ""}


def fail(msg):
    msg = context["prefix"] + msg
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


# ---------------------------------------------------------------- running

class Run:
    def __init__(self, rc, out, err, wall, cpu, rss_kb, timed_out):
        self.rc, self.out, self.err = rc, out, err
        self.wall, self.cpu, self.rss_kb, self.timed_out = wall, cpu, rss_kb, timed_out


def run(args, stdin_data=None, stdin_file=None, timeout=60.0, env=None):
    """Runs whosaid; returns its exit status, output, errors, wall and CPU
    time (from wait4, so only this child) and peak RSS in KB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = subprocess.DEVNULL
        fin = None
        if stdin_file is not None:
            fin = open(stdin_file, "rb")
            stdin = fin
        elif stdin_data is not None:
            stdin = subprocess.PIPE
        t0 = time.monotonic()
        p = subprocess.Popen(args, stdin=stdin, stdout=out, stderr=err, env=env)
        timed_out = False
        if stdin_data is not None:
            def feed():
                try:
                    p.stdin.write(stdin_data)
                    p.stdin.close()
                except (BrokenPipeError, OSError):
                    pass
            threading.Thread(target=feed, daemon=True).start()
        timer = threading.Timer(timeout, lambda: p.kill())
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if wall >= timeout and p.returncode == -signal.SIGKILL:
            timed_out = True
        if fin:
            fin.close()
        out.seek(0)
        err.seek(0)
        return Run(p.returncode, out.read(), err.read(), wall, ru.ru_utime + ru.ru_stime,
                   ru.ru_maxrss, timed_out)


def parse_jsonl(data, what):
    """The records of a JSON Lines output; a failure when a line does not
    parse as a JSON object or the output does not end with a newline."""
    records = []
    if data and not data.endswith(b"\n"):
        fail("%s: output does not end with a newline" % what)
    for i, line in enumerate(data.split(b"\n")[:-1] if data else []):
        try:
            rec = json.loads(line)  # bytes: decoded as strict UTF-8
        except ValueError as e:
            fail("%s: output line %d is not valid JSON (%s): %r" % (what, i + 1, e, line[:200]))
            return records
        if not isinstance(rec, dict):
            fail("%s: output line %d is not a JSON object" % (what, i + 1))
            return records
        records.append(rec)
    return records


def _per_byte(e):
    return ("\ufffd", e.start + 1)


codecs.register_error("ws-per-byte", _per_byte)


def decode_like_writer(b):
    """The writer replaces each invalid byte with U+FFFD."""
    return b.decode("utf-8", "ws-per-byte")


QUOTE_KEYS = ["doc", "quote", "start", "end", "speaker", "mention", "mention_start",
              "mention_end", "cue", "kind", "paragraph", "sentence", "rule",
              "confidence", "lang"]


def check_records(records, data, doc, what, slice_limit=2000):
    """Quote records of one text document: keys, offsets inside the input,
    the quote equal to the input bytes at its offsets."""
    for n, rec in enumerate(records):
        if "error" in rec:
            continue
        keys = [k for k in rec if k in QUOTE_KEYS]
        if not check(keys == QUOTE_KEYS, "%s: record %d keys %s" % (what, n, list(rec))):
            return
        check(rec["doc"] == doc, "%s: record %d doc %r, not %r" % (what, n, rec["doc"], doc))
        s, e = rec["start"], rec["end"]
        if not check(isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(data),
                     "%s: record %d offsets [%r,%r) outside the input (%d bytes)"
                     % (what, n, s, e, len(data))):
            return
        for a, b in (("mention_start", "mention_end"),):
            if rec[a] is not None:
                check(0 <= rec[a] <= rec[b] <= len(data),
                      "%s: record %d %s [%r,%r) bad" % (what, n, a, rec[a], rec[b]))
        check(rec["kind"] in ("direct", "partial", "continuation", "headline"),
              "%s: record %d kind %r" % (what, n, rec["kind"]))
        check(0 <= rec["confidence"] <= 1, "%s: record %d confidence" % (what, n))
        if n < slice_limit:
            want = decode_like_writer(data[s:e])
            if not check(rec["quote"] == want, "%s: record %d quote %r is not the input "
                         "at [%d,%d): %r" % (what, n, rec["quote"][:80], s, e, want[:80])):
                return


# ---------------------------------------------------------------- scaling

def gen_curly_open(n):
    """n opening curly quotes, each before a word, no closer, one paragraph."""
    return "\u201cword ".encode() * n


def gen_straight_open(n):
    return b'"word ' * n


def gen_open_paragraphs(n):
    """n paragraphs, each with a quote that is never closed."""
    return b"\xe2\x80\x9cThe runaway quote goes on and on, he said.\n\n" * n


def gen_words(n):
    """One paragraph of n bytes of words, no sentence end."""
    words = [b"alpha", b"bravo", b"Charlie", b"delta", b"echo", b"foxtrot", b"Golf"]
    rnd = random.Random(7)
    out = bytearray()
    while len(out) < n:
        out += rnd.choice(words) + b" "
    return bytes(out[:n])


def gen_apostrophes(n):
    return b"'" * n


def gen_nested(n):
    """n nested quotes alternating double and single curly marks, closed."""
    opens = "".join(("\u201c", "\u2018")[i % 2] + "level " for i in range(n))
    closes = "".join(("\u201d", "\u2019")[i % 2] for i in range(n - 1, -1, -1))
    return (opens + "deepest" + closes + " said Ann Lee.").encode()


def gen_nested_blocks(n):
    """n quote levels in blocks nested 32 deep (under the nesting limit)."""
    block = gen_nested(32) + b" "
    return block * max(1, n // 32)


def gen_giant_quote(n):
    """One quote over the whole document, sentences and paragraphs inside."""
    body = bytearray()
    i = 0
    while len(body) < n:
        body += b"We said it before and we say it again. " if i % 8 else b"\n\nThen "
        i += 1
    return b"\xe2\x80\x9c" + bytes(body[:n]) + b",\xe2\x80\x9d Ann Lee said."


def gen_alternating(n):
    return b"'\"" * n


def gen_quote_flood(n):
    """n closed quotes in one sentence: no sentence end between them."""
    return b'"word" and ' * n


def gen_pronoun_flood(n):
    """n attributed-looking quotes whose pronoun has no one to resolve to,
    in one paragraph."""
    return b'"Yes," she said. ' * n


def gen_named_flood(n):
    """n quotes by the same named speaker, in one paragraph."""
    return b'"Yes," Ann Lee said. ' * n


def gen_suffix_run(n):
    """A name run of n generational suffixes ("Jr Jr Jr ..."), then quotes
    that resolve through it."""
    return b"Tom " + b"Jr " * n + b'said: "We are here." "Yes," he said.'


def gen_binary(n):
    return random.Random(12345).randbytes(n)


# (name, generator, big size, extra options); every one must exit 0.
KINDS = [
    ("open-curly x1e5", gen_curly_open, 100000, []),
    ("open-straight x1e5", gen_straight_open, 100000, []),
    ("open-per-paragraph x1e5", gen_open_paragraphs, 100000, []),
    ("words 50MB", gen_words, 50 * 1000 * 1000, []),
    ("apostrophes x1e6", gen_apostrophes, 1000000, []),
    ("nested x1e4", gen_nested, 10000, []),
    ("nested-32 blocks x1e5", gen_nested_blocks, 100000, []),
    ("giant-quote 32MB", gen_giant_quote, 32 * 1000 * 1000, []),
    ("alternating '\" x1e5", gen_alternating, 100000, []),
    ("quote-flood x1e5", gen_quote_flood, 100000, []),
    ("pronoun-flood x1e5", gen_pronoun_flood, 100000, []),
    ("named-flood x1e5", gen_named_flood, 100000, []),
    ("suffix-run x1e5", gen_suffix_run, 100000, []),
    ("binary 16MB", gen_binary, 16 * 1000 * 1000, []),
]


def scaling(whosaid, base_args, tmp, scale, lang):
    print("\n== scaling, --lang=%s: time at N and %dN (ratio limit %.0f, budget %.0f s)" %
          (lang, SIZE_FACTOR, RATIO_LIMIT, BUDGET))
    print("%-26s %11s %11s %8s %8s %7s %6s %s" % ("kind", "N bytes", "8N bytes", "t(N) s",
                                                  "t(8N) s", "ratio", "exit", "records"))
    for name, gen, big, extra in KINDS:
        big_n = max(SIZE_FACTOR, int(big * scale))
        sizes = [big_n // SIZE_FACTOR, big_n]
        results = []
        for n in sizes:
            data = gen(n)
            path = os.path.join(tmp, "scale.txt")
            with open(path, "wb") as f:
                f.write(data)
            args = [whosaid] + base_args + ["--input=text",
                                            "--max-document-bytes=%d" % (len(data) + 1)] + extra
            r = run(args + [path], timeout=3 * BUDGET)
            r.timed_out = r.timed_out or r.cpu > BUDGET
            results.append((data, r))
            what = "%s: %s (%d bytes)" % (lang, name, len(data))
            if r.timed_out:
                fail("%s: over the %.0f s CPU budget" % (what, BUDGET))
                if n == sizes[0]:
                    break  # the bigger size cannot do better
                continue
            check(r.rc == 0, "%s: exit %d; stderr: %s" % (what, r.rc, r.err[-300:]))
            recs = parse_jsonl(r.out, what)
            errors = [x for x in recs if "error" in x]
            if r.rc == 1:
                check(len(errors) == 1 and len(recs) == 1 and errors[0]["doc"] == path,
                      "%s: exit 1 needs exactly one error record for the document" % what)
            else:
                check(not errors, "%s: error records with exit 0" % what)
            check_records(recs, data, path, what)
            del data
        if len(results) < 2:
            print("%-26s %11d %11s %8s %8s %7s %6s" % (name, len(results[0][0]), "-",
                                                      "> %.0f" % BUDGET, "-", "-", "kill"))
            continue
        (d0, r0), (d1, r1) = results
        t0, t1 = r0.cpu, r1.cpu
        ratio = t1 / max(t0, TIME_FLOOR)
        if ratio > RATIO_LIMIT and not r1.timed_out:
            # Once more, in case the machine was busy.
            r0b = run([whosaid] + base_args + ["--input=text",
                                               "--max-document-bytes=%d" % (len(d0) + 1)]
                      + extra + ["-"], stdin_data=d0)
            r1b = run([whosaid] + base_args + ["--input=text",
                                               "--max-document-bytes=%d" % (len(d1) + 1)]
                      + extra + ["-"], stdin_data=d1)
            t0, t1 = max(t0, r0b.cpu), min(t1, r1b.cpu)
            ratio = t1 / max(t0, TIME_FLOOR)
        nrec = r1.out.count(b"\n")
        print("%-26s %11d %11d %8.2f %8.2f %7.1f %6s %d" % (name, len(d0), len(d1), t0, t1,
                                                           ratio, r1.rc, nrec), flush=True)
        check(ratio <= RATIO_LIMIT, "%s: %s: time grows %.1fx for %dx the input (%.2f s -> "
              "%.2f s)" % (lang, name, ratio, SIZE_FACTOR, t0, t1))



# ---------------------------------------------------------------- battery

CONTROL = b'"We will stay," said Ann Lee.'

BAD_UTF8 = {
    "truncated-2": b"Jos\xc3",
    "truncated-3": b"caf\xe2\x82",
    "truncated-4": b"\xf0\x9f\x98",
    "lone-continuation": b"\x80\x81\xbf plain \xbf",
    "overlong-slash": b"\xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf",
    "overlong-nul": b"\xc0\x80 \xe0\x80\x80",
    "surrogate-high": b"\xed\xa0\x80",
    "surrogate-low": b"\xed\xbf\xbf",
    "surrogate-pair-cesu": b"\xed\xa0\xbd\xed\xb8\x80",
    "above-10ffff": b"\xf4\x90\x80\x80 \xf7\xbf\xbf\xbf",
    "fe-ff": b"\xfe\xff\xfe\xff",
    "five-six-byte": b"\xf8\x88\x80\x80\x80 \xfc\x84\x80\x80\x80\x80",
    "c0-c1": b"\xc0\xc1\xf5\xf6",
    "quote-mark-cut": b"\xe2\x80",         # the first bytes of a curly quote
    "quote-mark-cut-1": b"\xe2",
}

VALID_ODD = {
    "nul-bytes": b"\x00\x00 text \x00 more\x00",
    "bom-start": b"\xef\xbb\xbf",
    "bom-middle": b"one \xef\xbb\xbf two",
    "controls": b"\x01\x02\x1b[31m\x7f\x0b\x0c",
    "u2028": "\u2028\u2029\u0085\ufeff\ufffd\U0010ffff".encode(),
    "crlf": b"line one\r\nline two\r",
}

WHOLE_DOCS = {
    "empty": b"",
    "one-byte": b"x",
    "newline-only": b"\n",
    "whitespace-only": b" \t\r\n\n\n   \xc2\xa0\xe2\x80\x83\n\t",
    "only-quote-marks": "\"'\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb\u2039\u203a"
                        "\u300c\u300d``''".encode() * 50,
    "only-closers": "\u201d\u2019\u00bb\u203a\u300d".encode() * 200,
    "only-openers": "\u201c\u2018\u00ab\u2039\u300c\u201e".encode() * 200,
    "unbalanced": '"a "b "c \u201cd \u201ce \u2018f said Ann. ""'.encode() * 5,
    "mixed-pairs": '\u201cA" \'B\u201d \u00abC\u201c \u300cD\u00bb ``E" \u201eF\u201d'.encode() * 20,
    "lone-quote": b'"',
    "lone-curly": "\u201c".encode(),
    "quote-at-end": b'He said "',
    "empty-quotes": b'"" \xe2\x80\x9c\xe2\x80\x9d \'\' said Ann.',
    "binary": random.Random(99).randbytes(100000),
    "binary-with-quotes": random.Random(98).randbytes(20000) + b"\n\n" + CONTROL + b"\n\n"
                          + random.Random(97).randbytes(20000),
    "nul-only": b"\x00" * 5000,
    "ff-only": b"\xff" * 5000,
    "curly-then-cut": b"\xe2\x80\x9c\xe2\x80 and \xe2\x80\x9c\xe2",
    "crlf-article": b"Title\r\n\r\n" + CONTROL + b"\r\n\r\n" + CONTROL + b"\r\n",
    "cr-only": b"Title\r\r" + CONTROL + b"\r\r" + CONTROL,
    # Stray marks in one paragraph, the quotes in the others.
    "closer-soup-paragraph": CONTROL + b"\n\n" + "\u201d\u00bb x ".encode() * 100 + b"\n\n"
                             + CONTROL,
    "continuations-only": b"\x80" * 5000,
}


def battery(whosaid, base_args, tmp, lang="en"):
    print("\n== battery, --lang=%s: broken and odd input" % lang)
    context["prefix"] = "[%s] " % lang
    try:
        battery_run(whosaid, base_args, tmp)
    finally:
        context["prefix"] = ""


def battery_run(whosaid, base_args, tmp):
    cases = []
    # Each broken or odd sequence: before a quote, inside it, after it, and
    # alone in a paragraph; the control quote must survive every one.
    for table, invalid in ((BAD_UTF8, True), (VALID_ODD, False)):
        for name, junk in table.items():
            doc = (junk + b" " + CONTROL + b"\n\n" +
                   b'"We will ' + junk + b' stay," said Ann Lee.\n\n' +
                   CONTROL + b" " + junk + b"\n\n" + junk + b"\n")
            cases.append((name, doc, invalid, 3))
    for name, doc in WHOLE_DOCS.items():
        invalid = name.startswith(("binary", "ff-", "continuations", "curly-then"))
        cases.append((name, doc, invalid, doc.count(b"We will stay")))
    paths = []
    for name, doc, _, _ in cases:
        path = os.path.join(tmp, "bad-" + name + ".txt")
        with open(path, "wb") as f:
            f.write(doc)
        paths.append(path)

    # Every file in one run (one process start instead of ninety); when
    # that run dies, each file alone finds the culprit.
    r = run([whosaid] + base_args + paths, timeout=120)
    if r.rc not in (0, 1) or r.timed_out:
        fail("battery: exit %d (timed out: %s) on all files; stderr: %r"
             % (r.rc, r.timed_out, r.err[-400:]))
        for path in paths:
            one = run([whosaid] + base_args + [path], timeout=30)
            check(one.rc in (0, 1) and not one.timed_out, "battery %s: exit %d (timed out: %s)"
                  % (os.path.basename(path), one.rc, one.timed_out))
        return
    recs = parse_jsonl(r.out, "battery")
    by_doc = {p: [] for p in paths}
    for x in recs:
        if check(x.get("doc") in by_doc, "battery: a record for an unknown doc %r"
                 % x.get("doc")):
            by_doc[x["doc"]].append(x)
    order = [paths.index(x["doc"]) for x in recs if x.get("doc") in by_doc]
    check(order == sorted(order), "battery: output out of input order")
    err_lines = r.err.splitlines()
    for (name, doc, invalid, want_quotes), path in zip(cases, paths):
        what = "battery %s" % name
        mine = by_doc[path]
        errors = [x for x in mine if "error" in x]
        if not check(not errors, "%s: error records %r" % (what, errors)):
            continue
        check_records(mine, doc, path, what)
        found = sum(1 for x in mine if "We will" in x["quote"] and "stay" in x["quote"])
        check(found >= want_quotes, "%s: %d of the %d control quotes found"
              % (what, found, want_quotes))
        warned = any(path.encode() in l and b"invalid UTF-8" in l for l in err_lines)
        check(warned == invalid, "%s: invalid UTF-8 warning %s" % (
            what, "missing" if invalid else "for a valid document"))
    for line in err_lines:
        check(line.startswith(b"whosaid: ") and b"warning" in line,
              "battery: unexpected stderr line %r" % line[:300])
    check(r.rc == 0, "battery: exit %d" % r.rc)

    # --strict: an error record for each invalid file (and the ones over a
    # limit), every other file exactly as without --strict.
    s = run([whosaid] + base_args + ["--strict"] + paths, timeout=120)
    srecs = parse_jsonl(s.out, "battery --strict")
    err_docs = sorted(x["doc"] for x in srecs if "error" in x)
    want_err = sorted(p for p, c in zip(paths, cases) if c[2])
    check(s.rc == 1 and err_docs == want_err,
          "battery --strict: exit %d, error records for %s, want %s"
          % (s.rc, [os.path.basename(d) for d in err_docs],
             [os.path.basename(d) for d in want_err]))
    for x in srecs:
        if "error" in x:
            check("UTF-8" in x["error"], "battery --strict: %s: error %r"
                  % (os.path.basename(x["doc"]), x["error"]))
    plain_valid = [x for x in recs if x["doc"] not in want_err]
    strict_valid = [x for x in srecs if x["doc"] not in want_err]
    check(plain_valid == strict_valid, "battery --strict: valid documents give other records")
    print("%d cases, %d invalid UTF-8; plain and --strict"
          % (len(cases), sum(1 for c in cases if c[2])))


# ---------------------------------------------------------------- cli

def good_doc(i):
    return ('"Document %d is here," said Ann Lee. She added: "It is fine."' % i)


def cli(whosaid, base_args, tmp, rules_dir):
    print("\n== cli: batches with bad lines, closed pipes, full disks, broken rules")
    # A batch: each bad line gets one error record with its line number,
    # every good document is processed, in order, and the exit status is 1.
    big_text = "x" * 6000
    lines = [
        (json.dumps({"id": "g1", "text": good_doc(1)}), "good"),
        ('{"id": "b1", "text": "unterminated', "bad"),
        (json.dumps({"id": "g2", "text": good_doc(2), "extra": {"a": [1, 2, None]}}), "good"),
        ('{"id": "b2"}', "bad"),                                 # no text
        ('{"id": "b3", "text": 42}', "bad"),                     # text not a string
        ('{"id": "b4", "text": ["a"]}', "bad"),
        ('{"id": "b5", "text": null}', "bad"),
        (json.dumps({"id": "g3", "text": good_doc(3)}), "good"),
        ("not json at all", "bad"),
        ("", "blank"),
        ("   \t", "blank"),
        ('[1, 2, 3]', "bad"),
        ('{"id": "b6", "text": "ok"} trailing', "bad"),
        ('{"id": "b7", "text": "bad \\q escape"}', "bad"),
        ('{"id": "b8", "text": "' + "\x01" + '"}', "bad"),       # raw control character
        ('{"id": ' + "[" * 5000 + "]" * 5000 + ', "text": "deep"}', "bad"),
        (json.dumps({"id": "b9", "text": big_text}), "bad"),    # text over the limit
        ('{"id": "b10", "text": "' + "y" * 20000 + '"}', "bad"),  # line over 2x the limit
        (json.dumps({"id": "g4", "text": good_doc(4)}), "good"),
        (json.dumps({"id": 5, "text": good_doc(5)}), "good"),   # a number id
        (json.dumps({"text": good_doc(6)}), "good"),            # no id: the line number
        ('{"id": "g7", "text": "\\"Escaped \\u201cquote\\u201d\\ud83d\\ude00,\\" said Ann Lee."}',
         "good"),
        (json.dumps({"id": "g8", "text": good_doc(8)}), "good-last"),
    ]
    body = "\n".join(l for l, _ in lines).encode()  # no newline after the last line
    path = os.path.join(tmp, "batch.jsonl")
    with open(path, "wb") as f:
        f.write(body)
    for how in ("file", "stdin", "crlf"):
        what = "jsonl batch (%s)" % how
        if how == "file":
            r = run([whosaid] + base_args + ["--max-document-bytes=5000", path])
        elif how == "stdin":
            r = run([whosaid] + base_args + ["--max-document-bytes=5000", "--input=jsonl", "-"],
                    stdin_data=body)
        else:
            r = run([whosaid] + base_args + ["--max-document-bytes=5000", "--input=jsonl", "-"],
                    stdin_data=body.replace(b"\n", b"\r\n"))
        recs = parse_jsonl(r.out, what)
        check(r.rc == 1, "%s: exit %d, want 1" % (what, r.rc))
        seen = []
        for number, (line, kind) in enumerate(lines, 1):
            if kind == "blank":
                continue
            try:
                doc_id = str(json.loads(line).get("id", number))
            except (ValueError, AttributeError, RecursionError):
                doc_id = None
            mine_err = [x for x in recs if "error" in x and x.get("line") == number]
            if kind == "bad":
                ok = check(len(mine_err) == 1, "%s: line %d (%s...): %d error records, want 1"
                           % (what, number, line[:30], len(mine_err)))
                if ok:
                    e = mine_err[0]
                    check(list(e) == ["doc", "error", "line"],
                          "%s: line %d: error record keys %s" % (what, number, list(e)))
                    m = re.match(r'\{"id": "(\w+)"', line)
                    check(e["doc"] in (str(number), m and m.group(1)),
                          "%s: line %d: error record doc %r" % (what, number, e["doc"]))
                    seen.append(("err", number))
            else:
                check(not mine_err, "%s: good line %d got an error record %r"
                      % (what, number, mine_err))
                mine = [x for x in recs if "quote" in x and x["doc"] == (doc_id or str(number))]
                check(len(mine) >= 1, "%s: good line %d (id %r): no quote records (lost)"
                      % (what, number, doc_id))
                seen.append(("ok", number))
        # Records keep the input order.
        numbers = []
        ids = {}
        for number, (line, kind) in enumerate(lines, 1):
            try:
                ids[str(json.loads(line).get("id", number))] = number
            except (ValueError, AttributeError, RecursionError):
                pass
        for x in recs:
            numbers.append(x["line"] if "error" in x else ids.get(x["doc"], -1))
        check(numbers == sorted(numbers), "%s: records out of input order: %s" % (what, numbers))
        errs = r.err.decode("utf-8", "replace").splitlines()
        nbad = sum(1 for _, k in lines if k == "bad")
        check(len(errs) >= nbad, "%s: %d stderr lines for %d bad lines" % (what, len(errs), nbad))

    # --strict in a batch: raw invalid UTF-8 in a text gives that document
    # an error record; the others go on.
    sbody = (json.dumps({"id": "s1", "text": good_doc(1)}).encode() + b"\n" +
             b'{"id": "s2", "text": "\\"Bad \xff byte,\\" said Ann Lee."}\n' +
             json.dumps({"id": "s3", "text": good_doc(3)}).encode() + b"\n")
    for strict in (False, True):
        what = "jsonl invalid UTF-8%s" % (" --strict" if strict else "")
        r = run([whosaid] + base_args + ["--input=jsonl", "-"] + (["--strict"] if strict else []),
                stdin_data=sbody)
        recs = parse_jsonl(r.out, what)
        docs = [x["doc"] for x in recs if "quote" in x]
        errs = [x for x in recs if "error" in x]
        check("s1" in docs and "s3" in docs, "%s: documents lost: %s" % (what, docs))
        if strict:
            check(r.rc == 1 and len(errs) == 1 and errs[0]["doc"] == "s2"
                  and errs[0].get("line") == 2,
                  "%s: want exit 1 and an error record for s2 line 2, got %d %r"
                  % (what, r.rc, errs))
        else:
            check(r.rc == 0 and not errs and "s2" in docs,
                  "%s: want exit 0 with s2 processed, got %d %r" % (what, r.rc, errs))

    # A closed output pipe: whosaid ends quietly (no stderr), promptly.
    big = os.path.join(tmp, "big.jsonl")
    with open(big, "w") as f:
        for i in range(60000):
            f.write(json.dumps({"id": "d%d" % i, "text": good_doc(i)}) + "\n")
    for how in ("file", "stdin"):
        what = "closed pipe (%s)" % how
        args = [whosaid] + base_args + ([big] if how == "file" else ["--input=jsonl", "-"])
        fin = open(big, "rb") if how == "stdin" else subprocess.DEVNULL
        t0 = time.monotonic()
        p = subprocess.Popen(args, stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = p.stdout.readline()
        p.stdout.close()  # like `| head -1`
        try:
            err = p.stderr.read()
            rc = p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            rc, err = "hang", b""
        if how == "stdin":
            fin.close()
        check(first.startswith(b'{"doc":"d0"'), "%s: first line %r" % (what, first[:80]))
        check(rc in (0, -signal.SIGPIPE), "%s: exit %s, want 0 (or SIGPIPE)" % (what, rc))
        check(err == b"", "%s: stderr noise: %r" % (what, err[:300]))
        check(time.monotonic() - t0 < 60, "%s: took too long" % what)
    # The shell form, exactly as in the README.
    errf = os.path.join(tmp, "pipe.err")
    sh = '"$@" 2>"$ERRF" | head -1 >/dev/null; echo "${PIPESTATUS[0]}"'
    rr = subprocess.run(["bash", "-c", sh, "sh", whosaid] + base_args + [big],
                        env=dict(os.environ, ERRF=errf), capture_output=True, timeout=120)
    with open(errf, "rb") as f:
        err = f.read()
    status = rr.stdout.strip()
    check(err == b"" and status in (b"0", b"141"),
          "`whosaid big.jsonl | head -1`: exit %s, stderr %r" % (status, err[:300]))

    # A full disk: exit 4 with a message, whether the output is small
    # (fails at the final flush) or large (fails in the middle).
    small = os.path.join(tmp, "small.txt")
    with open(small, "w") as f:
        f.write(good_doc(1))
    for what, args in (("-o /dev/full, small output", ["-o", "/dev/full", small]),
                       ("-o /dev/full, large output", ["-o", "/dev/full", big]),
                       ("stdout is /dev/full", [small]),
                       ("stdout is /dev/full, large output", [big])):
        if args[0] == "-o":
            r = run([whosaid] + base_args + args)
        else:
            with open("/dev/full", "wb") as full:
                t0 = time.monotonic()
                p = subprocess.run([whosaid] + base_args + args, stdout=full,
                                   stderr=subprocess.PIPE, timeout=120)
                r = Run(p.returncode, b"", p.stderr, time.monotonic() - t0, 0, 0, False)
        check(r.rc == 4, "%s: exit %d, want 4" % (what, r.rc))
        check(b"whosaid" in r.err and (b"No space" in r.err or b"write" in r.err),
              "%s: no error message: %r" % (what, r.err[:300]))
        check(r.err.count(b"\n") <= 3, "%s: %d lines of errors" % (what, r.err.count(b"\n")))

    # A broken rules file: exit 3 naming file:line:col, before any input
    # is read (stdin is a pipe that stays open: reading it would hang).
    if rules_dir and os.path.isdir(os.path.join(rules_dir, "en")):
        bad_rules = os.path.join(tmp, "rules")
        shutil.copytree(os.path.join(rules_dir, "en"), os.path.join(bad_rules, "en"))
        broken = [
            ("patterns.rules", b"rule broken after 0.9 (?<speaker>[a-\n", r"\d+"),
            ("patterns.rules", b"frobnicate this\n", r"1\b"),
            ("patterns.rules", b"rule no-pattern after 0.9\n", r"\d+"),
            ("patterns.rules", b"define lower x\n", r"\d+"),
            ("patterns.rules", b"rule x after 0.9 {NO_SUCH_MACRO}\n", r"\d+"),
            ("titles.txt", b"Dr @robot\n", r"\d+"),
            # A word list line that is not UTF-8: its own file:line:col,
            # not an error in the patterns that use the list.
            ("cues.txt", b"sa\xffid\n", r"\d+"),
        ]
        for name, text, col in broken:
            with open(os.path.join(rules_dir, "en", name), "rb") as f:
                orig = f.read()
            if orig and not orig.endswith(b"\n"):
                orig += b"\n"
            target = os.path.join(bad_rules, "en", name)
            with open(target, "wb") as f:
                f.write(orig + text)
            line = orig.count(b"\n") + 1
            what = "broken rules %s %r" % (name, text.strip().decode("utf-8", "replace"))
            p = subprocess.Popen([whosaid, "--rules=" + bad_rules, "--lang=en", "-"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            try:
                p.wait(timeout=20)  # stdin stays open all the while
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                fail("%s: whosaid waited for input instead of failing on the rules" % what)
            p.stdin.close()
            out, err = p.stdout.read(), p.stderr.read()
            p.stdout.close()
            p.stderr.close()
            with open(target, "wb") as f:
                f.write(orig)
            if p.returncode == -signal.SIGKILL:
                continue
            where = r"%s:%d:%s" % (re.escape(name), line, col)
            check(p.returncode == 3, "%s: exit %d, want 3" % (what, p.returncode))
            check(re.search(where.encode(), err) is not None,
                  "%s: stderr does not name %s:%d:COL: %r" % (what, name, line, err[:300]))
            check(out == b"", "%s: output %r" % (what, out[:200]))


# ---------------------------------------------------------------- memory

def article(rnd, i):
    names = ["Ann Lee", "Bob Smith", "Maria Lopez", "Wang Wei", "Jan de Vries"]
    parts = ["Headline number %d about the council\n" % i]
    for k in range(rnd.randint(3, 40)):
        who = rnd.choice(names)
        parts.append('"%s," said %s. The meeting went on for hours and the '
                     'members voted. ' % ("We will decide on item %d soon" % k, who))
        if k % 4 == 3:
            parts.append("\n\n")
    return "".join(parts)


def memory(whosaid, base_args, megabytes, rss_limit_mb, check_rss):
    print("\n== memory: %d MB of JSON Lines streamed into --input=jsonl -" % megabytes)
    target = megabytes * 1000 * 1000
    p = subprocess.Popen([whosaid] + base_args + ["--input=jsonl", "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent = {"bytes": 0, "docs": 0}

    rnd = random.Random(2024)
    pool = [json.dumps(article(rnd, i)) for i in range(257)]
    big_text = json.dumps(article(rnd, 0) * 250)

    def feed():
        chunk = []
        size = 0
        try:
            while sent["bytes"] < target:
                i = sent["docs"]
                # Now and then a large document (about 1 MB).
                text = big_text if i % 5000 == 4999 else pool[i % len(pool)]
                line = ('{"id":"m%d","text":%s}\n' % (i, text)).encode()
                chunk.append(line)
                size += len(line)
                sent["bytes"] += len(line)
                sent["docs"] += 1
                if size > 1 << 20:
                    p.stdin.write(b"".join(chunk))
                    chunk, size = [], 0
            p.stdin.write(b"".join(chunk))
            p.stdin.close()
        except BrokenPipeError:
            pass

    # The peak RSS of whosaid itself: VmHWM of its own address space.  (The
    # ru_maxrss of wait4 would count the Python process it was forked
    # from, since it is kept across execve.)
    hwm = {"kb": 0}
    errs = []
    th_watch = threading.Thread(target=watch_hwm, args=(p, hwm), daemon=True)
    th_watch.start()
    th = threading.Thread(target=feed, daemon=True)
    th_err = threading.Thread(target=lambda: errs.append(p.stderr.read()), daemon=True)
    t0 = time.monotonic()
    th.start()
    th_err.start()
    lines = 0
    docs = set()
    last_doc = None
    bad = 0
    for line in p.stdout:
        lines += 1
        try:
            rec = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if rec["doc"] != last_doc:
            docs.add(rec["doc"])
            last_doc = rec["doc"]
    p.stdout.close()
    th_err.join()
    rc = p.wait()
    th.join()
    th_watch.join()
    wall = time.monotonic() - t0
    rss_mb = hwm["kb"] / 1024.0
    print("%d documents, %.0f MB in, %d records out, %.1f s, %.1f MB/s, peak RSS %.1f MB, exit %d"
          % (sent["docs"], sent["bytes"] / 1e6, lines, wall, sent["bytes"] / 1e6 / wall,
             rss_mb, rc), flush=True)
    check(rc == 0, "memory: exit %d; stderr %r" % (rc, errs[0][-300:] if errs else b""))
    check(bad == 0, "memory: %d output lines are not JSON" % bad)
    check(len(docs) == sent["docs"], "memory: %d of %d documents in the output"
          % (len(docs), sent["docs"]))
    if check_rss:
        check(rss_mb < rss_limit_mb, "memory: peak RSS %.1f MB, limit %d MB"
              % (rss_mb, rss_limit_mb))
    else:
        print("(peak RSS not checked under a sanitizer)")


def watch_hwm(p, hwm):
    """Keeps hwm["kb"] at the peak RSS (VmHWM) of process p while it runs."""
    while p.returncode is None:
        try:
            with open("/proc/%d/status" % p.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm["kb"] = max(hwm["kb"], int(line.split()[1]))
        except (OSError, ValueError):
            break
        time.sleep(0.02)


def peak_rss_run(args, feed_chunks):
    """Runs args with stdin fed from the iterable of byte chunks; returns
    (exit status, stdout, stderr, peak RSS in MB from VmHWM)."""
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    hwm = {"kb": 0}
    outs = {}

    def feed():
        try:
            for chunk in feed_chunks:
                p.stdin.write(chunk)
            p.stdin.close()
        except BrokenPipeError:
            pass

    threads = [threading.Thread(target=watch_hwm, args=(p, hwm), daemon=True),
               threading.Thread(target=feed, daemon=True),
               threading.Thread(target=lambda: outs.update(err=p.stderr.read()), daemon=True)]
    for t in threads:
        t.start()
    out = p.stdout.read()
    threads[2].join()
    rc = p.wait()
    threads[0].join()
    threads[1].join()
    return rc, out, outs.get("err", b""), hwm["kb"] / 1024.0


def long_line(whosaid, base_args, megabytes, rss_limit_mb, check_rss):
    """A JSON Lines line far over the document limit: an error record for
    it, the documents around it processed, and its bytes not held."""
    print("\n== memory: a %d MB line with --max-document-bytes=1000000" % megabytes)
    size = megabytes * 1000 * 1000

    def chunks():
        yield (json.dumps({"id": "before", "text": good_doc(1)}) + "\n").encode()
        yield b'{"id": "huge", "text": "'
        block = b"x" * (1 << 20)
        left = size
        while left > 0:
            yield block[:left]
            left -= len(block)
        yield b'"}\n'
        yield (json.dumps({"id": "after", "text": good_doc(3)}) + "\n").encode()

    rc, out, err, rss_mb = peak_rss_run([whosaid] + base_args + [
        "--input=jsonl", "--max-document-bytes=1000000", "-"], chunks())
    recs = parse_jsonl(out, "long line")
    docs = [x["doc"] for x in recs if "quote" in x]
    errs = [x for x in recs if "error" in x]
    print("exit %d, %d records, peak RSS %.1f MB" % (rc, len(recs), rss_mb))
    check(rc == 1, "long line: exit %d, want 1" % rc)
    check("before" in docs and "after" in docs, "long line: documents lost: %s" % docs)
    check(len(errs) == 1 and errs[0].get("line") == 2,
          "long line: want one error record for line 2: %r" % errs)
    if check_rss:
        check(rss_mb < rss_limit_mb, "long line: peak RSS %.1f MB for a %d MB line that is "
              "over the limit (the line is held in memory before it is rejected)"
              % (rss_mb, megabytes))


# ---------------------------------------------------------------- main

def sanitized(whosaid):
    """True when the binary (or the library next to it) uses ASan."""
    cands = [whosaid, os.path.join(os.path.dirname(whosaid), "libwhosaid.so")]
    for c in cands:
        try:
            with open(c, "rb") as f:
                if b"__asan_init" in f.read():
                    return True
        except OSError:
            pass
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("whosaid")
    ap.add_argument("--only", default="scaling,battery,cli,memory")
    ap.add_argument("--scale", type=float, default=None)
    ap.add_argument("--memory-mb", type=int, default=50)
    ap.add_argument("--rss-limit-mb", type=int, default=100)
    ap.add_argument("--rules", default=None, help="rules folder (default: the binary's own)")
    ap.add_argument("--langs", default=None,
                    help="rule packs for the scaling and battery parts (default: every "
                         "pack in the rules folder; en at full size, the others at 1/8)")
    a = ap.parse_args()
    if os.environ.get("WHOSAID_PATHOLOGICAL") == "skip":
        print("skipped: WHOSAID_PATHOLOGICAL=skip")
        return 77
    whosaid = os.path.abspath(a.whosaid)
    asan = sanitized(whosaid)
    scale = a.scale
    if scale is None:
        scale = float(os.environ.get("WHOSAID_PATHOLOGICAL_SCALE", "0.125" if asan else "1"))
    base_args = ["--rules=" + a.rules] if a.rules else []
    rules_dir = a.rules
    if not rules_dir:
        guess = os.path.join(os.path.dirname(whosaid), "..", "rules")
        rules_dir = os.environ.get("WHOSAID_RULES") or (guess if os.path.isdir(guess) else None)
        if rules_dir:
            base_args = ["--rules=" + os.path.abspath(rules_dir)]
    rules_args = list(base_args)
    base_args += ["--lang=en"]
    if a.langs:
        langs = a.langs.split(",")
    elif rules_dir and os.path.isdir(rules_dir):
        langs = sorted((d for d in os.listdir(rules_dir)
                        if os.path.isfile(os.path.join(rules_dir, d, "patterns.rules"))),
                       key=lambda d: (d != "en", d))
    else:
        langs = ["en"]
    print("whosaid: %s%s, scale %g" % (whosaid, " (ASan)" if asan else "", scale))
    parts = a.only.split(",")
    pre = run([whosaid] + base_args + ["-"], stdin_data=b'"Hi," said Ann Lee.\n', timeout=60)
    if pre.rc != 0:
        print("FAIL: whosaid does not run (exit %d): %s" % (pre.rc, pre.err[-500:]))
        return 1
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="whosaid-pathological-") as tmp:
        if "battery" in parts:
            for lang in langs:
                battery(whosaid, rules_args + ["--lang=" + lang], tmp, lang)
        if "cli" in parts:
            cli(whosaid, base_args, tmp, rules_dir)
        if "scaling" in parts:
            for lang in langs:
                scaling(whosaid, rules_args + ["--lang=" + lang], tmp,
                        scale if lang == "en" else scale / 8, lang)
        if "memory" in parts:
            memory(whosaid, base_args, max(1, int(a.memory_mb * (scale if asan else 1))),
                   a.rss_limit_mb, not asan)
            long_line(whosaid, base_args, max(1, int(200 * (scale if asan else 1))),
                      a.rss_limit_mb, not asan)
    print("\n%.1f s in all" % (time.monotonic() - t0))
    if failures:
        print("\n%d failure%s:" % (len(failures), "" if len(failures) == 1 else "s"))
        for f in failures:
            print("  " + f)
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
