# syntax=docker/dockerfile:1
# wirewatch as a container: `docker build -t wirewatch .`, then `docker run wirewatch demo` (no AWS needed) or
# `docker run -v wirewatch:/var/lib/wirewatch -p 9464:9464 wirewatch serve --config /etc/wirewatch/wirewatch.yaml`.
# test/e2e/image-contents.test.ts replays this file's install and copy steps (no Docker engine needed) and runs the
# result, so keep each step a plain RUN / COPY it can follow.

# The current Node.js LTS line (24), pinned to an exact release of the slim Debian image.
ARG NODE_IMAGE=node:24.11.0-bookworm-slim

# 1. Build: every dependency, then the TypeScript compiled to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY checks ./checks
COPY remediations ./remediations
COPY sim ./sim
RUN npm run build

# 2. Production dependencies only; no install scripts run (none of them needs one).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# 3. The image: production dependencies and the build output, what the npm package ships (package.json "files").
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    WIREWATCH_DATA_DIR=/var/lib/wirewatch \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json CHANGELOG.md ./
COPY bin ./bin
COPY config ./config
COPY src/store/migrations ./src/store/migrations
COPY sim/scenarios ./sim/scenarios
# The command on PATH, as npm links a package's bin; the state store, reports and audit logs under one volume,
# owned by the unprivileged user the image runs as (the node image's uid 1000; numeric, so Kubernetes'
# runAsNonRoot can verify it). Nothing else is written, so the root filesystem may be read-only; `wirewatch demo`
# also needs a writable /tmp (docker run --read-only --tmpfs /tmp).
RUN rm -f dist/.tsbuildinfo \
 && ln -s /app/bin/wirewatch.js /usr/local/bin/wirewatch \
 && mkdir -p /var/lib/wirewatch \
 && chown 1000:1000 /var/lib/wirewatch
VOLUME ["/var/lib/wirewatch"]
WORKDIR /var/lib/wirewatch
USER 1000:1000
EXPOSE 9464
# Signals as PID 1: wirewatch installs its own SIGTERM and SIGINT handlers (a Node.js PID 1 gets no default
# action, so without them `docker stop` would wait and then kill), and it starts no child process, so there are
# no orphans to reap: it needs no tini. Run it with `docker run --init` (ECS: initProcessEnabled) if you add
# processes of your own.
# Health through node (the image has no curl): /healthz of `wirewatch serve` on its default port, 9464
# (service.http.port; set WIREWATCH_HEALTH_URL when the config moves it).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.WIREWATCH_HEALTH_URL || 'http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["wirewatch"]
CMD ["serve"]
