# syntax=docker/dockerfile:1
# The image runs the bot compiled to JavaScript (dist/, `npm run build`): running the TypeScript directly
# costs every thread its own type stripper (docs/memory.md).
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
RUN npm run build

FROM node:24-slim
# The allocators as npm start sets them (docs/memory.md): glibc with two arenas and large buffers always mapped
# on their own, so they go back to the system when freed; resvg's mimalloc returning freed pages at once.
ENV NODE_ENV=production \
    APPSVC_DATA_DIR=/app/data \
    PORT=3000 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=262144 \
    MIMALLOC_PURGE_DELAY=0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The process stops taking work on SIGTERM, finishes in-flight work (up to APPSVC_SHUTDOWN_SECONDS, 15 s;
# what cannot finish releases its lease and tells its user) and closes the store;
# run with a stop timeout above that (docker run --stop-timeout 20).
STOPSIGNAL SIGTERM
# The flags of `npm start` (docs/memory.md): a 4 MB semi-space keeps the main heap's young generation small;
# a 256 MB old generation per thread makes V8 collect before a busy bot's heap grows to ~300 MB (the live
# heap is ~60-80 MB; raise it for fleets far above 500 apps).
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=256", "dist/main.js"]
