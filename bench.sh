#!/usr/bin/env bash
# Throughput benchmarks (see docs/benchmarks.md):
# - image classification: images/s end to end (publish → every result in PostgreSQL) against raw ONNX Runtime on the
#   same model and batch size, as a ratio (goal: ≥ 0.8 at batch 32);
# - seq2seq (`./bench.sh seq2seq`): translation tokens/s with vs without the KV cache (goal ≥ 3×), batch 16 vs 1
#   (goal ≥ 2×), and a translation job end to end vs the engine alone (goal ≥ 0.8×);
# - explanations (`./bench.sh explain`): each method's cost per item against one prediction, and image inference
#   throughput with explanation reports running alongside vs alone (goal ≥ 0.9);
# - load (`./bench.sh load`): a 10,000-image job and 1,000 small text jobs published at once to a worker process:
#   throughput, p50/p95/p99 time to result, queue depth over time, the worker's peak and sampled RSS;
# - scale (`./bench.sh scale`): images/s of one job with 1, 2 and 3 worker processes sharing the queue and database.
#
#   ./bench.sh                                  # 512 images, batch 32, 3 runs, models bench, bench-light, bench-heavy
#   ./bench.sh --images 256 --runs 5 --model bench --markdown .local/bench.md
#   ./bench.sh --worker ImageClassification:ConcurrentChunks=2   # try a worker setting
#   ./bench.sh --model bench --images 64 --image-size 2048x1536   # camera-size photos
#   BW_ACCELERATOR=cuda ./bench.sh --cuda       # both sides on the GPU (ONNX Runtime's CUDA build, NVIDIA driver)
#   ./bench.sh --help
#   ./bench.sh seq2seq                          # 256 sentences, 64 new tokens, batch 16, chunks of 64, 3 runs
#   ./bench.sh seq2seq --runs 5 --markdown .local/bench-seq2seq.md
#   ./bench.sh seq2seq --help
#   ./bench.sh explain                          # bench model, 512 images, 8 explained alongside, budget 400, 3 runs
#   ./bench.sh explain --worker Explain:YieldToInference=false   # the same without reports giving way
#   ./bench.sh load                             # 10,000 images (bench-light) + 1,000 text jobs, after a 2,000 + 200 run
#   ./bench.sh load --images 500 --text-jobs 50 --chart .local/load.png --markdown .local/load.md
#   ./bench.sh scale                            # 384 images on bench-heavy with 1, 2, 3 workers, 1 ONNX thread each
#   ./bench.sh scale --workers 1 2 4 --runs 3
#
# Starts (or reuses) PostgreSQL and RabbitMQ with scripts/services.sh, builds tests/BatchWorkers.Benchmarks in
# Release (with -p:Accelerator=$BW_ACCELERATOR when set) and runs it; every argument is passed through. Exit status:
# 0 when it measured (goal met or not), 1 when the build or the benchmark failed, 2 on bad arguments. Other load on
# the machine skews the numbers: run it on an idle machine (the CPU columns of "Every run" show when it was not).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# shellcheck source=scripts/dotnet.sh
source scripts/dotnet.sh
bw_require_dotnet

project=tests/BatchWorkers.Benchmarks
build=(dotnet build "$project" -c Release -nologo -v quiet)
if [[ -n "${BW_ACCELERATOR:-}" ]]; then build+=("-p:Accelerator=$BW_ACCELERATOR"); fi
# --help needs no services.
for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" || "$arg" == "-?" ]]; then
    "${build[@]}" >&2
    exec dotnet "$project/bin/Release/net10.0/bw-bench.dll" "$@"
  fi
done

# shellcheck source=scripts/services.sh
source scripts/services.sh # exports BW_PG_* and BW_RABBIT_*
trap bw_services_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> ${build[*]} (.NET SDK $BW_DOTNET_SDK)" >&2
if ! "${build[@]}"; then
  echo "error: the benchmark did not build (see above)." >&2
  exit 1
fi

echo "==> bw-bench $*" >&2
dotnet "$project/bin/Release/net10.0/bw-bench.dll" "$@"
