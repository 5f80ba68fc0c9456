#!/usr/bin/env python3
"""End-to-end CLI behaviour through the real binary: parallel jobs keep
input order and give the same records as one job, and so does GNU
parallel --pipe over separate processes; --format=json and tsv
over several documents; --summary tables; --lang=auto picks each
document's pack and a JSONL "lang" field wins.

usage: cli_test.py WHOSAID CORPUS_DIR
"""
import glob, json, os, subprocess, sys

whosaid, corpus = sys.argv[1], sys.argv[2]
results = []


def run(args, stdin=b""):
    return subprocess.run([whosaid] + args, input=stdin, capture_output=True)


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))


golds = sorted(glob.glob(os.path.join(corpus, "*", "gold.jsonl")))
batch = b"".join(open(g, "rb").read() for g in golds) * 20  # > one batch of documents
docs = [json.loads(l)["id"] for l in batch.decode().splitlines()]

one = run(["--input=jsonl", "--jobs=1", "-"], batch)
two = run(["--input=jsonl", "--jobs=2", "-"], batch)
check("jobs: exit 0", one.returncode == 0 and two.returncode == 0, two.stderr[:200])
check("jobs: --jobs=2 output equals --jobs=1", one.stdout == two.stdout)
seen = []
for line in two.stdout.decode().splitlines():
    d = json.loads(line)["doc"]
    if not seen or seen[-1] != d:
        seen.append(d)
expected = [d for d in docs if d in set(seen)]
check("jobs: records in input order", seen == [d for i, d in enumerate(expected)
                                                if i == 0 or expected[i - 1] != d])

# The interpreter and the JIT match alike: --jit only trades start-up time
# for time per document.
for jit in ("on", "off"):
    alt = run(["--input=jsonl", "--jobs=2", "--jit=" + jit, "-"], batch)
    check(f"jit: --jit={jit} output equals the default", alt.stdout == one.stdout,
          f"{len(alt.stdout)} vs {len(one.stdout)} bytes")
check("jit: a bad value is a usage error", run(["--jit=maybe"]).returncode == 2)

# --profile-rules: the same records, and on stderr a row for every rule of
# each pack used, costliest first; a rule matched at least as often as
# records name it.
prof = run(["--input=jsonl", "--jobs=2", "--profile-rules", "-"], batch)
check("profile-rules: records as without it", prof.stdout == one.stdout)
costs, lang = {}, None
for line in prof.stderr.decode().splitlines():
    if line.startswith("rule costs ("):
        lang = line[len("rule costs ("):line.index(")")]
        costs[lang] = []
    elif lang and line.split()[0] not in ("rule", "all"):
        rule, tries, matches, ms = line.split()[:4]
        costs[lang].append((rule, int(tries), int(matches), float(ms)))
rules_dir = os.path.join(os.path.dirname(os.path.abspath(corpus)), "rules")
for lang in ("en", "de"):
    declared = {l.split()[1] for l in open(os.path.join(rules_dir, lang, "patterns.rules"))
                if l.startswith("rule ")}
    rows = costs.get(lang, [])
    check(f"profile-rules: every {lang} rule listed once",
          sorted(r[0] for r in rows) == sorted(declared), f"{len(rows)} rows")
    check(f"profile-rules: {lang} costliest first",
          [r[3] for r in rows] == sorted((r[3] for r in rows), reverse=True))
    named = {}
    for line in one.stdout.decode().splitlines():
        rec = json.loads(line)
        if rec.get("lang") == lang and rec.get("rule") in declared:
            named[rec["rule"]] = named.get(rec["rule"], 0) + 1
    check(f"profile-rules: {lang} matches within tries, records within matches",
          named and all(m <= t and named.get(r, 0) <= m for r, t, m, _ in rows),
          str(named))

# As a filter under GNU parallel (the README's way to run at scale): chunks
# of lines through separate processes, the same records in the same order.
piped = subprocess.run(["parallel", "--will-cite", "--pipe", "-N", "37", "--keep-order",
                        whosaid, "--input=jsonl", "--jobs=1"],
                       input=batch, capture_output=True)
check("parallel --pipe: exit 0", piped.returncode == 0, piped.stderr[:200])
check("parallel --pipe: output equals one process", piped.stdout == one.stdout,
      f"{len(piped.stdout)} vs {len(one.stdout)} bytes")

# Streaming: a record comes out while the input is still open (tail -f).
import select
proc = subprocess.Popen([whosaid, "--input=jsonl", "-"], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE)
proc.stdin.write(b'{"id":"s1","text":"\\"Hi,\\" Ann Lee said."}\n')
proc.stdin.flush()
ready, _, _ = select.select([proc.stdout], [], [], 20)
first = proc.stdout.readline() if ready else b""
proc.stdin.close()
proc.wait(timeout=20)
check("stream: a record before the input ends", b'"doc":"s1"' in first, first[:100])

arr = run(["--input=jsonl", "--format=json", "-"], batch[: len(batch) // 20])
try:
    records = json.loads(arr.stdout)
    check("json: one valid array", isinstance(records, list) and len(records) > 10)
except ValueError as e:
    check("json: one valid array", False, str(e))

tsv = run(["--input=jsonl", "--format=tsv", "-"], batch[: len(batch) // 20]).stdout.decode()
lines = tsv.splitlines()
check("tsv: one header", lines[0].startswith("doc\tstart\tend") and
      sum(l.startswith("doc\tstart") for l in lines) == 1)
check("tsv: ten columns", all(l.count("\t") == 9 for l in lines), lines[:2])

text = ('"We will rebuild," Ana Lobo said. "Every house," she added.\n\n'
        '"Not soon enough," said Tom Reyes.\n').encode()
table = run(["--summary=doc", "-"], text).stdout.decode().splitlines()
check("summary: header", table[0] == "doc\tspeaker\tquotes\tfirst_quote", table[:1])
check("summary: most quoted first", table[1].split("\t")[1:3] == ["Ana Lobo", "2"], table)
check("summary: first quote", table[1].split("\t")[3] == "We will rebuild,", table)
whole = run(["--summary=all", "--input=jsonl", "-"], batch[: len(batch) // 20]).stdout.decode()
rows = whole.splitlines()[1:]
check("summary all: one table for the input", rows and all(r.split("\t")[0] == "*" for r in rows))

de = "„Wir bauen die Brücke neu“, sagte Anna Berger. Die Arbeiten sollen im Mai beginnen, und die Stadt ist nicht bereit.".encode()
if os.path.exists(os.path.join(os.path.dirname(corpus), "rules", "de", "patterns.rules")):
    out = run(["-"], de).stdout.decode().splitlines()
    check("auto: German text gets lang de", out and json.loads(out[0])["lang"] == "de", out)
    line = json.dumps({"id": "x", "lang": "en", "text": de.decode()}).encode()
    out = run(["--input=jsonl", "-"], line).stdout.decode().splitlines()
    check("auto: a JSONL lang field wins", all(json.loads(l)["lang"] == "en" for l in out), out)
# Detection accuracy on our own articles (plain text, so no "lang" field).
if os.path.exists(os.path.join(os.path.dirname(corpus), "rules", "de", "patterns.rules")):
    wrong = []
    for article in sorted(glob.glob(os.path.join(corpus, "*", "article.txt"))):
        want = os.path.basename(os.path.dirname(article)).split("-")[0]
        out = run([article]).stdout.decode().splitlines()
        if not out or json.loads(out[0])["lang"] != want:
            wrong.append(article)
    check("auto: every corpus article's language detected", not wrong, wrong)
en = run(["-"], text).stdout.decode().splitlines()
check("auto: English text gets lang en", en and json.loads(en[0])["lang"] == "en", en)

# --cache: compiled patterns kept between runs.  Filling the cache, reading
# it, reading damaged files and running without it give the same records;
# damaged files are made anew; a folder that cannot be made is no error;
# the default folder is $WHOSAID_CACHE, else $XDG_CACHE_HOME/whosaid, else
# ~/.cache/whosaid.
import tempfile
small = b"".join(open(g, "rb").read() for g in golds)
with tempfile.TemporaryDirectory() as tmp:
    cache = os.path.join(tmp, "a", "b")  # its parents are made too
    cached = ["--input=jsonl", "--cache=" + cache, "-"]
    off = run(["--input=jsonl", "--cache=off", "-"], small)
    fill = run(cached, small)
    files = sorted(glob.glob(os.path.join(cache, "*.pcre2")))
    packs = len(glob.glob(os.path.join(rules_dir, "*", "patterns.rules")))
    check("cache: a file for every pattern of every pack, no temporary left",
          fill.returncode == 0 and len(files) > 20 * packs and
          sorted(os.listdir(cache)) == [os.path.basename(f) for f in files], len(files))
    kept = {f: (open(f, "rb").read(), os.stat(f).st_mtime_ns) for f in files}
    again = run(cached, small)
    check("cache: records as without it", fill.stdout == off.stdout and again.stdout == off.stdout)
    check("cache: read, not written again",
          sorted(glob.glob(os.path.join(cache, "*"))) == files and
          all(os.stat(f).st_mtime_ns == kept[f][1] for f in files))
    for i, f in enumerate(files):  # cut short, one byte flipped, emptied
        data = bytearray(kept[f][0])
        if i % 3 == 0:
            data = data[:len(data) // 2]
        elif i % 3 == 1:
            data[len(data) // 2] ^= 0xFF
        else:
            data = b""
        open(f, "wb").write(data)
    damaged = run(cached, small)
    check("cache: damaged files are compiled again", damaged.returncode == 0 and
          damaged.stdout == off.stdout and not damaged.stderr, damaged.stderr[:200])
    check("cache: damaged files are made anew",
          all(open(f, "rb").read() == kept[f][0] for f in files))
    blocker = os.path.join(tmp, "not-a-folder")
    open(blocker, "w").close()
    blocked = run(["--input=jsonl", "--cache=" + os.path.join(blocker, "sub"), "-"], small)
    check("cache: a folder that cannot be made is no error", blocked.returncode == 0 and
          blocked.stdout == off.stdout and not blocked.stderr, blocked.stderr[:200])
    env = {k: v for k, v in os.environ.items() if k not in ("WHOSAID_CACHE", "XDG_CACHE_HOME")}
    for name, extra, folder in (
            ("~/.cache/whosaid", {"HOME": os.path.join(tmp, "home")},
             os.path.join(tmp, "home", ".cache", "whosaid")),
            ("$XDG_CACHE_HOME/whosaid", {"XDG_CACHE_HOME": os.path.join(tmp, "xdg")},
             os.path.join(tmp, "xdg", "whosaid")),
            ("$WHOSAID_CACHE", {"WHOSAID_CACHE": os.path.join(tmp, "env")},
             os.path.join(tmp, "env"))):
        env.update(extra)
        subprocess.run([whosaid, "--input=jsonl", "-"], input=small, env=env, capture_output=True)
        check("cache: default folder " + name, len(glob.glob(os.path.join(folder, "*.pcre2"))) ==
              len(files), folder)
    env.update({"WHOSAID_CACHE": "off", "HOME": os.path.join(tmp, "home2"),
                "XDG_CACHE_HOME": os.path.join(tmp, "xdg2")})
    subprocess.run([whosaid, "--input=jsonl", "-"], input=small, env=env, capture_output=True)
    check("cache: WHOSAID_CACHE=off writes nothing",
          not os.path.exists(env["HOME"]) and not os.path.exists(env["XDG_CACHE_HOME"]))

# The manual page names every long option of --help.
page = open(os.path.join(os.path.dirname(os.path.abspath(corpus)), "man", "whosaid.1")).read()
import re
options = set(re.findall(r"--([a-z][a-z-]+)", run(["--help"]).stdout.decode()))
missing = sorted(o for o in options if "\\-\\-" + o.replace("-", "\\-") not in page)
check("man page: every option of --help", options and not missing, missing)

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
