#!/usr/bin/env bash
# Runs every fuzz target (or those named as arguments) one after another, each for FUZZ_SECONDS
# (default 20) or, when FUZZ_RUNS is set, for that many inputs. Built by `make fuzz-build`.
# Corpus: the committed seeds in Fuzz/Corpus/<target> plus a growing working corpus in
# Fuzz/.work/corpus/<target>; crashes go to Fuzz/.work/artifacts/. Exits 1 if any target found one.
# Limits (docs/FUZZING.md): 1 s per input, inputs up to 64 KB, 2 GB RSS, 256 MB per allocation.
set -uo pipefail
cd "$(dirname "$0")"
BIN=${FUZZ_BIN:-.build/release}
SECONDS_EACH=${FUZZ_SECONDS:-20}
RUNS=${FUZZ_RUNS:-}
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(FuzzCSV FuzzMovieLens FuzzMovieLens100K FuzzGeneric FuzzNpy FuzzEmbeddings FuzzModelCache FuzzEngine
                                  FuzzSnapshot FuzzSafeTensors FuzzTextEncoder FuzzCommand FuzzScenario FuzzBertConfig FuzzVocabulary
                                  FuzzGenericChunks)
mkdir -p .work/artifacts .work/logs
# Let libFuzzer see Swift runtime traps directly instead of the Swift backtracer.
export SWIFT_BACKTRACE=enable=no
# A small quarantine: recycling ASan's default 256 MB quarantine in one go took over a second on this
# shared machine and was reported as a timeout (the stack was in Quarantine::Recycle, not our code).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:quarantine_size_mb=16:malloc_context_size=10}
failed=0
for target in "${TARGETS[@]}"; do
  if [ ! -x "$BIN/$target" ]; then echo "$target: not built (run make fuzz-build)"; failed=1; continue; fi
  mkdir -p ".work/corpus/$target"
  if [ -n "$RUNS" ]; then budget=(-runs="$RUNS"); else budget=(-max_total_time="$SECONDS_EACH"); fi
  log=".work/logs/$target.log"
  "$BIN/$target" "${budget[@]}" -max_len=65536 -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=256 \
    -print_final_stats=1 -artifact_prefix=".work/artifacts/$target-" \
    ".work/corpus/$target" "Corpus/$target" >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$')
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*')
  rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*' "$log" | tail -1)
  if [ $status -eq 0 ]; then
    printf '%-18s ok     %10s inputs in %5s s, peak RSS %s MB, %s\n' "$target" "${runs:-?}" "${secs:-?}" "${rss:-?}" "${cov:-?}"
  else
    failed=1
    printf '%-18s FAILED after %s inputs: %s\n' "$target" "${runs:-?}" "$(grep -m1 -E 'ERROR:|fuzz invariant|Fatal error' "$log")"
    grep -m1 -o "Test unit written to .*" "$log"
  fi
done
exit $failed
