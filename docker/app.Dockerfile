# The app image: gateway, action server and status simulator (Python 3.11).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements/app.txt requirements/app.txt
RUN pip install --no-cache-dir --no-deps -r requirements/app.txt && pip check
COPY bot bot
COPY actions actions
COPY knowledge_base knowledge_base
COPY status_simulator status_simulator
RUN useradd --system --uid 10001 tanya
USER tanya
