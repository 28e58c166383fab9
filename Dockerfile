# The web app; Neo4j runs in its own container (see docker-compose.yml).
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
RUN if [ -x web/vendor_assets.sh ]; then web/vendor_assets.sh; fi \
 && pip install --no-cache-dir .
ENV TRACEGRAPH_HOME=/var/lib/tracegraph
EXPOSE 8000
CMD ["sh", "-c", "tracegraph db migrate && tracegraph serve --host 0.0.0.0 --port 8000"]
