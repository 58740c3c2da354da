#!/usr/bin/env bash
# Starts or stops ckm's own local redis-server, with its files (AOF, log,
# pid) under DIR, on PORT (default 6390, so it never touches a shared Redis
# on 6379).
#   scripts/redis.sh start DIR [PORT]   prints CKM_REDIS_ADDR=127.0.0.1:PORT
#   scripts/redis.sh stop DIR
set -euo pipefail
cmd=${1:?usage: redis.sh start|stop DIR [PORT]}
dir=${2:?usage: redis.sh start|stop DIR [PORT]}
port=${3:-6390}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case "$cmd" in
start)
	if redis-cli -p "$port" ping >/dev/null 2>&1; then
		if [[ -f "$dir/redis.pid" ]]; then
			echo "CKM_REDIS_ADDR=127.0.0.1:$port"
			exit 0
		fi
		echo "redis.sh: port $port is taken by another Redis; set CKM_REDIS_ADDR or REDIS_PORT" >&2
		exit 1
	fi
	redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --appendonly yes \
		--save "" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
	for _ in $(seq 50); do
		redis-cli -p "$port" ping >/dev/null 2>&1 && { echo "CKM_REDIS_ADDR=127.0.0.1:$port"; exit 0; }
		sleep 0.1
	done
	echo "redis.sh: redis-server did not start; see $dir/redis.log" >&2
	exit 1
	;;
stop)
	# The pid file can vanish between a test and a read: `make run`'s own
	# exit and `make stop` may stop this Redis at the same time, and
	# redis-server removes the file as it exits. Then it is stopping.
	if pid=$(cat "$dir/redis.pid" 2>/dev/null) && [[ -n "$pid" ]]; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	fi
	;;
*)
	echo "usage: redis.sh start|stop DIR [PORT]" >&2
	exit 2
	;;
esac
