#!/usr/bin/env bash
# Builds each program under sizes/ as bin/ckm is built (static, stripped)
# and prints its size and what it adds to the standard-library baseline.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| program | size | added to the baseline |"
echo "|---|---|---|"
for d in base cobra progressbar mpb plot enmime astisub lingua; do
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/$d" "./sizes/$d"
	size=$(stat -c %s "$out/$d")
	[[ $d == base ]] && base=$size
	printf "| %s | %.1f MB | %+.1f MB |\n" "$d" "$(echo "$size/1000000" | bc -l)" "$(echo "($size-$base)/1000000" | bc -l)"
done
