# Polyglot: one image, two roles, chosen by POLYGLOT_ROLE (serve by default).
#   docker run -p 8787:8787 --env-file .env polyglot                          # polyglot serve
#   docker run --env-file .env -e POLYGLOT_ROLE=worker polyglot               # LiveKit Agents worker
# LiveKit Cloud builds this file and runs its CMD: its secrets set POLYGLOT_ROLE=worker
# (infra/livekit/worker.env.example). See docs/deployment.md.
# Checked in `npm test` without a container engine: test/e2e/image.test.ts reads this file and
# replays its stages (COPY, RUN, ENV, USER, CMD, HEALTHCHECK) in clean folders made from the
# repository's tracked files, then starts both roles and asks /healthz (docs/testing.md).

FROM node:24-bookworm-slim AS build
WORKDIR /app
# Nothing here depends on onnxruntime-node today; if a plugin brings it in, its postinstall must
# not download CUDA files. A plain variable, not npm_config_*: npm warns about unknown configs.
ENV ONNXRUNTIME_NODE_INSTALL_CUDA=skip
COPY package.json package-lock.json .npmrc ./
COPY sdk/package.json sdk/package.json
COPY agent/package.json agent/package.json
COPY infra/package.json infra/package.json
# Fixes to pinned dependencies, applied by the postinstall (patch-package); see docs/architecture.md.
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY . .
# The widget's CDN bundle and npm build (sdk/dist), and the agent's build (agent/dist: plain
# JavaScript, no tsx at run time). Then the dev dependencies go: pruning removes packages and
# leaves the patched ones as patched (reinstalling with --omit=dev would need patch-package).
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    POLYGLOT_ROLE=serve
WORKDIR /app
# What runs: the agent's build and data, the widget's build (served by `serve`), the demo page and
# policies, and the production dependencies (agent/node_modules holds the ones whose version differs
# from a hoisted one, e.g. parse5). Nothing else from the repository.
COPY --from=build --chown=node:node /app/package.json /app/package.json
COPY --from=build --chown=node:node /app/node_modules /app/node_modules
COPY --from=build --chown=node:node /app/agent/package.json /app/agent/package.json
COPY --from=build --chown=node:node /app/agent/node_modules /app/agent/node_modules
COPY --from=build --chown=node:node /app/agent/bin /app/agent/bin
COPY --from=build --chown=node:node /app/agent/dist /app/agent/dist
COPY --from=build --chown=node:node /app/agent/data /app/agent/data
COPY --from=build --chown=node:node /app/sdk/package.json /app/sdk/package.json
COPY --from=build --chown=node:node /app/sdk/dist /app/sdk/dist
COPY --from=build --chown=node:node /app/demo /app/demo
USER node
EXPOSE 8787
# serve answers /healthz on $PORT; a worker answers /healthz on WORKER_HTTP_PORT (8081).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "const p=process.env.POLYGLOT_ROLE==='worker'?(process.env.WORKER_HTTP_PORT||8081):(process.env.PORT||8787);fetch('http://127.0.0.1:'+p+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# `polyglot serve` or `polyglot worker` (production mode); any other role gets polyglot's usage.
CMD ["sh", "-c", "exec node agent/bin/polyglot.js \"$POLYGLOT_ROLE\""]
