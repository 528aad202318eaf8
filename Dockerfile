# A first working image: the bot with its locked dependencies, running as an unprivileged user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md config.toml ./
COPY bot ./bot
COPY briefings ./briefings
COPY storage ./storage
RUN pip install --no-deps . && useradd --create-home briefbot && mkdir -p /data && chown briefbot /data

USER briefbot
ENV BRIEFBOT_DB=/data/briefbot.db
VOLUME ["/data"]
# Tokens come from the environment: docker run -e DISCORD_TOKEN=... (never baked into the image).
ENTRYPOINT ["briefbot"]
CMD ["run"]
