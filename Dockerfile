# syntax=docker/dockerfile:1
# First version (operations come with the "running it for real" issue).
# Stage 1: chart assets from the npm registry, pinned by package-lock.json.
FROM node:20-bookworm-slim AS assets
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund

# Stage 2: the Go binary (cgo for DuckDB), statically linked.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/web/node_modules/echarts/dist/echarts.min.js publish/assets/vendor/echarts.min.js
RUN CGO_ENABLED=1 go build -tags duckdb_arrow,netgo,osusergo -trimpath \
      -ldflags '-s -w -linkmode external -extldflags "-static"' \
      -o /out/envdisclose ./cmd/envdisclose

# Stage 3: a small runtime image, non-root, data dir as a volume.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/envdisclose /usr/local/bin/envdisclose
VOLUME ["/data"]
EXPOSE 8080
USER nonroot
HEALTHCHECK --interval=30s --timeout=6s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/envdisclose", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/envdisclose"]
CMD ["serve", "--data", "/data", "--addr", "0.0.0.0:8080"]
