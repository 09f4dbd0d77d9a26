#!/usr/bin/env bash
# See BatchWorkers work on this machine: PostgreSQL and RabbitMQ (scripts/services.sh), a Release build, the sample
# model, the worker on http://127.0.0.1:5080, and a producer that publishes sample jobs and prints their outcome.
#
#   ./quickstart.sh          # then keeps the worker running until Ctrl+C
#   ./quickstart.sh --once   # then stops everything; the exit status is the sample producer's
# BW_QUICKSTART_PORT=5081 ./quickstart.sh puts the worker on another port when 5080 is taken.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root="$PWD"

once=0
case "${1:-}" in
"") ;;
--once) once=1 ;;
*)
  sed -n '5,7s/^# \{0,1\}//p' "$0" >&2
  exit 2
  ;;
esac

worker_url="http://127.0.0.1:${BW_QUICKSTART_PORT:-5080}"
bin=bin/Release/net10.0
bw_dll="src/BatchWorkers.Cli/$bin/bw.dll"
worker_dir="src/BatchWorkers.Worker/$bin"
producer_dll="src/BatchWorkers.SampleProducer/$bin/BatchWorkers.SampleProducer.dll"
log=.local/worker.log
worker_pid=""
producer_rc=1
serving=0

step() { printf '\n==> %s\n' "$*" >&2; }
die() {
  echo "error: $*" >&2
  exit 1
}

# Running, and not merely a zombie waiting to be reaped (which `kill -0` would still report).
worker_alive() {
  local stat
  [[ -n "$worker_pid" ]] || return 1
  if [[ ! -d /proc/self ]]; then kill -0 "$worker_pid" 2>/dev/null; return; fi
  stat="$(cat "/proc/$worker_pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

stop_worker() {
  worker_alive || return 0
  echo "Stopping the worker ..." >&2
  kill -TERM "$worker_pid" 2>/dev/null || true
  # A clean shutdown lets in-flight messages go back to RabbitMQ; after 30 s stop waiting.
  local i
  for ((i = 0; i < 60; i++)); do
    worker_alive || break
    sleep 0.5
  done
  if worker_alive; then kill -KILL "$worker_pid" 2>/dev/null || true; fi
  wait "$worker_pid" 2>/dev/null || true
  worker_pid=""
}

# shellcheck disable=SC2317 # reached through the traps
cleanup() {
  local rc=$?
  stop_worker
  if declare -F bw_services_stop >/dev/null; then bw_services_stop; fi
  exit "$rc"
}
trap cleanup EXIT
# Ctrl+C is how a kept-running quickstart ends: then it exits with the producer's status, like --once.
trap 'if ((serving)); then exit "$producer_rc"; else exit 130; fi' INT
trap 'exit 143' TERM

# shellcheck source=scripts/dotnet.sh
source scripts/dotnet.sh
bw_require_dotnet
# shellcheck source=scripts/services.sh
source scripts/services.sh # exports BW_PG_* and BW_RABBIT_*

step "dotnet build BatchWorkers.sln -c Release"
dotnet build BatchWorkers.sln -c Release || die "the build failed; see the errors above."

step "Installing the sample models (classifier, translator, summarizer) into .local/models"
dotnet "$bw_dll" models sample --kind all --store "$root/.local/models"

step "Database 'batchworkers' on $BW_PG_HOST:$BW_PG_PORT"
if [[ "$(bw_psql -d postgres -Atq -c "SELECT 1 FROM pg_database WHERE datname = 'batchworkers'")" != 1 ]]; then
  bw_psql -d postgres -q -c 'CREATE DATABASE batchworkers'
  echo "created" >&2
else
  echo "exists" >&2
fi

# The same RabbitMQ settings for the worker and the producer.
rabbit_env=(
  "RabbitMq__Host=$BW_RABBIT_HOST" "RabbitMq__Port=$BW_RABBIT_PORT" "RabbitMq__VirtualHost=/"
  "RabbitMq__Username=$BW_RABBIT_USER" "RabbitMq__Password=$BW_RABBIT_PASSWORD"
)
worker_env=(
  "${rabbit_env[@]}"
  "ConnectionStrings__Postgres=Host=$BW_PG_HOST;Port=$BW_PG_PORT;Username=$BW_PG_USER;Password=$BW_PG_PASSWORD;Database=batchworkers"
  "Models__StoreRoot=$root/.local/models"
  "Inputs__FileRoot=$root/.local/inputs"
  "DOTNET_ENVIRONMENT=Development"
  # Two glibc malloc arenas instead of eight per core: memory freed by retired ONNX Runtime sessions is reused
  # rather than stranded across arenas (docs/benchmarks.md, "Worker memory over 20 promotions").
  "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}"
)

step "Starting the worker on $worker_url (log: $log)"
if curl -s -o /dev/null -m 2 "$worker_url/health/live"; then
  die "something already answers on $worker_url (another worker?); stop it, or set BW_QUICKSTART_PORT."
fi
mkdir -p .local/inputs
# Run from its output folder: that is where its appsettings*.json are (the content root is the working folder).
(cd "$worker_dir" && exec env "${worker_env[@]}" dotnet BatchWorkers.Worker.dll --urls "$worker_url") >"$log" 2>&1 &
worker_pid=$!

deadline=$((SECONDS + 120))
until curl -fsS -o /dev/null -m 2 "$worker_url/health/ready" 2>/dev/null; do
  if ! worker_alive; then
    tail -n 40 "$log" >&2
    die "the worker exited during start-up; its log is $log (the end is above)."
  fi
  if ((SECONDS >= deadline)); then
    tail -n 40 "$log" >&2
    echo "Readiness now: $(curl -s -m 2 "$worker_url/health/ready" || echo 'no answer')" >&2
    die "the worker was not ready within 120 s. Read $log (the end is above); /health/ready names the failing
check (PostgreSQL or RabbitMQ), and 'scripts/services.sh env' shows the settings in use."
  fi
  sleep 1
done
echo "ready" >&2

step "Publishing the sample jobs through RabbitMQ"
producer_rc=0
env "${rabbit_env[@]}" "Api__BaseUrl=$worker_url" dotnet "$producer_dll" || producer_rc=$?
if ! worker_alive; then
  echo "warning: the worker stopped while the samples ran; see $log." >&2
fi

bw_cmd="dotnet $bw_dll"
if [[ "$worker_url" != http://127.0.0.1:5080 ]]; then bw_cmd+=" --url $worker_url"; fi
rabbit_login=""
if [[ "$BW_RABBIT_USER/$BW_RABBIT_PASSWORD" == bw/bw ]]; then rabbit_login=" (login bw / bw)"; fi
cat <<EOF

  Dashboard (Hangfire)   $worker_url/hangfire
  Reports (results, explanations)  $worker_url/reports
  API (OpenAPI)          $worker_url/openapi/v1.json
  RabbitMQ management    http://$BW_RABBIT_HOST:$BW_RABBIT_MGMT_PORT/$rabbit_login
  Worker log             $log

Try it yourself:
  $bw_cmd submit image-classification --model colours path/to/*.png
  $bw_cmd submit translation --model glossary-en-de --text "Good morning, my friend."
  $bw_cmd jobs
  $bw_cmd explain <job-id> 0 --out report/
EOF

if ((once)); then
  exit "$producer_rc"
fi
# shellcheck disable=SC2034 # read by the INT trap
serving=1
echo >&2
echo "The worker keeps running on $worker_url; press Ctrl+C to stop it and the services." >&2
worker_rc=0
wait "$worker_pid" || worker_rc=$?
worker_pid=""
echo "The worker stopped by itself (exit status $worker_rc); see $log." >&2
exit "$worker_rc"
