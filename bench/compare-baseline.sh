#!/usr/bin/env bash
# Before/after in one run: builds FarmCam as it was before the performance work (commit BASE plus
# bench/baseline-hook.patch, which adds only the latency hook and farmcam-sim --jpeg-quality) next to
# the current tree, then runs farmcam-bench from both, scenario by scenario, alternating, and prints
# before/after tables, followed by bench_tilepaint from both.
#
# Usage: bench/compare-baseline.sh [--base COMMIT] [--build DIR] [--scenarios LIST] [--duration S]
#                                   [--own-bench]
#   --base      the commit before the performance work (default 55ff604)
#   --own-bench build the baseline with its own bench/ and no hook patch: for a base whose
#               benchmark already measures the same figures (41d80bc on), when today's bench/ no
#               longer compiles against the old API
#   --build     a configured Release build of the current tree (default build-perf); the baseline
#               is built in DIR/baseline
#   --scenarios, --duration: as farmcam-bench's (defaults: its defaults, 20 s)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=55ff604
build=$repo/build-perf
scenarios="grid:1:1,grid:16:1,grid:64:1,grid:4:30,grab"
duration=20
own_bench=0
while [[ $# -gt 0 ]]; do
    case $1 in
    --base) base=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --own-bench) own_bench=1; shift ;;
    *) echo "compare-baseline: unknown option $1" >&2; exit 2 ;;
    esac
done

targets=(farmcam-bench farmcam-sim farmcam-grab bench_tilepaint)
echo "== building the current tree in $build" >&2
cmake --build "$build" -j2 --target "${targets[@]}" >/dev/null

src=$build/baseline/src
bb=$build/baseline/build
echo "== building the baseline ($base + bench/baseline-hook.patch) in $bb" >&2
rm -rf "$src"
mkdir -p "$src"
git -C "$repo" archive "$base" | tar -x -C "$src"
if [[ $own_bench == 0 ]]; then
    rm -rf "$src/bench"
    cp -r "$repo/bench" "$src/bench" # the same benchmark code on both sides
    (cd "$src" && patch -p1 --quiet <"$repo/bench/baseline-hook.patch")
fi
cmake -S "$src" -B "$bb" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFARMCAM_BUILD_TESTS=OFF >/dev/null
cmake --build "$bb" -j2 --target "${targets[@]}" >/dev/null

out=$build/compare-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out/before" "$out/after"
i=0
IFS=',' read -ra list <<<"$scenarios"
for scenario in "${list[@]}"; do
    i=$((i + 1))
    for side in before after; do
        dir=$build
        [[ $side == before ]] && dir=$bb
        echo "== $scenario ($side)" >&2
        "$dir/bench/farmcam-bench/farmcam-bench" --scenarios "$scenario" --duration "$duration" \
            --json "$out/$side/$(printf %02d "$i").json" >"$out/$side/$(printf %02d "$i").txt" ||
            echo "compare-baseline: $scenario ($side) failed, see $out/$side" >&2
    done
done

echo
echo "farmcam-bench before → after, $(date -Iseconds), ${duration} s per grid scenario"
if [[ $own_bench == 0 ]]; then
    echo "(before: $base + bench/baseline-hook.patch; results in $out)"
else
    echo "(before: $base with its own bench/; results in $out)"
fi
echo
"$build/bench/farmcam-bench/farmcam-bench" --compare "$out/before,$out/after"
echo
for side in before after; do
    dir=$build
    [[ $side == before ]] && dir=$bb
    echo "bench_tilepaint, $side:"
    "$dir/bench/bench_tilepaint" --benchmark_filter=tilePaint 2>/dev/null | grep '^tilePaint' || true
done
