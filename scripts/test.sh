#!/usr/bin/env bash
# Runs every test of ChatCommerce on a fresh machine: installs the servers the tests start
# (redis-server; PostgreSQL 15 server binaries; Chromium for the console's browser tests), makes LINE's OpenAPI specs available, builds,
# runs the tests and prints one closing line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need_packages=()
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
# The console's browser tests drive Debian's Chromium headless through Playwright (no download).
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
if [ ${#need_packages[@]} -gt 0 ]; then
  log "installing ${need_packages[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi
# Debian's packages start their own servers; the tests start private ones on free ports instead.
if command -v service >/dev/null 2>&1; then
  as_root service redis-server stop >/dev/null 2>&1 || true
fi

# LINE's OpenAPI specs (Apache-2.0): ../shared has them for us and CI; anyone else gets the
# same files fetched from their public source at a pinned commit, kept out of the repository.
spec_dir="$root/../shared/reference/line-openapi"
if [ ! -f "$spec_dir/messaging-api.yml" ]; then
  spec_commit=07b4e11cd91e7a1c0dec9e4e127c8f044afb4ded
  spec_dir="$root/.test-services/line-openapi"
  if [ ! -f "$spec_dir/messaging-api.yml" ]; then
    log "fetching LINE OpenAPI specs at $spec_commit"
    mkdir -p "$spec_dir"
    for f in messaging-api.yml webhook.yml channel-access-token.yml; do
      curl -fsSL "https://raw.githubusercontent.com/line/line-openapi/$spec_commit/$f" -o "$spec_dir/$f"
    done
  fi
fi
export CHATCOMMERCE_LINE_OPENAPI_DIR="$spec_dir"

log "building"
dotnet build ChatCommerce.sln -c Release -nologo -clp:NoSummary -v:q

log "testing"
out=$(mktemp)
set +e
# A test that hangs is stopped after 8 minutes and named (with a dump under TestResults/), so a
# hang fails the run in minutes instead of using up CI's time.
dotnet test ChatCommerce.sln -c Release --no-build -nologo -v:q --logger "console;verbosity=minimal" \
  --blame-hang-timeout 8m --blame-hang-dump-type "${CHATCOMMERCE_HANG_DUMP:-mini}" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo 'Passed: +[0-9]+' "$out" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$out" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$out" | awk '{s+=$2} END {print s+0}')
rm -f "$out"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the run failed without a failing test (a crash or a build error): count it
fi
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
