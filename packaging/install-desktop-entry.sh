#!/usr/bin/env bash
# Adds Colorizer to the Linux desktop's applications (double-click to start).
#   bash packaging/install-desktop-entry.sh [dist/Colorizer]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app_dir="$(cd "${1:-$here/../dist/Colorizer}" && pwd)"
[ -x "$app_dir/Colorizer" ] || { echo "no built app in $app_dir (run pyinstaller build.spec first)" >&2; exit 1; }
target="${XDG_DATA_HOME:-$HOME/.local/share}/applications/colorizer.desktop"
mkdir -p "$(dirname "$target")"
sed "s|COLORIZER_DIR|$app_dir|g" "$here/colorizer.desktop" > "$target"
chmod +x "$target"
echo "installed $target"
