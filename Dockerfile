# Checkpost's server: `docker build -t checkpost .`, then `docker compose up` (compose.yaml, with PostgreSQL)
# or `docker run -p 3000:3000 -v checkpost-data:/data -e CHECKPOST_SLACK_SIGNING_SECRET=... checkpost`.
# The install step is scripts/install.sh, which .ci/run also runs and serves from, so CI tests the image's
# install without a Docker engine.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin checkpost

WORKDIR /app
COPY pyproject.toml README.md ./
COPY scripts ./scripts
COPY bot ./bot
COPY checks ./checks
COPY adapters ./adapters
COPY config ./config
# Installs the package, its dependencies and the spelling dictionaries (a Python package), and checks the
# packs; no Debian packages are needed (see the script).
RUN scripts/install.sh /opt/checkpost \
    && mkdir /data && chown checkpost:checkpost /data

ENV PATH=/opt/checkpost/bin:$PATH \
    CHECKPOST_HOST=0.0.0.0 \
    CHECKPOST_PORT=3000 \
    CHECKPOST_DATA_DIR=/data

# The SQLite store (when CHECKPOST_DATABASE_URL names no PostgreSQL) lives here.
VOLUME /data
USER checkpost
EXPOSE 3000
# `checkpost serve` stops on SIGTERM: it stops accepting, finishes reviews and deliveries in flight, and exits.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "/app/scripts/healthcheck.py"]
ENTRYPOINT ["checkpost"]
CMD ["serve"]
