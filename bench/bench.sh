#!/bin/sh
# Throughput benchmark (not a test): builds an optimised whosaid in
# build-release/ and reports MB/s, documents/s and peak RSS on a
# deterministic synthetic news corpus and on PolNeAR dev (if ../shared is
# there).  Each figure is the median of 3 runs, to damp machine noise.
#   sh bench/bench.sh [SIZE_MB]   (default 10)
set -e
cd "$(dirname "$0")/.."
size=${1:-10}
[ -d build-release ] || meson setup build-release --buildtype=release -Dtests=false >/dev/null
ninja -C build-release >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/synth.py "$size" > "$tmp/synth.jsonl"
set -- "$tmp/synth.jsonl"
[ -f ../shared/eval/polnear/dev.jsonl ] && set -- "$@" ../shared/eval/polnear/dev.jsonl
printf '%-28s %8s %9s %10s %9s\n' input MB MB/s docs/s peakRSS_MB
for f in "$@"; do
    bytes=$(wc -c < "$f"); docs=$(wc -l < "$f")
    for i in 1 2 3; do
        /usr/bin/time -f '%e %M' -o "$tmp/t$i" ./build-release/whosaid --input=jsonl "$f" > /dev/null
    done
    sort -n "$tmp/t1" "$tmp/t2" "$tmp/t3" | sed -n 2p > "$tmp/median"
    read secs rss < "$tmp/median"
    python3 -c "import sys; b,d,s,r=map(float,sys.argv[2:]); s=max(s,0.01); print('%-28s %8.1f %9.1f %10.0f %9.1f' % (sys.argv[1][-28:], b/1e6, b/1e6/s, d/s, r/1024))" "$f" "$bytes" "$docs" "$secs" "$rss"
done
