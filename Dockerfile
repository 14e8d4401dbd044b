# Confrères: one image for Discord, Telegram or both; configuration comes from the environment
# (README.md, "Production"). Node 24 LTS here; CI and development stay on Node 20 (engines >= 20.19).
#
# Two stages: the build stage installs everything (the install lifecycle generates the Prisma
# clients and builds the compiled JavaScript), then drops the development packages; the runtime
# stage receives only the result and runs as the unprivileged "node" user.

FROM node:24-bookworm-slim AS build
# Build tools in case better-sqlite3 has no prebuilt binary for the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g npm@11
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
# npm ci's postinstall generates both Prisma clients and compiles src/ and commands/ to dist/
# (src/build.mjs, which needs the typescript package: hence everything first, then prune).
RUN npm ci && test -f dist/src/main.js && npm prune --omit=dev && npm cache clean --force

FROM node:24-bookworm-slim
# DejaVu fonts for the server-side charts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && npm install -g npm@11 && npm cache clean --force
WORKDIR /app
COPY --from=build --chown=root:root /app /app

ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    PORT=8080
# The SQLite database and the instance secret live here (with PostgreSQL, only the secret when
# CONFRERES_SECRET is not set). Created and owned before VOLUME: changes after it are lost.
RUN mkdir -p /app/data && chown node:node /app/data && chmod 700 /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 8080

# /healthz answers while the process runs (Telegram or Discord mode; terminal mode has no server).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM (docker stop) drains: updates in hand finish, leases are released, then exit 0.
# Give it more than the 10 s drain: `docker stop -t 20`, or stop_grace_period in compose.
# The command of `npm start`, run directly so the signal reaches Node itself.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
