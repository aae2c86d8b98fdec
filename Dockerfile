# Polyglot: one image, two roles.
#   docker run -p 8787:8787 --env-file .env polyglot                 # polyglot serve (default)
#   docker run --env-file .env polyglot node agent/bin/polyglot.js worker   # LiveKit Agents worker
# See docs/deployment.md. Not built in CI: Docker is not available on the machine that wrote it.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# Nothing here depends on onnxruntime-node today; if a plugin brings it in, its postinstall must
# not download CUDA files. A plain variable, not npm_config_*: npm warns about unknown configs.
ENV ONNXRUNTIME_NODE_INSTALL_CUDA=skip
COPY package.json package-lock.json .npmrc ./
COPY sdk/package.json sdk/package.json
COPY agent/package.json agent/package.json
# Fixes to pinned dependencies, applied by the postinstall (patch-package); see docs/architecture.md.
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY . .
# The widget's CDN bundle and npm build (sdk/dist), and the agent's build (agent/dist), which
# agent/bin/polyglot.js runs. Dev dependencies stay installed for now (patch-package's postinstall).
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8787
# serve answers /healthz on $PORT; a worker answers /healthz on WORKER_HTTP_PORT (8081).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "const p=process.env.PORT||8787;fetch('http://127.0.0.1:'+p+'/healthz').catch(()=>fetch('http://127.0.0.1:'+(process.env.WORKER_HTTP_PORT||8081)+'/healthz')).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "agent/bin/polyglot.js", "serve"]
