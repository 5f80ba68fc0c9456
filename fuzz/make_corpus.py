#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets into fuzz/corpus/<target>/.

The seeds are small and deterministic: the golden corpus articles (every
quote style, several languages), hand-made hostile documents, JSON Lines
batches good and bad, and rules files good and bad.  Files named
crash-*, leak-*, timeout-*, oom-* or slow-* are saved fuzzer findings;
this script never touches them.  Run from anywhere:

    python3 fuzz/make_corpus.py
"""
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")
MAX_SEED = 4096


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def articles():
    """(name, bytes) of the golden corpus articles, cut to MAX_SEED bytes."""
    cdir = os.path.join(ROOT, "corpus")
    out = []
    for name in sorted(os.listdir(cdir)):
        path = os.path.join(cdir, name, "article.txt")
        if os.path.isfile(path):
            with open(path, "rb") as f:
                data = f.read()
            if len(data) > MAX_SEED:
                cut = data.rfind(b"\n\n", 0, MAX_SEED)
                data = data[: cut if cut > 0 else MAX_SEED]
            out.append((name, data))
    return out


STYLES = (
    "\u201cCurly double,\u201d said Ann Lee. \u2018Curly single,\u2019 he said.\n\n"
    "\"Straight double,\" Bob Smith said. 'Straight single,' she added.\n\n"
    "\u201eGerman low,\u201c sagte Merkel. \u201aGerman single,\u2018 sagte er.\n\n"
    "\u00abGuillemets\u00bb, a dit Macron. \u00ab\u00a0Espace fine\u00a0\u00bb, selon lui. "
    "\u2039single guillemets\u203a.\n\n"
    "\u300cCorner brackets\u300d said Tanaka. ``TeX style,'' according to police.\n\n"
    "\u201cOuter \u2018inner \u201cdeepest\u201d inner\u2019 outer,\u201d the spokesman said.\n\n"
    "It's the '90s' rock 'n' roll, the dogs' bone, y'all.\n\n"
    "\u2014 Es la raya, dijo el ministro.\n"
)

HOSTILE = {
    "empty": b"",
    "space": b"   \n\t\r\n  \n\n\n ",
    "crlf": b"\"Hello,\" he said.\r\n\r\n\"Bye,\" Ann Lee said.\r\n",
    "bom": b"\xef\xbb\xbf\"Quote,\" said Ann.\n\n\xef\xbb\xbf\"Again,\" she said.",
    "nul": b"\"Before\x00after,\" said Bob\x00 Smith.\x00\x00\n\n\x00\"x\"",
    "invalid-utf8": b"\"Bad \xff\xfe bytes \xc3\x28 and \xe2\x82,\" said \xc0\xafAnn \xed\xa0\x80Lee.",
    "truncated": b"\"Cut at the end,\" said Jos\xc3",
    "continuation-bytes": b"\x80\x81\x82 \"\xbf\xbf,\" \xe2\x80 said \xe2\x80\x9c\x9d Ann.",
    "overlong": b"\xc0\x80\xc1\xbf \xe0\x80\xaf\xf0\x80\x80\xaf \"q\" said \xf8\x88\x80\x80\x80 X.",
    "surrogates": b"\xed\xa0\x80\xed\xbf\xbf \"\xed\xb0\x80,\" said Ann \xf4\x90\x80\x80.",
    "unclosed-curly": "\u201c" * 300 + " no closer said Ann",
    "unclosed-straight": '"' * 300 + " said Bob",
    "unclosed-mixed": ("\u201c a \" b ' c \u00ab d \u300c " * 40),
    "closers-only": ("\u201d\u2019\u00bb\u203a\u300d'' " * 60),
    "nesting": "".join("\u201c\u2018"[i % 2] + "w%d " % i for i in range(200)) +
               "".join("\u201d\u2019"[i % 2] for i in range(199, -1, -1)) + " said Ann Lee.",
    "nesting-straight": "".join("\"'"[i % 2] + " x" for i in range(300)),
    "apostrophes": "'" * 2000,
    "alternating": "'\"" * 1000,
    "one-quote": "\u201c" + "He said the word again and again. " * 80 + "\u201d said Ann Lee.",
    "long-para": "word " * 800 + "\"quote,\" said Ann Lee. " + "word " * 10,
    "names": "Mr Mike Pompeo, the secretary of state, said: \"No.\" Mr Pompeo added, "
             "\"Never,\" he said. \"Still no,\" said Pompeo. Mrs Pompeo said \"yes\".\n\n"
             "\"And you?\" asked Dr. J. R. R. Tolkien Jr., 54, R-Ky., on Monday.",
    "headline": "\u201cWe will not back down,\u201d says mayor\n\nThe mayor, Ann Lee, said: "
                "\u201cWe will not back down.\u201d\n\n\u201cNever.\u201d\n",
    "dashes": "\"Quote\" \u2015 Christina Lastra\n\n\"Quote\" \u2014 she\n\n\"-\" - X",
    "u2028": "\"Line\u2028sep\u2029para,\" said Ann.\x7f\x01\x1b",
}


def binary(seed, n):
    rnd = random.Random(seed)
    return bytes(rnd.getrandbits(8) for _ in range(n))


def extract_seeds():
    for name, data in articles():
        write("fuzz_extract", "article-" + name, data)
    write("fuzz_extract", "styles", STYLES)
    for name, data in HOSTILE.items():
        write("fuzz_extract", name, data)
    write("fuzz_extract", "binary", binary(1, 2048))


def jsonl_seeds():
    good = [json.dumps({"id": "a1", "text": STYLES[:400], "lang": "en"}, ensure_ascii=False),
            json.dumps({"id": 42, "text": "\"Number id,\" said Ann.", "extra": [1, {"x": None}]}),
            json.dumps({"text": "\"No id,\" said Bob. \u2028", "id": None}),
            json.dumps({"id": "esc", "text": "\"\\u escapes\" \ud83d\ude00 said Ann."}),
            '{"id":"surrogates","text":"lone \\ud800 high \\udc00 low \\ud83d\\ude00 pair"}',
            '{"id":"nul","text":"a\\u0000b \\"q\\" said \\u00e9mile"}',
            '  {"text" : "spaces around" , "id" : 1.5e3 }  ']
    bad = ['{"id":"x"}',                       # no text
           '{"id":"x","text":5}',              # text not a string
           '{"id":"x","text":null}',
           '{"id":"x","text":["a"]}',
           '{"id":"x","text":"unterminated',
           '{"id":"x","text":"bad \\x escape"}',
           '{"id":"x","text":"bad \\u12 escape"}',
           '{"id":"x","text":"ctrl \x01 char"}',
           '{"id":"x","text":"ok"} trailing',
           '{"id":"x" "text":"no comma"}',
           '{"id":"x",}',
           '[1,2,3]',
           'not json at all',
           '{"id":' + '[' * 300 + ']' * 300 + ',"text":"deep"}',
           '{"id":"x","text":"t","n":1e}',
           '{"id":"x","text":"t","n":' + '9' * 100 + '}',
           '{"id":{"nested":"id"},"text":"t"}',
           '{"id":tru,"text":"t"}',
           '{']
    write("fuzz_jsonl", "good", "\n".join(good) + "\n")
    write("fuzz_jsonl", "bad", "\n".join(bad) + "\n")
    write("fuzz_jsonl", "mixed", "\n".join(x for pair in zip(good, bad) for x in pair) + "\n")
    write("fuzz_jsonl", "crlf-blank", "\r\n".join(good[:3]) + "\r\n\r\n   \n\t\n")
    write("fuzz_jsonl", "invalid-utf8",
          b'{"id":"\xff\xfe","text":"\xc3\x28 \xed\xa0\x80 \\"q\\" said \xc0\xafAnn"}\n')
    write("fuzz_jsonl", "bom", b'\xef\xbb\xbf{"id":"bom","text":"x"}\n{"text":"\xef\xbb\xbfy"}')
    write("fuzz_jsonl", "no-newline", good[0])
    for name, data in list(HOSTILE.items())[:12]:
        text = data.decode("utf-8", "surrogateescape") if isinstance(data, bytes) else data
        line = json.dumps({"id": name, "text": text}, ensure_ascii=(name == "nul"))
        write("fuzz_jsonl", "doc-" + name, line.encode("utf-8", "surrogateescape") + b"\n")
    write("fuzz_jsonl", "binary", binary(2, 1024))


def rules_seeds():
    with open(os.path.join(ROOT, "rules", "en", "patterns.rules"), "rb") as f:
        patterns = f.read()
    write("fuzz_rules", "patterns-intree", patterns)
    write("fuzz_rules", "patterns-small",
          "locale en\ndefine N \\p{Lu}\\p{Ll}+\n"
          "rule r1 after 0.9 ^[\\s,]*(?<cue>{CUE})\\s+(?<speaker>{N})\n"
          "rule r2 before 0.8 (?<speaker>{N})\\s+(?<cue>{CUE}):?\\s*\\z\n"
          "rule r3 sentence-after 0.5 (?<speaker>{PRONOUN})\\s+(?<cue>{CUE})\n")
    bad = {
        "bad-keyword": "locale en\nrul x after 0.9 ^x\n",
        "bad-scope": "rule x nowhere 0.9 (?<speaker>x)\n",
        "bad-confidence": "rule x after 1.5 (?<speaker>x)\nrule y after abc (?<speaker>x)\n",
        "bad-regex": "rule x after 0.9 (?<speaker>[a-\n",
        "bad-macro": "define lower x\nrule x after 0.9 {NOPE}(?<speaker>x)\n",
        "macro-loop": "define A {A}\nrule x after 0.9 {A}\n",
        "macro-blowup": "define A xx\ndefine B {A}{A}{A}{A}{A}{A}{A}{A}\n"
                        "define C {B}{B}{B}{B}{B}{B}{B}{B}\ndefine D {C}{C}{C}{C}{C}{C}{C}{C}\n"
                        "define E {D}{D}{D}{D}{D}{D}{D}{D}\nrule x after 0.9 {E}{E}{E}{E}\n",
        "no-rules": "# only a comment\nlocale en\n",
        "empty": "",
        "missing-fields": "rule\nrule x\nrule x after\nrule x after 0.9\ndefine\ndefine X\nlocale\n",
        "no-speaker-group": "rule x after 0.9 ^said\n",
        "catastrophic": "rule x sentence-after 0.9 (?<speaker>(a+)+$)\n",
        "long-line": "rule x after 0.9 " + "a" * 9000 + "\n",
        "invalid-utf8": b"rule x after 0.9 (?<speaker>\xff\xfe)\n",
        "nul": b"rule x\x00 after 0.9 (?<speaker>x)\n",
        "crlf": "locale en\r\nrule x after 0.9 (?<speaker>\\w+)\r\n",
        "bad-locale": "locale \xff\xff-not-a-locale@@@\nrule x after 0.9 (?<speaker>x)\n",
        "subroutine-self": "subroutine A a{A}?\nrule x after 0.9 (?<speaker>{A})\n",
        "subroutine-loop": "subroutine A (?:{A})*\nrule x after 0.9 (?<speaker>{A}x)\n",
        "subroutine-chain": "subroutine A \\p{Lu}\\p{Ll}+\nsubroutine B {A}(?:\\s+{A}){0,5}\n"
                            "define C (?:{B}|{A})\nrule x after 0.9 ^\\s*(?<speaker>{C})\\s+(?<cue>{CUE})\n",
        "dialogue-dashes": "dialogue-dashes maybe\ndialogue-dashes off\nrule x after 0.9 (?<speaker>x)\n",
        "unbalanced-brace": "rule x after 0.9 {CUE(?<speaker>x)\nrule y after 0.9 }x{\n",
    }
    for name, data in bad.items():
        write("fuzz_rules", "patterns-" + name, data)
    lists = {
        "cues.txt": "said\nsays\n# comment\nsaid it (regex?)\n[\n\\\n*\n",
        "titles.txt": "Mr @male\nMrs @female\nDr @nobody\n@male\nSen. @\n",
        "pronouns.txt": "he @male\nshe @female\nthey @plural\nit\n",
        "stopwords.txt": "The\n\xff\xfe\n(\n",
        "particles.txt": "von\nvan der\n\n\n   \n",
        "roles.txt": "spokesman\n" + "x" * 9000 + "\n",
        "abbreviations.txt": "Mr.\nU.S.\n.\n..\n",
    }
    for name, data in lists.items():
        write("fuzz_rules", "list-" + name, "#!" + name + "\n" + data)
    write("fuzz_rules", "list-cues-empty", "#!cues.txt\n")
    write("fuzz_rules", "binary", binary(3, 512))


def main():
    extract_seeds()
    jsonl_seeds()
    rules_seeds()
    for t in sorted(os.listdir(OUT)):
        print(t, len(os.listdir(os.path.join(OUT, t))), "files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
