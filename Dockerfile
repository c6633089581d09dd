# Lockstep's HTTP API (lockstep serve). Used by docker-compose.yml together with Neo4j.
# Node 20.20 (minor pinned, as the tests run on).
FROM node:20.20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off: `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
# Inside a container the API must listen on all interfaces; publish the port to restrict access.
CMD ["node", "dist/lockstep.js", "serve", "--port", "8080", "--host", "0.0.0.0"]
