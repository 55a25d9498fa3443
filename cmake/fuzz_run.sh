#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Bounded libFuzzer run for ctest (cmake/BatonFuzz.cmake):
#   fuzz_run.sh <fuzzer> <work dir> [seed files...] -- <libFuzzer options...> -- [corpus dirs...]
# Starts from a fresh scratch corpus in <work dir>/new (plus the seed files, copied to
# <work dir>/seeds); crash, leak and timeout inputs are written to <work dir>/artifacts. On failure
# it prints the command that reproduces each artifact and the command that repeats the run.
set -u
exe=$1
work=$2
shift 2
rm -rf "$work"
mkdir -p "$work/new" "$work/seeds" "$work/artifacts" || exit 1
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  cp "$1" "$work/seeds/" || exit 1
  shift
done
[ $# -gt 0 ] && shift
opts=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  opts="$opts $1"
  shift
done
[ $# -gt 0 ] && shift
# Corpus directories follow; none of them contains spaces (they are under the source tree).
# shellcheck disable=SC2086
"$exe" $opts -artifact_prefix="$work/artifacts/" "$work/new" "$work/seeds" "$@"
rc=$?
if [ $rc -ne 0 ]; then
  echo "fuzz_run: $exe failed (exit status $rc)"
  for a in "$work"/artifacts/*; do
    [ -e "$a" ] || continue
    echo "fuzz_run: reproduce with: $exe $a"
  done
  echo "fuzz_run: repeat the run with: $exe$opts $work/new $work/seeds $*"
  echo "fuzz_run: a regression input goes into the corpus directory of the target (tests/fuzz/corpus/...)"
fi
exit $rc
