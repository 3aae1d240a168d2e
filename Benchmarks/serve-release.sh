# Sourced by the run-*.sh scripts: builds the release server and the named load generator,
# starts `sluice serve` on a fresh data directory (durability $1, default os) on $PORT, and
# stops it and removes the directory when the script exits.
swift build -c release --product sluice >/dev/null
swift build -c release --product "$GENERATOR" >/dev/null
DATA=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")
./.build/release/sluice serve --port "$PORT" --data "$DATA" --durability "${1:-os}" --log-level warning &
SERVER=$!
# Wait for the server to exit before removing its data: a process still closing SQLite
# would unlink the WAL by name.
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
sleep 1
