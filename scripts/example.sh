#!/bin/sh
# Quick start: install what is missing, build into build/, run whosaid on
# an example article.
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
./build/whosaid corpus/en-04-split-quotes/article.txt
