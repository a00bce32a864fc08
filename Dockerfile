FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --create-home --uid 10001 vitrina
COPY pyproject.toml README.md alembic.ini ./
COPY alembic ./alembic
COPY shop ./shop
COPY catalog ./catalog
COPY payments ./payments
COPY webhooks ./webhooks
COPY sandbox ./sandbox
RUN pip install --no-cache-dir .
USER vitrina
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status != 200)"
CMD ["shop", "serve", "--host", "0.0.0.0", "--port", "8080", "--no-worker"]
