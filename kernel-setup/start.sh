#!/usr/bin/env bash
# The one command that sets everything up and runs the notebooks.
#   bash kernel-setup/start.sh              install what is missing, then open the notebooks in Jupyter
#   bash kernel-setup/start.sh --headless   install, then execute every notebook into out/notebooks/ (also when CI is set)
#   bash kernel-setup/start.sh --setup-only install and verify, run nothing
# Environment: GENLAB_FAST=1 runs the notebooks with tiny settings (what CI does); GENLAB_BACKEND forces a backend.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

mode=open
if [ -n "${CI:-}" ]; then
  mode=headless
  export GENLAB_FAST="${GENLAB_FAST:-1}" # CI runs the small settings; users get the full ones
fi
case "${1:-}" in
  --headless) mode=headless ;;
  --setup-only) mode=setup ;;
  "") ;;
  *) echo "usage: bash kernel-setup/start.sh [--headless | --setup-only]" >&2; exit 2 ;;
esac

say() { printf '\n== %s\n' "$*"; }

# 1. Node 20 or newer.
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "error: Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none)). Install it from your package manager or nodejs.org." >&2
  exit 1
fi

# 2. npm packages, exactly as locked; then compile src/ so notebooks can import 'genlab'.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
say "compiling src/ to dist/"
npm run --silent build

# Native oneDNN kernels for training: built when g++ and libdnnl-dev are there (installed first when root on Debian);
# otherwise one line says that training runs on wasm and what to install. Never stops the set-up.
bash kernel-setup/build-native.sh

# 3. Debian packages: Jupyter (needed), and what only the tests use: Chromium (browser tests) and Fashion-MNIST.
find_python() {
  for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
    [ -x "$candidate" ] && "$candidate" -c 'import jupyter_client, nbclient, nbconvert' 2>/dev/null && { echo "$candidate"; return; }
  done
  return 1
}
python="$(find_python || true)"
missing=()
[ -n "$python" ] || missing+=(jupyter-notebook jupyter-nbconvert jupyter-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "installing from Debian: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  python="$(find_python)"
elif [ -z "$python" ]; then
  echo "error: Jupyter is not installed. Install it, then run this command again:" >&2
  if command -v apt-get >/dev/null; then
    echo "  sudo apt-get install ${missing[*]}" >&2
  else
    echo "  python3 -m pip install jupyterlab" >&2
  fi
  exit 1
elif [ "${#missing[@]}" -gt 0 ]; then
  echo "note: the notebooks will run, but npm test also needs: ${missing[*]}" \
    "(on Debian/Ubuntu: sudo apt-get install ${missing[*]})"
fi

# 4. The tslab kernel, local to this checkout.
say "installing and verifying the tslab kernel"
bash kernel-setup/install-kernel.sh "$python"
export JUPYTER_PATH="$repo/.jupyter-local/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

case "$mode" in
  setup)
    say "set-up complete" ;;
  headless)
    say "executing every notebook into out/notebooks/"
    status=0
    for notebook in notebooks/*.ipynb; do
      "$python" -Xfrozen_modules=off kernel-setup/execute_notebook.py "$notebook" out/notebooks || status=1
    done
    exit "$status" ;;
  open)
    if "$python" -c 'import jupyterlab' 2>/dev/null; then
      say "opening JupyterLab at the repository root (JUPYTER_PATH=$JUPYTER_PATH)"
      exec "$python" -m jupyter lab --notebook-dir="$repo"
    fi
    say "JupyterLab is not installed; opening classic Notebook (JUPYTER_PATH=$JUPYTER_PATH)"
    exec "$python" -m jupyter notebook --notebook-dir="$repo" ;;
esac
