#!/usr/bin/env bash
# Renders each overlay with kubectl's built-in kustomize and checks every object against the Kubernetes and KEDA
# JSON schemas (validate/: kubernetes-models from npm, versions locked). Needs kubectl and Node.js with npm; no
# cluster. tests/BatchWorkers.Tests/Deployment/KubernetesManifestTests.cs checks what schemas cannot (probes,
# option keys, queue names, the GPU overlay) and runs with the other tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

(cd validate && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false)
status=0
for overlay in overlays/*/; do
  overlay=${overlay%/}
  rendered=$(kubectl kustomize "$overlay") || { echo "$overlay: kubectl kustomize failed" >&2; status=1; continue; }
  node validate/validate.mjs "$overlay" <<<"$rendered" || status=1
done
exit "$status"
