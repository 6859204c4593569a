# One image for every service of the hub; docker-compose.yml picks the service with the command's argument.
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENV NODE_ENV=production HOST=0.0.0.0 DEMO_DATA=off
CMD ["node", "hub.ts"]
