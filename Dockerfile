# The emulator as a container: `callrail-emulator serve` (waitress) on 0.0.0.0:3000, as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY emulator ./emulator
RUN pip install . \
 && useradd --create-home --uid 10001 emulator \
 && mkdir -p /data \
 && chown emulator:emulator /data

USER emulator
# Every flag is also an environment variable (README, Configuration). Inside the container the server must
# listen on every interface; state goes to a fresh temporary file unless CALLRAIL_EMULATOR_DB points into /data.
ENV CALLRAIL_EMULATOR_HOST=0.0.0.0 \
    CALLRAIL_EMULATOR_PORT=3000
VOLUME ["/data"]
EXPOSE 3000

HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import os, urllib.request as r; r.urlopen(r.Request('http://127.0.0.1:%s/_emulator/health' % os.environ.get('CALLRAIL_EMULATOR_PORT', '3000'), headers={'X-Emulator-Token': os.environ.get('CALLRAIL_EMULATOR_CONTROL_TOKEN', '')}), timeout=4)" || exit 1

CMD ["callrail-emulator", "serve"]
