# wvlv container image: `docker build -t wvlv .`, or through docker-compose.yml.
# Configured only through the WVLV_* environment variables (README.md, "Configuration").

# ---- build stage ---------------------------------------------------------------
FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gcc make libc6-dev cmake pkg-config \
      libmicrohttpd-dev libjansson-dev libpq-dev libssl-dev libcurl4-openssl-dev libyaml-dev \
      check libsubunit-dev libgdal-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*

# The source lives where the runtime image keeps the static web page: the binary looks for
# web/ under the source directory it was built from. (A .dockerignore listing build*/, .wvlv/
# and .git/ keeps the build context small; the build itself does not need it.)
WORKDIR /usr/local/share/wvlv
COPY . .
RUN mkdir -p web \
 && cmake -S . -B /tmp/build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
 && cmake --build /tmp/build -j"$(nproc)" --target wvlv \
 && install -m 0755 -s /tmp/build/wvlv /tmp/build/wvlv-gis /usr/local/bin/

# ---- runtime stage -------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libmicrohttpd12 libjansson4 libpq5 libssl3 libcurl4 ca-certificates tzdata libjs-leaflet \
      libgdal32 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin --uid 10001 wvlv
# wvlv-gis: `wvlv import` and `wvlv export` (GDAL), run from wvlv's own directory
COPY --from=build /usr/local/bin/wvlv /usr/local/bin/wvlv-gis /usr/local/bin/
COPY --from=build /usr/local/share/wvlv/web/ /usr/local/share/wvlv/web/

USER wvlv
ENV WVLV_LISTEN=0.0.0.0:8080
EXPOSE 8080
# migrations are compiled into the binary: `docker run … wvlv migrate` needs nothing else
CMD ["wvlv", "serve"]
