#!/usr/bin/env bash
# Builds genlab's native oneDNN kernels (native/ → native/build/Release/genlab_dnnl.node) and checks that they load.
#   bash kernel-setup/build-native.sh
# As root on Debian/Ubuntu it first installs what is missing of g++ and libdnnl-dev (oneDNN 2.x), saying so. Without
# them it prints one line and exits 0: training then runs on the wasm backend alone, slower but the same.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
addon=native/build/Release/genlab_dnnl.node
how="on Debian/Ubuntu: sudo apt-get install g++ libdnnl-dev, then bash kernel-setup/build-native.sh"

wasm_only() {
  echo "note: training runs on wasm: the native oneDNN kernels are not built ($1; $how)."
  exit 0
}

# Node's own headers: Debian's nodejs puts them in /usr/include/node, Node's binary releases beside bin/.
node_prefix="$(node -p "require('path').resolve(process.execPath, '../..')")"
[ -f "$node_prefix/include/node/node_api.h" ] || wasm_only "Node's headers are missing from $node_prefix/include/node"

dnnl_major() { sed -n 's/^#define DNNL_VERSION_MAJOR \([0-9]*\)/\1/p' /usr/include/oneapi/dnnl/dnnl_version.h 2>/dev/null; }
missing=()
command -v g++ >/dev/null || missing+=(g++)
[ -n "$(dnnl_major)" ] || missing+=(libdnnl-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    printf '\n== installing from Debian for the native kernels: %s\n' "${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
      wasm_only "apt-get could not install ${missing[*]}"
  else
    wasm_only "missing: ${missing[*]}"
  fi
fi
[ "$(dnnl_major)" = 2 ] || wasm_only "they are written for oneDNN 2.x and found $(dnnl_major).x"

# Rebuilt only when a source is newer than the addon.
if [ ! -f "$addon" ] || [ -n "$(find native -maxdepth 1 -newer "$addon" \( -name "*.cc" -o -name "*.h" -o -name binding.gyp \))" ]; then
  printf '\n== building the native oneDNN kernels (native/)\n'
  log="$(mktemp)"
  if ! npx --no-install node-gyp rebuild --directory=native --nodedir="$node_prefix" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log"
    wasm_only "the build failed, see above"
  fi
  rm -f "$log"
fi
if ! version="$(node -p "require('./$addon').version()" 2>&1)"; then
  wasm_only "the addon does not load: ${version%%$'\n'*}"
fi
echo "native kernels ready: $version (TensorFlow.js backend 'native')"
