#!/usr/bin/env bash
# The one command that sets everything up and runs the notebooks.
#   bash kernel-setup/start.sh              install what is missing, then start JupyterLab on the notebooks
#   bash kernel-setup/start.sh --headless   install, then execute every notebook into out/notebooks/ (also when CI is set)
#   bash kernel-setup/start.sh --setup-only install and verify, run nothing
#   bash kernel-setup/start.sh --book       install, then execute every notebook into an offline HTML book in out/book/
# Environment: GENLAB_FAST=1 runs the notebooks with tiny settings (what CI does); GENLAB_BACKEND forces a backend;
# JUPYTER_PORT=N serves on port N (default: 8888 or the next free one).
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
  --book) mode=book ;;
  "") ;;
  *) echo "usage: bash kernel-setup/start.sh [--headless | --setup-only | --book]" >&2; exit 2 ;;
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

# 3. What only the tests use: Chromium (browser tests), Fashion-MNIST (a data test) and MathJax (offline equations in
#    the HTML exports); and python3-venv, which step 4 needs to make .venv/.
base_python="$(command -v /usr/bin/python3 python3 | head -n 1 || true)"
if [ -z "$base_python" ]; then
  echo "error: Python 3 is needed for Jupyter (on Debian/Ubuntu: sudo apt-get install python3 python3-venv)." >&2
  exit 1
fi
missing=()
"$base_python" -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
[ -f /usr/share/javascript/mathjax/MathJax.js ] || missing+=(libjs-mathjax)
[ -d /usr/share/asterisk/sounds/en_US_f_Allison ] || missing+=(asterisk-core-sounds-en-wav) # chapter 11's speech (CC BY-SA 3.0)
apt_install() {
  say "installing from Debian: $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
if [ "${#missing[@]}" -gt 0 ]; then
  if can_apt; then
    apt_install "${missing[@]}"
  else
    echo "note: the notebooks will run, but set-up or npm test also need: ${missing[*]}" \
      "(on Debian/Ubuntu: sudo apt-get install ${missing[*]})"
  fi
fi

# 4. Jupyter: JupyterLab, nbclient and nbconvert from PyPI into .venv/ inside this checkout, at the exact versions and
#    hashes of kernel-setup/requirements.txt (reinstalled when that file changes). Where PyPI cannot be reached,
#    Debian's classic Notebook stands in.
venv="$repo/.venv"
venv_stamp="$venv/genlab-requirements.txt" # the requirements .venv was last installed from
venv_ready() { "$venv/bin/python" -c 'import jupyterlab, nbclient, nbconvert' 2>/dev/null && cmp -s kernel-setup/requirements.txt "$venv_stamp"; }
if ! venv_ready; then
  say "installing JupyterLab from PyPI into .venv/ (pinned in kernel-setup/requirements.txt; a minute or two)"
  if { [ -x "$venv/bin/python" ] || "$base_python" -m venv "$venv"; } &&
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all: \
      -r kernel-setup/requirements.txt; then
    cp kernel-setup/requirements.txt "$venv_stamp"
  fi
fi
debian_jupyter() {
  "$base_python" -c 'import jupyter_client, nbclient, nbconvert, notebook' 2>/dev/null
}
if venv_ready; then
  python="$venv/bin/python"
else
  echo "note: JupyterLab could not be installed from PyPI (see the message above); using Debian's classic Notebook instead."
  debian=(jupyter-notebook jupyter-nbconvert jupyter-client)
  if ! debian_jupyter && can_apt; then apt_install "${debian[@]}"; fi
  if ! debian_jupyter; then
    echo "error: no Jupyter to run the notebooks. Make PyPI reachable and run this command again," \
      "or install Debian's: sudo apt-get install ${debian[*]}" >&2
    exit 1
  fi
  python="$base_python"
fi

# 5. The tslab kernel, local to this checkout.
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
  book)
    say "building the book: every notebook executed into out/book/ (open out/book/index.html)"
    exec "$python" -Xfrozen_modules=off kernel-setup/build_book.py out/book ;;
  open)
    flags=()
    # Jupyter refuses to start as root: code in a notebook runs with the server's rights, so as root it can change
    # anything on the machine. Containers and many cloud machines run everything as root; there we allow it, and say so.
    if [ "$(id -u)" = 0 ]; then
      echo "note: running as root, so Jupyter is started with --allow-root: notebook code runs as root on this machine."
      flags+=(--allow-root)
    fi
    # Without a display Jupyter would start a text-mode browser in this terminal, or fail to start one.
    if [ "$(uname)" != Darwin ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then flags+=(--no-browser); fi
    # A port asked for is taken or the start fails; otherwise Jupyter tries 8888, then the next free ones.
    if [ -n "${JUPYTER_PORT:-}" ]; then flags+=(--port="$JUPYTER_PORT" --port-retries=0); fi
    if [ "$python" = "$venv/bin/python" ]; then app=(jupyterlab JupyterLab); else app=(notebook "classic Notebook"); fi
    say "starting ${app[1]} at the repository root"
    # exec keeps this process id, so the announcer can find the server's own state file and print its URL once the
    # server answers.
    "$python" kernel-setup/announce_server.py "$$" "${app[1]}" &
    # Warnings, errors and the URL still show; the start-up chatter (extensions loaded, absent language servers) not.
    exec "$python" -m "${app[0]}" --notebook-dir="$repo" --log-level=WARN ${flags[@]+"${flags[@]}"} ;;
esac
