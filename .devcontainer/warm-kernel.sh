#!/usr/bin/env bash
# Runs the setup cell of some notebooks once on the C# kernel (dotnet-interactive on PATH), over the kernel's stdio
# protocol as the Polyglot Notebooks extension does. The kernel restores the setup cell's `#r "nuget: …"` packages into
# the NuGet cache, so a learner's first setup cell later answers in seconds instead of downloading packages.
#   .devcontainer/warm-kernel.sh [notebooks/NN-topic.ipynb ...]   (default: 00-welcome and 08-torchsharp)
# Needs jq (in the devcontainer image). Prints how long each setup cell took; exits non-zero if one failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1
[ $# -gt 0 ] || set -- notebooks/00-welcome.ipynb notebooks/08-torchsharp.ipynb
command -v dotnet-interactive >/dev/null || { echo "warm-kernel: dotnet-interactive is not on PATH" >&2; exit 1; }
command -v jq >/dev/null || { echo "warm-kernel: jq is required" >&2; exit 1; }

status=0
for notebook in "$@"; do
  command=$(jq -c '{token: "warm", commandType: "SubmitCode",
                    command: {code: (.cells[] | select(.id == "setup") | .source | join("")), targetKernelName: "csharp"}}' "$notebook")
  start=$(date +%s.%N)
  coproc KERNEL { exec dotnet-interactive stdio --working-dir notebooks 2>/dev/null; }
  printf '%s\n' "$command" >&"${KERNEL[1]}"
  result=timeout
  while IFS= read -r -t 900 line <&"${KERNEL[0]}"; do
    case "$line" in
      *'"eventType":"CommandSucceeded"'*'"token":"warm"'*) result=ok; break ;;
      *'"eventType":"CommandFailed"'*'"token":"warm"'*) result="failed: $(jq -r '.event.message' <<<"$line" | head -c 2000)"; break ;;
    esac
  done
  pid=$KERNEL_PID
  eval "exec ${KERNEL[1]}>&-"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  echo "warm-kernel: setup cell of $(basename "$notebook"): $result (${seconds} s, kernel start included)"
  [ "$result" = ok ] || status=1
done
exit "$status"
