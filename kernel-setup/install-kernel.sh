#!/usr/bin/env bash
# Installs the tslab kernel spec inside this checkout (nothing global) and verifies it with a one-cell notebook.
# usage: bash kernel-setup/install-kernel.sh PYTHON
#   PYTHON: a python3 that can import jupyter_client (the one Jupyter runs on).
# Prints the JUPYTER_PATH to export so that Jupyter finds the kernel.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${1:?usage: install-kernel.sh PYTHON}"
prefix="$repo/.jupyter-local"
export JUPYTER_PATH="$prefix/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

# --binary pins the kernel to this checkout's tslab (1.0.22, from package.json), not whatever is on PATH.
"$repo/node_modules/.bin/tslab" install --python "$python" --binary "$repo/node_modules/.bin/tslab" --prefix "$prefix" >/dev/null
echo "tslab kernel spec installed in $prefix/share/jupyter/kernels/tslab (local to this checkout)"

# Chart outputs load Plotly from the Jupyter server they run in (src/plots/plotly-loader.ts): JupyterLab serves files
# under labextensions/ of JUPYTER_PATH at lab/extensions/, classic Notebook those under nbextensions/. A copy, not a
# link: the server refuses (403) a file whose real path lies outside the folder it serves.
plotly="$repo/node_modules/plotly.js-dist-min/plotly.min.js"
for folder in labextensions/genlab-plotly/static nbextensions/genlab-plotly; do
  mkdir -p "$prefix/share/jupyter/$folder"
  rm -f "$prefix/share/jupyter/$folder/plotly.min.js" # an earlier install's link would be written through
  cp "$plotly" "$prefix/share/jupyter/$folder/plotly.min.js"
done

# Read the whole list before matching: with pipefail, `grep -q` closing the pipe early could fail the listing.
kernels="$("$python" -m jupyter kernelspec list 2>/dev/null)"
if ! grep -q "^  tslab .*$prefix" <<<"$kernels"; then
  echo "error: 'jupyter kernelspec list' does not show the tslab kernel from $prefix" >&2
  exit 1
fi
smoke_out="$repo/out/kernel-smoke"
if ! "$python" -Xfrozen_modules=off "$repo/kernel-setup/execute_notebook.py" "$repo/kernel-setup/smoke.ipynb" "$smoke_out" --timeout 120 >/dev/null; then
  echo "error: the tslab kernel did not run the smoke notebook; see the message above and $smoke_out/smoke.html" >&2
  exit 1
fi
grep -q "tslab ok: 42" "$smoke_out/smoke.ipynb" || { echo "error: the smoke notebook ran but printed no answer; see $smoke_out/smoke.html" >&2; exit 1; }
echo "tslab kernel verified: the smoke notebook ran (output in $smoke_out)"
