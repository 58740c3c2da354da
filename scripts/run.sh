#!/usr/bin/env bash
# `make run`: starts ckm's own Redis (unless CKM_REDIS_ADDR names one),
# starts `ckm serve`, loads the sample in examples/, prints where the page
# is and a command that imports files, and serves until Ctrl-C or
# `make stop`. On the way out it stops the server and the Redis it
# started, and exits 0.
#
# Environment: CKM_HTTP_ADDR (default 127.0.0.1:8080), CKM_DATA_DIR
# (default ./data), REDIS_PORT (default 6390), CKM_REDIS_ADDR (use that
# Redis instead of starting one).
set -euo pipefail
cd "$(dirname "$0")/.."
export CKM_DATA_DIR=${CKM_DATA_DIR:-./data}
export CKM_HTTP_ADDR=${CKM_HTTP_ADDR:-127.0.0.1:8080}
server="http://$CKM_HTTP_ADDR"
mkdir -p "$CKM_DATA_DIR"
pidfile="$CKM_DATA_DIR/run.pid"
own_redis=
serve=

cleanup() {
	trap - INT TERM EXIT
	if [[ -n "$serve" ]] && kill -0 "$serve" 2>/dev/null; then
		kill -TERM "$serve" 2>/dev/null || true
		wait "$serve" 2>/dev/null || true
	fi
	rm -f "$pidfile"
	if [[ -n "$own_redis" ]]; then
		scripts/redis.sh stop "$CKM_DATA_DIR/redis"
		echo "run: stopped ckm's Redis" >&2
	fi
}
trap cleanup EXIT
trap 'cleanup; exit 0' INT TERM

if [[ -z "${CKM_REDIS_ADDR:-}" ]]; then
	scripts/deps.sh
	export "$(scripts/redis.sh start "$CKM_DATA_DIR/redis" "${REDIS_PORT:-6390}")"
	own_redis=1
	echo "run: started ckm's own Redis at $CKM_REDIS_ADDR (files in $CKM_DATA_DIR/redis)" >&2
fi

# With job control the server gets its own process group; `fg` below then
# hands it the terminal, so Ctrl-C reaches the server alone and make sees
# this script end normally.
set -m
bin/ckm serve &
serve=$!
echo "$serve" >"$pidfile"
for i in $(seq 150); do
	curl -fsS "$server/healthz" >/dev/null 2>&1 && break
	kill -0 "$serve" 2>/dev/null || { echo "run: ckm serve exited; see the log above" >&2; exit 1; }
	[[ $i == 150 ]] && { echo "run: ckm serve did not answer at $server" >&2; exit 1; }
	sleep 0.2
done
bin/ckm enqueue --server "$server" --wait examples/sample.jsonl >&2

# Printed a moment after the server has the terminal (fg below), so that
# a Ctrl-C pressed on reading it reaches the server, not make.
(sleep 0.5; cat <<MSG

ckm is running with a sample loaded. Open the page: $server/
Import files (email, mbox, transcripts, ticket exports), for example: bin/ckm import --server $server --client initech --wait examples/import
(Ctrl-C or \`make stop\` stops the server and its Redis.)
MSG
) &

if [[ -t 0 ]]; then
	fg %1 >/dev/null || true
else
	wait "$serve" || true
fi
serve=
