# The Rasa image (Python 3.10): the model is trained at build time from nlu/ and the
# service synonyms generated from the knowledge base.
FROM python:3.11-slim AS nlu-export
WORKDIR /app
COPY requirements/app.txt requirements/app.txt
RUN pip install --no-cache-dir --no-deps -r requirements/app.txt
COPY knowledge_base knowledge_base
RUN mkdir -p /out && python -m knowledge_base export-nlu /out/kb_services.yml

FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 RASA_TELEMETRY_ENABLED=false PYTHONPATH=/app/nlu
WORKDIR /app/nlu
COPY requirements/rasa.txt /tmp/rasa.txt
RUN pip install --no-cache-dir --no-deps -r /tmp/rasa.txt && pip check
COPY nlu /app/nlu
COPY --from=nlu-export /out/kb_services.yml /app/nlu/data/generated/kb_services.yml
RUN rasa train --config config.yml --domain domain.yml --data data --out /app/models --fixed-model-name tanya
RUN useradd --system --uid 10001 rasa && chown -R rasa /app
USER rasa
EXPOSE 5005
CMD ["python", "-m", "tanya_nlu.rasa_server", "run", "--enable-api", "--interface", "0.0.0.0", "--port", "5005", "--model", "/app/models/tanya.tar.gz", "--endpoints", "endpoints.production.yml", "--credentials", "credentials.yml"]
