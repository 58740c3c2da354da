# syntax=docker/dockerfile:1

# Build stage: a static ckm binary. The module and build caches are cache
# mounts, so rebuilds after a source change only recompile what changed.
FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build
WORKDIR /src

COPY go.mod go.sum ./
RUN --mount=type=cache,target=/root/go/pkg/mod \
    go mod download

COPY . .
ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/root/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/ckm ./cmd/ckm \
 && mkdir -p /out/data

# Final stage: no shell, no package manager, runs as the nonroot user
# (uid/gid 65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ckm /ckm
# The data directory must exist and belong to nonroot in the image, so that a
# fresh named volume mounted at /data is initialised writable for ckm.
COPY --from=build --chown=65532:65532 /out/data /data
ENV CKM_DATA_DIR=/data CKM_HTTP_ADDR=:8080
VOLUME /data
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/ckm"]
CMD ["serve"]
