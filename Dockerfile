# Image for the API and the worker (docker-compose.yml runs it twice with different commands).
# Build stage compiles TypeScript with dev dependencies; the runtime stage keeps only production
# dependencies, dist/ and the built web app (web/dist).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies these to node_modules (patch-package; see patches/README.md).
COPY patches ./patches
# npm ci refuses a lock file that lacks optional platform packages (ours was made against a
# registry mirror without some @swc/core-* and @unrs/resolver-binding-* builds); npm install
# --no-save accepts it and changes nothing. See scripts/provision.sh.
RUN npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund
COPY . .
# Production code only (src, workflows, activities): lint keeps it free of dev dependencies.
# The web app (web/, Vite) is built here too: the API serves web/dist at / from the same origin.
RUN node_modules/.bin/tsc -p tsconfig.production.json \
  && node_modules/.bin/vite build --config web/vite.config.ts --logLevel warn \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
