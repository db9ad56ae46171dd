#!/usr/bin/env bash
# GradientCourse's two commands (README quick start):
#   ./course.sh build [runner options]  provisions chromium (chart images), then runs every notebook and renders the site
#   ./course.sh test  [dotnet test options]  provisions chromium, python3-nbclient, python3-jupyter-client,
#                                            python3-nbformat, python3-yaml, bubblewrap, then runs the whole test suite
# Needs only the .NET 10 SDK; Debian/Ubuntu packages it lacks are installed with apt-get (as root, or with sudo).
# Set COURSE_NO_PROVISION=1 to skip the apt step (then missing tools make their tests fail, never skip).
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  echo "usage: ./course.sh build [--only NN-topic] [--timeout S] [--out DIR] [--no-site]" >&2
  echo "       ./course.sh test  [dotnet test options, e.g. --filter FullyQualifiedName~Kernel]" >&2
  exit 2
}

# provision PACKAGE:CHECK ... — installs each Debian package whose check command fails.
provision() {
  local need=() item package check
  for item in "$@"; do
    package=${item%%:*}
    check=${item#*:}
    if ! eval "$check" >/dev/null 2>&1; then
      need+=("$package")
    fi
  done
  if [ ${#need[@]} -eq 0 ] || [ "${COURSE_NO_PROVISION:-0}" = 1 ]; then
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      echo "course.sh: missing Debian packages: ${need[*]}" >&2
      echo "course.sh: not root and no password-less sudo: install them yourself, e.g." >&2
      echo "           sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "course.sh: missing ${need[*]} and no apt-get on this machine: install their equivalents by hand" >&2
    exit 1
  fi
  echo "== course.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

command -v dotnet >/dev/null 2>&1 || { echo "course.sh: the .NET 10 SDK (dotnet) is required: https://dot.net" >&2; exit 1; }

chromium=chromium:'command -v chromium || command -v chromium-browser'
verb=${1:-}
[ $# -gt 0 ] && shift
case "$verb" in
  build)
    provision "$chromium"
    exec dotnet run --project src/GradientCourse.Runner -- build "$@"
    ;;
  test)
    # Debian's python3-* modules work with /usr/bin/python3 only (not a pyenv or venv python3 on PATH).
    provision "$chromium" \
      python3-nbformat:'/usr/bin/python3 -c "import nbformat"' \
      python3-nbclient:'/usr/bin/python3 -c "import nbclient"' \
      python3-jupyter-client:'/usr/bin/python3 -c "import jupyter_client"' \
      python3-yaml:'/usr/bin/python3 -c "import yaml"' \
      bubblewrap:'command -v bwrap'
    exec dotnet test GradientCourse.sln "$@"
    ;;
  *)
    usage
    ;;
esac
