# Multi-stage image for every service of the grants platform.
#
#   docker build --build-arg APP=calls -t grants-platform/calls .
#
# APP is one of: gateway calls applications evaluation disbursement notifications.
# The image contains the compiled code of all apps (dist/) but runs only ${APP};
# every app's migrations can be run with `node dist/apps/<app>/src/migrate.js`.

############################ build ############################
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Install dependencies first so this layer is cached while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

############################ runtime ############################
FROM node:20-bookworm-slim AS runtime

ARG APP
ENV NODE_ENV=production \
    APP=${APP}

WORKDIR /app

# Files stay owned by root (read-only for the runtime user).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

# Fail the build early when APP is missing or unknown.
RUN test -n "${APP}" && test -f "dist/apps/${APP}/src/main.js" \
 || { echo "Build with --build-arg APP=<gateway|calls|applications|evaluation|disbursement|notifications> (got '${APP}')" >&2; exit 1; }

USER node

EXPOSE 3000 3001 3002 3003 3004 3005

# Readiness of the running app (checks PostgreSQL, Redis, Kafka). No curl in slim
# images: use node's built-in fetch. PORT defaults to the app's well-known port.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD node -e "const d={gateway:3000,calls:3001,applications:3002,evaluation:3003,disbursement:3004,notifications:3005};const p=process.env.PORT||d[process.env.APP]||3000;fetch('http://127.0.0.1:'+p+'/health/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# Shell form so ${APP} expands at run time; `exec` replaces the shell so node
# receives SIGTERM directly (compose adds an init process via `init: true`).
CMD exec node "dist/apps/${APP}/src/main.js"
