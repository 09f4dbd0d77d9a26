#!/usr/bin/env bash
# Build BatchWorkers and run every test against real PostgreSQL and RabbitMQ (see scripts/services.sh).
#
#   ./test.sh                           # every test but the fault suite
#   ./test.sh --filter EXPR             # dotnet test's filter, e.g. --filter "FullyQualifiedName~Jobs"
#   ./test.sh [--filter EXPR] -- ARG... # further arguments for dotnet test, as they are
#   ./test.sh --faults                  # only the fault suite (.ci/run runs it after the default run): kills workers, restarts and kills its own services
#
# The default run leaves the fault suite out (tests with Category=Faults, 3 to 11 minutes; docs/reliability.md).
# It runs on a PostgreSQL and RabbitMQ of its own (.local/fault-services/, ports 54339 and 56739-56741, node
# bw-faults@localhost; moved with BW_FAULTS_PG_PORT, BW_FAULTS_RABBIT_PORT), never on shared or external ones.
# The last line printed is always "N passed, N failed" (with ", N skipped" when tests were skipped). The exit
# status is non-zero when the build fails, a test fails, or no test runs. TRX files: .local/test-results/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage() {
  sed -n '4,7s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

filter=""
faults=0
extra=()
while (($#)); do
  case "$1" in
  --filter)
    (($# >= 2)) || usage
    filter="$2"
    shift 2
    ;;
  --filter=*)
    filter="${1#--filter=}"
    shift
    ;;
  --faults)
    faults=1
    shift
    ;;
  --)
    shift
    extra=("$@")
    break
    ;;
  -h | --help) usage ;;
  *)
    echo "test.sh: unknown argument: $1" >&2
    usage
    ;;
  esac
done

results=.local/test-results
passed=0 failed=0 skipped=0

# On every exit: stop what services.sh started, then the summary, so that it is the very last line.
# shellcheck disable=SC2317 # reached through the trap
finish() {
  local rc=$?
  if declare -F bw_services_stop >/dev/null; then bw_services_stop; fi
  if ((skipped)); then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/dotnet.sh
source scripts/dotnet.sh
bw_require_dotnet

# --- services, build, tests ---------------------------------------------------------------------------------------
if ((faults)); then
  # The fault suite restarts PostgreSQL and RabbitMQ: private instances of its own, so that nothing else running
  # on this machine (another test run, the quickstart) is disturbed. Shared or external services are never used.
  unset BW_PG_HOST BW_PG_PORT BW_PG_USER BW_PG_PASSWORD
  unset BW_RABBIT_HOST BW_RABBIT_PORT BW_RABBIT_USER BW_RABBIT_PASSWORD BW_RABBIT_MGMT_PORT
  faults_rabbit_port="${BW_FAULTS_RABBIT_PORT:-56739}"
  export BW_SERVICES_DIR="$PWD/.local/fault-services" BW_SERVICES_NO_DOCKER=1
  export BW_LOCAL_PG_PORT="${BW_FAULTS_PG_PORT:-54339}" BW_LOCAL_RABBIT_PORT="$faults_rabbit_port"
  export BW_LOCAL_RABBIT_MGMT_PORT=$((faults_rabbit_port + 1)) BW_LOCAL_RABBIT_DIST_PORT=$((faults_rabbit_port + 2))
  export BW_LOCAL_RABBIT_NODE=bw-faults@localhost BW_LOCAL_RABBIT_TLS_PORT=$((faults_rabbit_port + 3))
  # Synchronous commits, as in production: the suite kills PostgreSQL, and an asynchronous commit lost in that crash
  # would be the setting's doing, not the worker's.
  export BW_LOCAL_PG_DURABLE=1
fi

# shellcheck source=scripts/services.sh
source scripts/services.sh # exports BW_PG_* and BW_RABBIT_* for the tests

if ((faults)); then
  # Set by services.sh when the instance runs from BW_SERVICES_DIR (started now, or by an earlier run).
  if [[ "${_BW_SERVICES_SOURCE:-}" != local || -z "${_bw_pg_private:-}" || -z "${_bw_rabbit_private:-}" ]]; then
    echo "error: the fault suite restarts PostgreSQL and RabbitMQ, so it needs private instances of the OS packages" >&2
    echo "(apt-get install postgresql rabbitmq-server); the ports it wants answer with services it did not start." >&2
    echo "Free them or move the suite with BW_FAULTS_PG_PORT and BW_FAULTS_RABBIT_PORT." >&2
    exit 1
  fi
  # One started by hand before BW_LOCAL_PG_DURABLE existed commits asynchronously until its next start.
  if [[ "$(bw_psql -d postgres -Atqc 'SHOW synchronous_commit' 2>/dev/null)" != on ]]; then
    scripts/services.sh restart postgres || exit 1
  fi
  export BW_FAULTS_SERVICES=private
  project=tests/BatchWorkers.Tests
  filter="${filter:+($filter)&}Category=Faults"
else
  project=BatchWorkers.sln
  filter="${filter:+($filter)&}Category!=Faults"
  # The report page is checked in a real browser: Debian's headless Chromium, installed like the services.
  if ! command -v chromium >/dev/null 2>&1; then
    _bw_apt_install chromium || echo "warning: no chromium; the report page browser test will fail and say so." >&2
  fi
fi

echo "==> dotnet build $project -c Release (.NET SDK $BW_DOTNET_SDK)" >&2
if ! dotnet build "$project" -c Release; then
  echo "error: the build failed (see the errors above); no tests ran." >&2
  exit 1
fi

rm -rf "$results"
# The trx logger's default file names: a fixed LogFileName would be overwritten by each test project in turn.
args=(test "$project" -c Release --no-build --logger trx --results-directory "$results" --filter "$filter")
# A test that hangs is stopped and named after 10 minutes (no single test runs near that long) instead of holding
# the whole run until CI's limit.
args+=(--blame-hang-timeout 10m --blame-hang-dump-type none)
args+=("${extra[@]}")
echo "==> dotnet ${args[*]}" >&2
test_rc=0
started=$SECONDS
dotnet "${args[@]}" || test_rc=$?
if ((faults)) && [[ -f "$results/faults.md" ]]; then
  echo
  echo "Fault suite ($((SECONDS - started)) s):"
  cat "$results/faults.md"
fi

# --- summary from the TRX files -------------------------------------------------------------------------------------
# From each <Counters>: passed, and failed plus error/timeout/aborted. Skipped tests and the names of failed ones
# come from the <UnitTestResult> elements (one start tag per line in TRX files).
shopt -s nullglob
trx_files=("$results"/*.trx)
shopt -u nullglob
failures=""
if ((${#trx_files[@]})); then
  read -r passed failed skipped < <(awk '
    function count(tag, name) {
      if (match(tag, " " name "=\"[0-9]+\"")) { v = substr(tag, RSTART, RLENGTH); gsub(/[^0-9]/, "", v); return v + 0 }
      return 0
    }
    match($0, /<Counters [^>]*>/) {
      c = substr($0, RSTART, RLENGTH)
      p += count(c, "passed")
      f += count(c, "failed") + count(c, "error") + count(c, "timeout") + count(c, "aborted")
    }
    /<UnitTestResult / && /outcome="NotExecuted"/ { s++ } # Counters omit xUnit skips
    END { print p + 0, f + 0, s + 0 }' "${trx_files[@]}")
  failures="$(awk '
    /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
      if (match($0, / testName="[^"]*"/)) {
        n = substr($0, RSTART + 11, RLENGTH - 12)
        gsub(/&quot;/, "\"", n); gsub(/&apos;/, "'\''", n); gsub(/&lt;/, "<", n); gsub(/&gt;/, ">", n)
        gsub(/&amp;/, "\\&", n)
        print "  " n
      }
    }' "${trx_files[@]}" | sort -u)"
fi

status=0
if [[ -n "$failures" ]]; then
  echo "Failed tests:"
  echo "$failures"
fi
if ((failed > 0)); then
  status=1
elif ((passed + failed == 0)); then
  echo "error: no test ran${filter:+ (filter: $filter)}." >&2
  status=1
elif ((test_rc != 0)); then
  echo "error: dotnet test exited with status $test_rc although no test failed (a test host crash?); see above." >&2
  status=1
fi
exit "$status"
