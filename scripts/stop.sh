#!/usr/bin/env bash
# `make stop`: stops what `make run` started in CKM_DATA_DIR (default
# ./data): the server (whose script then stops its Redis), and ckm's own
# Redis even when the script is gone.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${CKM_DATA_DIR:-./data}
stopped=
if [[ -f "$data/run.pid" ]]; then
	pid=$(cat "$data/run.pid")
	if kill -TERM "$pid" 2>/dev/null; then
		for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		stopped=1
	fi
	rm -f "$data/run.pid"
fi
# (read once: the file vanishes when the script above stops its Redis)
if rpid=$(cat "$data/redis/redis.pid" 2>/dev/null) && kill -0 "$rpid" 2>/dev/null; then
	scripts/redis.sh stop "$data/redis"
	stopped=1
fi
if [[ -n "$stopped" ]]; then echo "stop: stopped ckm in $data"; else echo "stop: nothing of ckm runs from $data"; fi
