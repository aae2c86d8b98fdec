#!/usr/bin/env bash
# Runs a command inside network namespaces of its own, so that the LiveKit tests' WebRTC traffic
# (ICE candidates, RTP, signalling) never reaches the machine's real interfaces.
#
# Two namespaces, joined by one veth pair made inside them (nothing is added to the host's):
#   polyglot-lk-PID    the servers: LiveKit, `polyglot serve`, the worker, the fakes, the test;
#                      lo, and veth0 = 198.18.0.1/24
#   polyglot-lk-PID-b  the browser: lo, and veth1 = 198.18.0.2/24
# 198.18.0.0/15 is RFC 2544's benchmarking range, routed nowhere. The worker's libwebrtc (under
# @livekit/rtc-node) gathers no candidate on a loopback interface, so the servers need a
# non-loopback address; the browser's own namespace lets a test cut the caller's network
# (`ip -n …-b link set veth1 down`) without touching the servers'. Chromium is started there
# through a wrapper that CHROMIUM_PATH names. Everything is removed on exit. Needs root.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
  echo "in-netns.sh: the LiveKit tests create network namespaces and need root (see docs/testing.md)" >&2
  exit 1
fi
NS="polyglot-lk-$$"
BNS="$NS-b"
WRAP_DIR="$(mktemp -d)"
cleanup() {
  for ns in "$NS" "$BNS"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$WRAP_DIR"
}
trap cleanup EXIT
ip netns add "$NS"
ip netns add "$BNS"
ip -n "$NS" link set lo up
ip -n "$BNS" link set lo up
ip -n "$NS" link add veth0 type veth peer name veth1 netns "$BNS"
ip -n "$NS" addr add 198.18.0.1/24 dev veth0
ip -n "$BNS" addr add 198.18.0.2/24 dev veth1
ip -n "$NS" link set veth0 up
ip -n "$BNS" link set veth1 up
cat >"$WRAP_DIR/chromium" <<WRAP
#!/bin/sh
exec ip netns exec "$BNS" "${CHROMIUM_PATH:-/usr/bin/chromium}" "\$@"
WRAP
chmod +x "$WRAP_DIR/chromium"
export POLYGLOT_NETNS="$NS" POLYGLOT_BROWSER_NETNS="$BNS" POLYGLOT_NETNS_IP=198.18.0.1
export CHROMIUM_PATH="$WRAP_DIR/chromium"
ip netns exec "$NS" "$@"
