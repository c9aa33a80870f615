# Multi-stage build of the grants platform, one target per service:
#
#   docker build --target calls -t grants-platform/calls .
#
# Targets: gateway calls applications evaluation disbursement notifications (and `migrate`,
# which runs every service's migrations and exits). All share one build stage (the monorepo
# compiles once); each final image runs one service, as the unprivileged `node` user.
#
# BASE_IMAGE is the Node 20 image both stages start from: the official one by default; any
# Debian-based image with `node`, `npm` and a `node` user will do (deploy/compose/smoke.sh builds
# one from Debian packages and the machine's Node, for machines without an image registry):
#
#   docker build --build-arg BASE_IMAGE=grants-base/node:20 --target calls -t grants-platform/calls .
ARG BASE_IMAGE=node:20-bookworm-slim

############################ build ############################
FROM ${BASE_IMAGE} AS build
WORKDIR /app

# Install dependencies first so this layer is cached while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .
# Whatever `npm run build` builds (every service, and any app added to it) lands in dist/.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

############################ runtime ############################
FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app

# The one writable place: notifications' e-mail files (MAIL_DIR) when no SMTP_URL is set.
RUN mkdir -p /var/lib/grants/mail && chown -R node:node /var/lib/grants

# Files stay owned by root (read-only for the runtime user).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

USER node

# Readiness of the running app (PostgreSQL, Redis, Kafka). No curl in slim images.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# Shell form so ${APP} expands at run time; `exec` lets node receive SIGTERM itself (graceful
# shutdown: in-flight requests, messages and jobs finish).
CMD exec node "dist/apps/${APP}/src/main.js"

############################ one target per service ############################
FROM runtime AS gateway
ENV APP=gateway PORT=3000
EXPOSE 3000

FROM runtime AS calls
ENV APP=calls PORT=3001
EXPOSE 3001

FROM runtime AS applications
ENV APP=applications PORT=3002
EXPOSE 3002

FROM runtime AS evaluation
ENV APP=evaluation PORT=3003
EXPOSE 3003

FROM runtime AS disbursement
ENV APP=disbursement PORT=3004
EXPOSE 3004

FROM runtime AS notifications
ENV APP=notifications PORT=3005
EXPOSE 3005

# Last, so that a plain `docker build .` gives the migration image.
FROM runtime AS migrate
HEALTHCHECK NONE
CMD for app in gateway calls applications evaluation disbursement notifications; do \
      DATABASE_URL="${DATABASE_URL_BASE}/grants_${app}" node "dist/apps/${app}/src/migrate.js" || exit 1; \
    done
