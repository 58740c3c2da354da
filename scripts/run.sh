#!/usr/bin/env bash
# `make run`: makes sure a Redis is reachable, starts `ckm serve`, loads the
# sample in examples/ and keeps serving until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export CKM_DATA_DIR=${CKM_DATA_DIR:-./data}
export CKM_HTTP_ADDR=${CKM_HTTP_ADDR:-127.0.0.1:8080}
if [[ -z "${CKM_REDIS_ADDR:-}" ]]; then
	scripts/deps.sh
	export "$(scripts/redis.sh start "$CKM_DATA_DIR/redis" "${REDIS_PORT:-6390}")"
	echo "run: using ckm's own Redis at $CKM_REDIS_ADDR (files in $CKM_DATA_DIR/redis; stop it with: scripts/redis.sh stop $CKM_DATA_DIR/redis)"
fi

bin/ckm serve &
serve=$!
trap 'kill -TERM $serve 2>/dev/null; wait $serve' INT TERM
for _ in $(seq 100); do
	curl -fsS "http://$CKM_HTTP_ADDR/healthz" >/dev/null 2>&1 && break
	kill -0 $serve 2>/dev/null || { echo "run: ckm serve exited" >&2; exit 1; }
	sleep 0.2
done
bin/ckm enqueue --wait examples/sample.jsonl
cat <<MSG

ckm is running at http://$CKM_HTTP_ADDR with the sample loaded. Try:
  bin/ckm search invoices
  bin/ckm search --client acme-saude fatura
  curl 'http://$CKM_HTTP_ADDR/v1/search?q=exportação'
Ctrl-C stops the server.
MSG
wait $serve
