#!/usr/bin/env bash
# Installs what ckm's tests and `make run` need from Debian's packages when
# it is missing: redis-server (and, with "browser", chromium). Needs root or
# sudo to install; says what to do otherwise.
set -euo pipefail

want=()
command -v redis-server >/dev/null 2>&1 || want+=(redis-server)
if [[ "${1:-}" == browser ]]; then
	command -v chromium >/dev/null 2>&1 || want+=(chromium)
fi
[[ ${#want[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
	sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=(sudo -n)
else
	echo "deps: missing ${want[*]}; install with: sudo apt-get install ${want[*]}" >&2
	exit 1
fi
echo "deps: installing ${want[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
# Debian's package starts a system Redis on 6379; ckm never relies on it.
