#!/usr/bin/env bash
# Regenerate the README screenshots in docs/images/: build example_site into a temporary
# folder, serve it on 127.0.0.1 and photograph pages with headless Chromium (Debian's
# `chromium` package). Usage: scripts/screenshots.sh  (from any directory; needs the .venv
# of the README and `chromium` on PATH; PORT overrides the port, 8765 by default).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
port="${PORT:-8765}"
work="$(mktemp -d)"
server_pid=""
serve_pid=""
cleanup() {
  for pid in "$server_pid" "$serve_pid"; do
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

export NO_MKDOCS_2_WARNING=1
"$python" -m mkdocs build --quiet --strict -f "$root/example_site/mkdocs.yml" -d "$work/site"
"$python" -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server_pid=$!
wait_for() {  # wait_for URL: until the server answers (10 s at most)
  for _ in $(seq 100); do
    if "$python" -c "import urllib.request; urllib.request.urlopen('$1')" 2>/dev/null; then return; fi
    sleep 0.1
  done
  echo "no answer from $1" >&2
  exit 1
}
wait_for "http://127.0.0.1:$port/"

# Material picks the palette from prefers-color-scheme (light first, slate for dark), so the
# dark screenshot only needs Chromium to report a dark preference.
shoot() {  # shoot OUTPUT URL HEIGHT [extra chromium flags...]; WIDTH=390 for a phone
  local output="$1" url="$2" height="$3"
  shift 3
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$(mktemp -d -p "$work")" --window-size="${WIDTH:-1280},$height" \
    "$@" --screenshot="$output" "$url" 2>/dev/null
}

site="http://127.0.0.1:$port"
images="$root/docs/images"
mkdir -p "$images"
shoot "$images/dashboard.png" "$site/portal/" 1600
shoot "$images/dashboard-dark.png" "$site/portal/" 1600 --blink-settings=preferredColorScheme=0
shoot "$images/status-index.png" "$site/portal/status/" 1200
# A phone: wide tables scroll sideways behind a shade, charts keep legible labels.
WIDTH=390 shoot "$images/status-index-phone.png" "$site/portal/status/" 844 \
  --force-device-scale-factor=2
shoot "$images/spec-page.png" "$site/specs/payment-retries/" 1000
WIDTH=390 shoot "$images/dashboard-phone.png" "$site/portal/" 1400 --force-device-scale-factor=2 \
  --blink-settings=preferredColorScheme=0

# The example site's documents are all sound: its Needs attention page is empty. A generated
# site of 200 specs, one in twenty broken as in a real repository, shows the page at work.
"$python" "$root/benchmarks/generate.py" 200 "$work/generated" >/dev/null
"$python" -m mkdocs build --quiet -f "$work/generated/mkdocs.yml" -d "$work/site/generated" \
  2>/dev/null || true  # its findings fail the build; the site is written before that
shoot "$images/needs-attention.png" "$site/generated/portal/attention/" 1300

# While `mkdocs serve` runs, pages also show their own findings: photograph a draft spec.
serve_port=$((port + 1))
"$python" -m mkdocs serve --no-livereload -q -f "$root/example_site/mkdocs.yml" \
  -a "127.0.0.1:$serve_port" >/dev/null 2>&1 &
serve_pid=$!
wait_for "http://127.0.0.1:$serve_port/"
shoot "$images/serve-findings.png" "http://127.0.0.1:$serve_port/specs/notification-preferences/" 1100
echo "screenshots written to $images/"
