#!/usr/bin/env bash
# The compare benchmark: Strategies/compare's four strategies scaled to 10,000 replicas
# (nodes shaped like Kubernetes' default 110 pods, 25 % headroom, the default
# leastAllocated scheduler), run headless by the release `rollsim compare` as a user
# would: wall time, CPU time (user + sys, all cores) and CPU per strategy.
#
#   swift build -c release --product rollsim && bash Benchmarks/compare-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ROLLSIM:-.build/release/rollsim}
[ -x "$bin" ] || { echo "build first: swift build -c release --product rollsim" >&2; exit 1; }
replicas=${REPLICAS:-10000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# 110 pods of 250m per node; room for replicas × 1.25 pods.
nodes=$(( (replicas * 5 / 4 + 109) / 110 ))
sed -e "s/nodes: 5, cpu: 1250m, memory: 4Gi/nodes: $nodes, cpu: 27500m, memory: 64Gi/" \
    -e "s/requestsPerSecond: 400/requestsPerSecond: $(( replicas * 20 ))/" \
    Strategies/compare/scenario.yaml > "$dir/scenario.yaml"
for f in Strategies/compare/strategies/*.yaml; do
  sed -e "s/replicas: 20$/replicas: $replicas/" "$f" > "$dir/$(basename "$f")"
done
files=("$dir"/blue-green.yaml "$dir"/canary.yaml "$dir"/recreate.yaml "$dir"/rolling-update.yaml)
echo "rollsim compare: 4 strategies × $replicas replicas on $nodes nodes ($(nproc) cores)"
/usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$bin" compare "${files[@]}" --scenario "$dir/scenario.yaml" --format csv > "$dir/out.csv"
read -r wall user sys rss < "$dir/time"
cut -d, -f1-5 "$dir/out.csv" | column -t -s,
awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
  printf "wall %.2f s, CPU %.2f s (%.2f s per strategy), peak RSS %.0f MiB\n", w, u + s, (u + s) / 4, r / 1024 }'
