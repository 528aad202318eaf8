# syntax=docker/dockerfile:1
# The briefing bot's image: two stages on the same slim Python base (pinned to its patch release).
#   build:   a virtual environment with the locked dependencies, every file checked against its hash
#   runtime: that environment and the source, run as an unprivileged user, the database on /data
#
#   docker build -t briefbot .
#   docker run -d --name briefbot -e DISCORD_TOKEN -v briefbot-data:/data \
#     -v "$PWD/config.toml:/etc/briefbot/config.toml:ro" -p 127.0.0.1:9108:9108 briefbot
#
# Secrets come from the environment at run time (-e DISCORD_TOKEN, OPENAI_API_KEY...), never from
# the image. The README's "Docker and operations" section has the rest (compose, backups, health).

FROM python:3.11.13-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /build
COPY requirements.lock ./
RUN python -m venv /opt/briefbot \
    && /opt/briefbot/bin/pip install --no-cache-dir --require-hashes --only-binary=:all: -r requirements.lock

FROM python:3.11.13-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PATH=/opt/briefbot/bin:$PATH \
    MPLCONFIGDIR=/tmp/matplotlib \
    BRIEFBOT_CONFIG=/etc/briefbot/config.toml \
    BRIEFBOT_DB=/data/briefbot.db \
    BRIEFBOT_HEALTH_PORT=9108 \
    BRIEFBOT_HEALTH_HOST=0.0.0.0 \
    BRIEFBOT_LOG_FORMAT=json
RUN groupadd --system --gid 10001 briefbot \
    && useradd --system --uid 10001 --gid briefbot --home-dir /data --no-create-home --shell /usr/sbin/nologin briefbot \
    && mkdir -p /data /etc/briefbot \
    && chown briefbot:briefbot /data \
    && printf '#!/bin/sh\nexec /opt/briefbot/bin/python -m bot "$@"\n' > /usr/local/bin/briefbot \
    && chmod 0755 /usr/local/bin/briefbot
COPY --from=build /opt/briefbot /opt/briefbot
WORKDIR /app
COPY bot ./bot
COPY briefings ./briefings
COPY storage ./storage
COPY config.toml /etc/briefbot/config.toml

USER 10001:10001
VOLUME ["/data"]
EXPOSE 9108
STOPSIGNAL SIGTERM
# briefbot health asks the bot's own /healthz (on 127.0.0.1 inside the container): exit 0 when healthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["briefbot", "health"]
ENTRYPOINT ["briefbot"]
CMD ["-v", "run"]
