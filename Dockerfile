# Confrères: one image for Discord, Telegram or both; configuration comes from the environment
# (see README.md). The start command is the same as `npm start`.
FROM node:20-bookworm-slim

# DejaVu fonts for the server-side charts; build tools in case better-sqlite3 has no prebuilt
# binary for the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
# postinstall generates the Prisma client from prisma/schema.prisma.
RUN npm ci --omit=dev && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands

ENV NODE_ENV=production \
    DATA_DIR=/app/data
# The SQLite database and the instance secret live here: mount a volume to keep them.
VOLUME ["/app/data"]
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 8080

CMD ["npm", "start"]
