#!/usr/bin/env bash
# Runs once when the Codespace / dev container is created (devcontainer.json postCreateCommand).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

# 1. Notebooks load the course library from src/*/bin/Debug/net10.0: build it.
dotnet build GradientCourse.sln

# 2. The C# kernel the course is tested on (README), for VS Code's Jupyter extension; the Polyglot Notebooks
#    extension starts its own copy of the same tool.
version=1.0.712001
dotnet tool install -g Microsoft.dotnet-interactive --version "$version" \
  || dotnet tool update -g Microsoft.dotnet-interactive --version "$version"
export PATH="$PATH:$HOME/.dotnet/tools"
grep -q '.dotnet/tools' "$HOME/.bashrc" 2>/dev/null || echo 'export PATH="$PATH:$HOME/.dotnet/tools"' >> "$HOME/.bashrc"
mkdir -p "$HOME/.local/share/jupyter/kernels"
dotnet-interactive jupyter install --path "$HOME/.local/share/jupyter/kernels"

# 3. Warm the kernel's package restore: the setup cells' packages land in the NuGet cache now, not on first use.
bash .devcontainer/warm-kernel.sh
