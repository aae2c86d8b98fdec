#!/usr/bin/env bash
# Builds the LiveKit server the LiveKit tests run against, from the Go module proxy, once per
# version: a second run finds the binary and skips the build (~2 min on 2 cores).
#
# Pinned to v1.13.5: the newest release whose go.mod has no `replace` directives. From v1.13.6 on,
# go.mod replaces pion's webrtc, ice and dtls with LiveKit forks (…-warp.N) that the module proxy
# does not serve (403), and `go install pkg@version` refuses a module with replace directives.
# v1.13.5 builds with Go 1.26 as it is. See docs/testing.md.
set -euo pipefail
VERSION="${LIVEKIT_SERVER_VERSION:-v1.13.5}"
DEST="${POLYGLOT_TOOLS_DIR:-$HOME/.cache/polyglot}/livekit-server-$VERSION"
BIN="$DEST/livekit-server"
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "${VERSION#v}"; then
  echo "livekit-server $VERSION: $BIN (cached)"
  exit 0
fi
command -v go >/dev/null || { echo "install-server.sh: the Go toolchain is needed to build livekit-server" >&2; exit 1; }
mkdir -p "$DEST"
echo "Building livekit-server $VERSION from the Go module proxy..."
GOBIN="$DEST" GOFLAGS=-buildvcs=false go install -trimpath "github.com/livekit/livekit-server/cmd/server@$VERSION"
mv "$DEST/server" "$BIN"
echo "livekit-server $VERSION: $BIN"
