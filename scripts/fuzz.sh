#!/usr/bin/env bash
# Fuzzes the LINE and Messenger webhook parsers and the entity extractor with AFL++ through
# SharpFuzz, each for a fixed time, and prints executions and crashes. Exit status 1 when any
# target crashed; the crashing inputs are kept under .fuzz/<target>/default/crashes (replay one
# with: dotnet run --project tests/ChatCommerce.Fuzz -- <target> <file>) and belong in the hostile corpus.
#
# Usage: scripts/fuzz.sh [SECONDS per target, default 60] [TARGET ...: line messenger entities]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd); work=$root/.fuzz
seconds=${1:-60}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(line messenger entities)

if ! command -v afl-fuzz >/dev/null; then
  echo "installing afl++"; apt-get install -y -q afl++ >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q afl++ >/dev/null; }
fi
tools=$root/.test-services/tools
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null

rm -rf "$work"; mkdir -p "$work"
dotnet build tests/ChatCommerce.Fuzz -c Release -o "$work/bin" -nologo -v:q -clp:NoSummary >/dev/null
# Coverage comes from our own assemblies: instrument them in the copy AFL runs.
for dll in ChatCommerce.Channels.Common ChatCommerce.Channels.Line ChatCommerce.Channels.Messenger ChatCommerce.Language; do
  "$tools/sharpfuzz" "$work/bin/$dll.dll" >/dev/null
done

# Seeds: the valid examples of tests/ChatCommerce.Fuzz/seeds and the hostile corpus (small cases).
hostile=tests/ChatCommerce.IntegrationTests/Hostile/corpus
seed() { mkdir -p "$work/seeds/$1"; cp "tests/ChatCommerce.Fuzz/seeds/$1/"* "$work/seeds/$1/"; for f in "${@:2}"; do
  [ "$(stat -c %s "$f")" -le 4096 ] && cp "$f" "$work/seeds/$1/hostile-$(basename "$f")"; done; return 0; }
seed line "$hostile"/line/*
seed messenger "$hostile"/messenger/*
seed entities "$hostile"/texts/*

export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
failed=0
for target in "${targets[@]}"; do
  afl-fuzz -i "$work/seeds/$target" -o "$work/$target" -V "$seconds" -t 5000 -m none -- dotnet "$work/bin/ChatCommerce.Fuzz.dll" "$target" > "$work/$target.log" 2>&1 || true
  stats=$work/$target/default/fuzzer_stats
  if [ ! -f "$stats" ]; then echo "$target: afl-fuzz did not run (see $work/$target.log)"; tail -5 "$work/$target.log"; failed=1; continue; fi
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")
  crashes=$(awk -F' *: *' '$1=="saved_crashes"{print $2}' "$stats")
  hangs=$(awk -F' *: *' '$1=="saved_hangs"{print $2}' "$stats")
  paths=$(awk -F' *: *' '$1=="corpus_count"{print $2}' "$stats")
  echo "fuzz $target: ${seconds} s, executions $execs, inputs found $paths, crashes $crashes, hangs $hangs"
  [ "${crashes:-1}" = "0" ] || failed=1
done
exit $failed
