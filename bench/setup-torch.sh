#!/usr/bin/env bash
# Creates the PyTorch reference of bench/ in a virtual environment inside this checkout (.venv-torch/, ignored):
# the PyPI release pinned below, whose default wheel is built for CUDA (a few GB) and runs on the CPU.
#   bash bench/setup-torch.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TORCH_VERSION=2.15.0
venv="$repo/.venv-torch"
if "$venv/bin/python" -c "import torch, sys; sys.exit(torch.__version__.split('+')[0] != '$TORCH_VERSION')" 2>/dev/null; then
  echo "PyTorch $TORCH_VERSION is ready in $venv"
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "torch==$TORCH_VERSION"
"$venv/bin/python" -c "import torch; print('PyTorch', torch.__version__, 'ready in $venv')"
