#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into ./build-fuzz and runs each for a bounded time:
# SECONDS for the frame assembler (default 30), a third of that (at least 5 s) for the other parsers.
# Prints the executions each reached; exits non-zero if any fuzzer found a crash or a broken invariant
# (the input is saved in build-fuzz/artifacts/). Seeds come from fuzz/corpus/<name>/ (never written
# to); what the fuzzers learn is kept in build-fuzz/corpus/<name>/ for the next run.
#
#   scripts/fuzz.sh          CI: ~30 s + 10 s for each of the other parsers
#   scripts/fuzz.sh 3600     a long local run (an hour on the assembler, 20 min on each of the rest)
# See docs/ROBUSTNESS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
case $seconds in '' | *[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;; esac
build=${FARMCAM_FUZZ_BUILD_DIR:-build-fuzz}

# -O1, as libFuzzer's documentation suggests: CI builds the instrumented core faster than at -O2,
# and the fuzzers lose little speed.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g -DNDEBUG" \
    -DFARMCAM_FUZZ=ON -DFARMCAM_WERROR=ON -DFARMCAM_BUILD_TESTS=OFF -DFARMCAM_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzzers

others=$((seconds / 3))
[ "$others" -ge 5 ] || others=5
mkdir -p "$build/artifacts"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

status=0
summary=()
for name in frameassembler loginpacket printerconfig graboptions statusreport discovery h264decoder mjpegmultipart sharerequest byterange h264annexb ringchunk; do
    time=$others
    max_len=1024
    if [ "$name" = frameassembler ]; then
        time=$seconds
        max_len=8192 # room for a few frames of a real (small) JPEG
    elif [ "$name" = statusreport ]; then
        max_len=8192 # a printer's full report is a few KB
    elif [ "$name" = mjpegmultipart ]; then
        max_len=16384 # a few parts of small JPEGs, and past the smaller part limits
    elif [ "$name" = discovery ]; then
        max_len=4300 # just past the datagram limit (4096)
    elif [ "$name" = h264decoder ]; then
        max_len=16384 # a few access units of a small real clip (the seeds are 4 KB)
    elif [ "$name" = ringchunk ]; then
        max_len=4096 # a few records of small frames
    elif [ "$name" = sharerequest ]; then
        max_len=4400 # just past the request target limit (4096), plus a header
    fi
    # Header names and tokens: Qt's string compares are not instrumented, so the fuzzer cannot
    # discover them by itself.
    dict=()
    [ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
    corpus="$build/corpus/$name"
    log="$build/fuzz-$name.log"
    mkdir -p "$corpus"
    echo "fuzz_$name: ${time} s" >&2
    rc=0
    "$build/fuzz/fuzz_$name" "$corpus" "fuzz/corpus/$name" -max_total_time="$time" -max_len="$max_len" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" "${dict[@]}" \
        >"$log" 2>&1 || rc=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    entries=$(find "$corpus" -type f | wc -l)
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "fuzz_$name FAILED (exit $rc); the end of its log ($log):" >&2
        tail -n 40 "$log" >&2
        summary+=("$(printf '%-16s %6s s  %12s executions  %8s/s  %5s corpus  FAILED' "$name" "$time" "${executions:-?}" "${rate:-?}" "$entries")")
    else
        summary+=("$(printf '%-16s %6s s  %12s executions  %8s/s  %5s corpus  ok' "$name" "$time" "${executions:-?}" "${rate:-?}" "$entries")")
    fi
done

echo "fuzzing summary:"
printf '  %s\n' "${summary[@]}"
exit $status
