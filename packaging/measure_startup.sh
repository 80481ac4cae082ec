#!/usr/bin/env bash
# Seconds from launching the built app to its window being on screen, under Xvfb.
#   xvfb-run -a bash packaging/measure_startup.sh [dist/Colorizer/Colorizer]
set -euo pipefail
app="${1:-dist/Colorizer/Colorizer}"
start=$(date +%s.%N)
"$app" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until xwininfo -root -tree 2>/dev/null | grep -q '"Colorizer"'; do
  kill -0 "$pid" 2>/dev/null || { echo "the app exited before showing a window" >&2; exit 1; }
  sleep 0.05
done
end=$(date +%s.%N)
python3 -c "print(f'window visible after {$end - $start:.2f} s')"
