#!/usr/bin/env bash
# Runs a command inside a network namespace of its own, so that the LiveKit tests' WebRTC traffic
# (ICE candidates, RTP, the signalling socket) never reaches the machine's real interfaces.
#
# The namespace has `lo` and one veth pair whose both ends stay inside it, with 198.18.0.1/24
# (RFC 2544's benchmarking range, routed nowhere) on veth0: libwebrtc (under @livekit/rtc-node,
# which the worker uses) gathers no candidate on a loopback interface, so it needs an address on
# a non-loopback one. The kernel here has no `dummy` link type; a veth pair needs nothing more.
# Everything is removed on exit. Needs root (CI and the dev machines run as root).
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
  echo "in-netns.sh: the LiveKit tests create a network namespace and need root (see docs/testing.md)" >&2
  exit 1
fi
NS="polyglot-lk-$$"
ip netns add "$NS"
trap 'ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null || true; ip netns del "$NS"' EXIT
ip -n "$NS" link set lo up
ip -n "$NS" link add veth0 type veth peer name veth1
ip -n "$NS" addr add 198.18.0.1/24 dev veth0
ip -n "$NS" link set veth1 up
ip -n "$NS" link set veth0 up
export POLYGLOT_NETNS="$NS" POLYGLOT_NETNS_IP=198.18.0.1
ip netns exec "$NS" "$@"
