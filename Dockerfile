FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY services ./services
COPY schema ./schema
COPY scripts ./scripts
USER node
EXPOSE 4000
# Migrates, loads the demo town when SEED_DEMO is true (idempotent), then serves.
CMD ["sh", "-c", "node --import tsx scripts/migrate.ts && if [ \"$SEED_DEMO\" = true ]; then node --import tsx scripts/seed/cli.ts --network demo; fi && exec node --import tsx services/api/src/server.ts"]
