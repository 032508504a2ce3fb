#!/usr/bin/env bash
# Unit and integration tests (`pnpm test:unit`), in two steps:
#  1. the 200-cycle crash test (project crash) in a Vitest process of its own, beside the other
#     files (Vitest runs a project whose files go one at a time after every other project, never
#     beside one); its output follows the others';
#  2. then the relay files that time the relay itself (project relay-alone), with the machine to
#     themselves.
# Extra arguments go to the main run of step 1.
set -u
cd "$(dirname "$0")/.."
log=$(mktemp)
pnpm exec vitest run --project crash > "$log" 2>&1 &
crash=$!
pnpm exec vitest run --project shared --project client --project sync-server "$@"
rest=$?
wait "$crash"
crashed=$?
echo
echo "── the crash test (project crash) ──"
cat "$log"
rm -f "$log"
pnpm exec vitest run --project relay-alone
alone=$?
exit $((rest != 0 || crashed != 0 || alone != 0))
