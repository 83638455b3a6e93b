# Baseline for rebuild times: the cheapest possible image that changes when
# the source changes (the base image and one COPY of the same build context,
# through the same .dockerignore). A rebuild after a source edit cannot be
# faster than this; the report compares every rebuild with it.
FROM python:{{python}}-slim
WORKDIR /app
COPY . .
