#!/usr/bin/env python3
"""Writes a deterministic synthetic news-like JSONL corpus of about N MB:
fictional articles with attributed, partial and continuation quotes."""
import json, random, sys

random.seed(42)
FIRST = ["Ana", "Tomas", "Mira", "Jon", "Priya", "Kofi", "Lena", "Marco", "Hana", "Omar"]
LAST = ["Lobo", "Reyes", "Varga", "Okafor", "Lindqvist", "Brandt", "Osei", "Moreau", "Tanaka", "Haddad"]
CUES = ["said", "told reporters", "added", "warned", "insisted", "wrote in a statement"]
WORDS = ("the council plan budget road school water price market vote policy court "
         "report city region minister agency delay cost risk project week").split()

def sentence(n):
    w = [random.choice(WORDS) for _ in range(n)]
    return w[0].capitalize() + " " + " ".join(w[1:]) + "."

def narrative():
    return " ".join(sentence(random.randint(8, 22)) for _ in range(random.randint(4, 7)))


def article(i):
    """About one quote per 1.3 KB, as in US political news (PolNeAR dev:
    6,151 quotes in 9 MB), in the usual shapes: partial, attributed direct,
    split and continuation quotes among narrative paragraphs."""
    people = [(random.choice(FIRST), random.choice(LAST)) for _ in range(3)]
    paras = [f"{sentence(6)[:-1]} in report {i}"]
    for f, l in people:
        paras.append(narrative())
        paras.append(f"{f} {l}, a spokeswoman for the agency, {random.choice(CUES)} the {random.choice(WORDS)} was \"{random.choice(WORDS)} {random.choice(WORDS)}\". " + sentence(12))
        paras.append(narrative())
        paras.append(f"\"{sentence(10)[:-1]},\" Mr {l} {random.choice(CUES)}. \"{sentence(9)}\"")
        paras.append(narrative())
        if random.random() < 0.3:
            paras.append(f"\"{sentence(11)}\"")
        paras.append(narrative())
    return "\n\n".join(paras)

target = float(sys.argv[1]) * 1e6 if len(sys.argv) > 1 else 10e6
n = written = 0
while written < target:
    line = json.dumps({"id": f"synth-{n}", "text": article(n)}) + "\n"
    sys.stdout.write(line)
    written += len(line.encode())
    n += 1
