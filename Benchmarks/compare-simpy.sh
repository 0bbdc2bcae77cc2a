#!/bin/sh
# rollsim against a SimPy model of the same rolling update, in one run on one machine.
#
#   Benchmarks/compare-simpy.sh PEER [REPLICAS...]     (or SIMPY_PEER=PEER)
#
# PEER is the SimPy model script: `python3 PEER N` runs the rolling update
# (25 %/25 %, pods available 5 s after creation) of N replicas and prints its wall
# time. It is not part of this repository: it is simpy_peer.py from the team's shared
# benchmark folder (bench/simpy_peer.py, beside the reference notes), a ~70-line
# model with each pod a SimPy process and the Deployment controller's arithmetic.
# It needs SimPy 4.1.2:
#   pip install simpy==4.1.2
#
# Builds the release rollsim (with the Swift runtime and Foundation linked in,
# `--static-swift-stdlib`, the way a self-contained Linux binary is built: it saves about 10 ms of
# dynamic linking per process start, a third of a 100k-replica run) and
# rollsim-bench, then times, alternating in the same
# run, `rollsim simulate FILE --format jsonl > /dev/null` (the manifest rollsim-bench
# writes: the Deployment above on 110-pod nodes, default scheduler) and
# `python3 PEER N`, both as child processes measured the same way (wall clock, the
# child's CPU time and peak RSS), median of 5 runs. Default REPLICAS: 100000.
set -eu
peer=${1:-${SIMPY_PEER:-}}
if [ -z "$peer" ] || [ ! -f "$peer" ]; then
  echo "usage: $0 PEER [REPLICAS...]   (or set SIMPY_PEER): PEER is the SimPy model script" >&2
  exit 2
fi
[ $# -gt 0 ] && shift
python3 -c 'import simpy, sys; sys.exit(0 if simpy.__version__ == "4.1.2" else 1)' 2>/dev/null || {
  echo "$0: needs SimPy 4.1.2: pip install simpy==4.1.2" >&2
  exit 2
}
root=$(cd "$(dirname "$0")/.." && pwd)
swift build -c release --package-path "$root" --product rollsim --static-swift-stdlib
swift build -c release --package-path "$root/Benchmarks" --product rollsim-bench
[ $# -gt 0 ] || set -- 100000
cases=""
for n in "$@"; do cases="$cases rolling:$n"; done
# shellcheck disable=SC2086
exec "$root/Benchmarks/.build/release/rollsim-bench" --rollsim "$root/.build/release/rollsim" --runs 5 --peer "$peer" $cases
