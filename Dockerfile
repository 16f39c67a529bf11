FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
# The sources come later (for the layer cache), so install's generate-and-build waits for them.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run db:generate && npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Two malloc arenas instead of one per thread: about 13 MB less resident memory (BENCHMARKS.md).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The website's templates and static files are not compiled by tsc.
COPY --from=build /app/src/web/views ./src/web/views
COPY --from=build /app/src/web/public ./src/web/public
COPY --from=build /app/prisma ./prisma
USER node
EXPOSE 3000
# The node flags of `npm start` (a test keeps them equal): see docs/operating.md, Memory.
CMD ["node", "--max-semi-space-size=4", "--liftoff-only", "dist/src/main.js"]
