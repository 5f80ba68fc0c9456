#!/bin/sh
# Throughput benchmark (not a test).  Builds an optimised whosaid in
# build-release/ and prints, for each input, MB/s with one and two worker
# threads, the speed-up, ICU sentence segmentation alone on the same input
# (the natural ceiling), whosaid's share of it, documents/s and peak RSS.
# Each time is the median of 3 runs (7 under 50 MB, one for 1000 MB), to
# damp machine noise.  Inputs: a deterministic synthetic news corpus of each
# size given (default 10 and 100 MB), and ../shared/eval/polnear/dev.jsonl
# repeated 10 times if it is there.  Runs start with the pattern cache
# filled.
#   sh bench/bench.sh [SIZE_MB ...]      e.g. sh bench/bench.sh 10 100 1000
set -e
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- 10 100
[ -d build-release ] || meson setup build-release --buildtype=release -Dtests=false >/dev/null
ninja -C build-release >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The compiled-pattern cache (see --cache), filled before the timed runs,
# as after a user's first run.
export WHOSAID_CACHE="$tmp/cache"
./build-release/whosaid --input=jsonl < /dev/null
inputs=""
for size in "$@"; do
    python3 bench/synth.py "$size" > "$tmp/synth-${size}MB.jsonl"
    inputs="$inputs $tmp/synth-${size}MB.jsonl"
done
if [ -f ../shared/eval/polnear/dev.jsonl ]; then
    for i in 1 2 3 4 5 6 7 8 9 10; do cat ../shared/eval/polnear/dev.jsonl; done > "$tmp/polnear-x10.jsonl"
    inputs="$inputs $tmp/polnear-x10.jsonl"
fi

# median_time RUNS COMMAND...: prints "seconds peak_rss_kb" of the median
# run.  The clock is read to the nanosecond: time(1)'s hundredths of a
# second would move a 0.1 s run by a tenth.
median_time() {
    runs=$1; shift
    : > "$tmp/times"
    i=0
    while [ $i -lt "$runs" ]; do
        start=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$tmp/t" "$@" > /dev/null
        end=$(date +%s%N)
        echo "$(( (end - start) / 1000 )) $(cat "$tmp/t")" >> "$tmp/times"
        i=$((i + 1))
    done
    sort -n "$tmp/times" | sed -n "$(( (runs + 1) / 2 ))p" |
        awk '{ printf "%.6f %s\n", $1 / 1e6, $2 }'
}

echo "targets (issue 5): j1 >= 40 MB/s, share >= 0.35, speedup >= 1.7, RSS < 100 MB at 1 GB"
printf '%-20s %7s %9s %9s %7s %9s %7s %8s %8s  %s\n' input MB 'j1 MB/s' 'j2 MB/s' speedup 'seg MB/s' share 'docs/s' 'RSS MB' missed
for f in $inputs; do
    bytes=$(wc -c < "$f"); docs=$(wc -l < "$f")
    # Short runs are noisier: more of them.
    runs=3; [ "$bytes" -lt 50000000 ] && runs=7; [ "$bytes" -gt 500000000 ] && runs=1
    set -- $(median_time $runs ./build-release/whosaid --jobs=1 --input=jsonl "$f"); j1=$1; rss=$2
    set -- $(median_time $runs ./build-release/whosaid --jobs=2 --input=jsonl "$f"); j2=$1
    set -- $(median_time $runs ./build-release/bench/segment_only "$f"); seg=$1
    python3 - "$(basename "$f" .jsonl)" "$bytes" "$docs" "$j1" "$j2" "$seg" "$rss" <<'PY'
import sys
name, b, d, j1, j2, seg, rss = sys.argv[1], *map(float, sys.argv[2:])
mb = b / 1e6
j1, j2, seg = (max(x, 0.01) for x in (j1, j2, seg))
missed = [t for t, ok in (("j1", mb / j1 >= 40), ("share", seg / j1 >= 0.35),
                          ("speedup", j1 / j2 >= 1.7), ("RSS", rss / 1024 < 100)) if not ok]
print(f"{name:20} {mb:7.1f} {mb / j1:9.1f} {mb / j2:9.1f} {j1 / j2:7.2f} {mb / seg:9.1f} "
      f"{seg / j1:7.2f} {d / j1:8.0f} {rss / 1024:8.1f}  {' '.join(missed) or '-'}")
PY
done
