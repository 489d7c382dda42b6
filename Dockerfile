# One image for every Pathways process: the web server (the default command), the worker and
# the housekeeping schedule (compose.yaml gives each its command). See docs/deployment.md.

# NHS.UK frontend from npm, laid out as `make install` lays it out in frontend/.
FROM node:20-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
RUN mkdir -p frontend/nhsuk \
 && NHSUK=node_modules/nhsuk-frontend/dist/nhsuk \
 && sed 's#url(/assets/#url(assets/#g' $NHSUK/nhsuk-frontend.min.css > frontend/nhsuk/nhsuk-frontend.min.css \
 && cp $NHSUK/nhsuk-frontend.min.css.map $NHSUK/nhsuk-frontend.min.js $NHSUK/nhsuk-frontend.min.js.map frontend/nhsuk/ \
 && cp -r $NHSUK/assets frontend/nhsuk/assets

FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY . .
COPY --from=frontend /build/frontend ./frontend
RUN pip install --no-cache-dir . \
 && SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input --clear -v0 \
 && useradd --system --no-create-home pathways
USER pathways
EXPOSE 8000
# Two sync workers per container; run as many containers as the load needs.
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--no-control-socket"]
