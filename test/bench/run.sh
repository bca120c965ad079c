#!/usr/bin/env bash
# npm run bench — Signalbox's added latency, throughput and CPU per request, measured with the team's
# overhead bench (../shared/bench): direct calls to a zero-latency mock, a bare node proxy, a bare
# Fastify proxy, a peer gateway (Portkey) and Signalbox, interleaved, same run, same machine.
# Knobs are the bench's own (BENCH_ROUNDS, BENCH_TARGETS, BENCH_PROFILES, … see ../shared/bench/README.md).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bench="${SIGNALBOX_BENCH_DIR:-$repo/../shared/bench}"
[ -f "$bench/bench.mjs" ] || { echo "bench harness not found at $bench (expected ../shared/bench beside the repo)" >&2; exit 1; }
[ -f "$repo/dist/gateway/cli.js" ] || (cd "$repo" && npm run build)

port="${SIGNALBOX_BENCH_PORT:-9310}"
mock_port="${MOCK_PORT:-9100}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/config.yaml" <<YAML
providers:
  mock:
    type: openai-compatible
    baseUrl: http://127.0.0.1:${mock_port}/v1
clientKeys:
  - name: bench
    key: env:SIGNALBOX_BENCH_KEY
YAML

export SIGNALBOX_BENCH_KEY=sk-bench
export OURS_NAME=signalbox
export OURS_URL="http://127.0.0.1:${port}"
export OURS_KEY=sk-bench
export OURS_MODEL=mock/gpt-4o-mini
export OURS_CMD="node $repo/dist/gateway/cli.js serve --config $work/config.yaml --data-dir $work/data --port $port --log-level warn"
export BENCH_TARGETS="${BENCH_TARGETS:-direct,floor,fastify-floor,portkey,signalbox}"
bash "$bench/run.sh" "$@"

# Translation cost: every client dialect × provider family, in-process (the shared bench's mock speaks
# only OpenAI), so OpenAI → Anthropic can be compared with OpenAI → OpenAI on the same run.
cd "$repo" && npx tsx test/bench/in-process.ts "${SIGNALBOX_BENCH_ITERATIONS:-1500}"
