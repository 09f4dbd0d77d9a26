#!/usr/bin/env bash
# Measures the worker's memory over repeated promotions: two versions of a model (the benchmark's ResNet-18-class
# classifier, about 18 MB of weights, unless MODEL says otherwise) are promoted in turn, each followed by
# a classification job on the new production version, and the worker process's resident memory (VmRSS) is read after
# each round. Retired sessions are disposed once drained, so the figure should stay flat.
#
#   scripts/promotion-memory.sh [ROUNDS] [MODEL]    # default 20 rounds, model "bench"; prints a markdown table
#
# The worker runs with MALLOC_ARENA_MAX=2 as the image, the manifests and the quickstart set it; MALLOC_ARENA_MAX=N
# measures another value and an empty MALLOC_ARENA_MAX= glibc's default (eight arenas per core).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-20}"
model="${2:-bench}"

# shellcheck source=scripts/services.sh
source scripts/services.sh
worker_pid=""
trap '[[ -n "$worker_pid" ]] && kill "$worker_pid" 2>/dev/null; bw_services_stop' EXIT

dotnet build src/BatchWorkers.Worker -c Release -v quiet -nologo >&2
dotnet build src/BatchWorkers.Cli -c Release -v quiet -nologo >&2
dotnet build tests/BatchWorkers.Benchmarks -c Release -v quiet -nologo >&2
work="$(mktemp -d)"
bw() { dotnet src/BatchWorkers.Cli/bin/Release/net10.0/bw.dll --url "http://127.0.0.1:5099" "$@"; }
for version in 1 2; do
  dotnet tests/BatchWorkers.Benchmarks/bin/Release/net10.0/bw-bench.dll --write-model "$model" --store "$work/models" --model-version "$version" >/dev/null
done
arenas="${MALLOC_ARENA_MAX-2}"
arena_env=(-u MALLOC_ARENA_MAX)
[[ -n "$arenas" ]] && arena_env=("MALLOC_ARENA_MAX=$arenas")
database="bw_promotions_$$"
PGPASSWORD="$BW_PG_PASSWORD" psql -h "$BW_PG_HOST" -p "$BW_PG_PORT" -U "$BW_PG_USER" -d postgres -qc "create database $database" >&2

(cd src/BatchWorkers.Worker/bin/Release/net10.0 && exec env "${arena_env[@]}" \
  "ConnectionStrings__Postgres=Host=$BW_PG_HOST;Port=$BW_PG_PORT;Username=$BW_PG_USER;Password=$BW_PG_PASSWORD;Database=$database" \
  "RabbitMq__Host=$BW_RABBIT_HOST" "RabbitMq__Port=$BW_RABBIT_PORT" "RabbitMq__Username=$BW_RABBIT_USER" \
  "RabbitMq__Password=$BW_RABBIT_PASSWORD" "RabbitMq__VirtualHost=/" "Models__StoreRoot=$work/models" \
  "Serilog__MinimumLevel__Default=Warning" dotnet BatchWorkers.Worker.dll --urls http://127.0.0.1:5099) >"$work/worker.log" 2>&1 &
worker_pid=$!
for _ in $(seq 1 120); do curl -fs -o /dev/null http://127.0.0.1:5099/health/ready && break; sleep 0.5; done

# A 1×1 red PNG: the model resizes it to its input size, and every job loads the production session.
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC' | base64 -d >"$work/red.png"
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$worker_pid/status"; }

printf '| Round | Production version | Worker RSS (MiB) |\n|---|---|---|\n'
printf '| 0 | 1 | %s |\n' "$(rss)"
for round in $(seq 1 "$rounds"); do
  version=$((round % 2 + 1))
  bw models promote "$model" "$version" >/dev/null
  bw submit image-classification --model "$model" --wait "$work/red.png" >/dev/null
  printf '| %s | %s | %s |\n' "$round" "$version" "$(rss)"
done
