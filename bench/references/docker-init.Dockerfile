# Reference in the style of `docker init`'s Python template (as documented in
# Docker's guide "Containerize a Python application"): one stage on the slim
# image, an unprivileged user, the install in its own step with a pip cache
# mount and the requirements file bind-mounted (not copied), then the source.
#
# Differences from the template, all needed to build and run the examples here:
# - no `# syntax=` line: it makes BuildKit pull a frontend image (offline here);
# - `useradd` instead of `adduser` (same user, same options): the stand-in
#   base images on this machine do not carry `adduser`;
# - the requirements file is bench-requirements.txt, written by bench/run from
#   `containerize plan --json` (the same packages as ours, plus the server our
#   plan adds), because the template reads requirements.txt only and most
#   examples have none;
# - a project that must itself be installed (src layout, workspace members) is
#   installed without dependencies after the COPY, which comes before `USER`
#   (COPY leaves files owned by root either way);
# - `ENV PORT` feeds the command taken from the plan.
ARG PYTHON_VERSION={{python}}
FROM python:${PYTHON_VERSION}-slim

ENV PYTHONDONTWRITEBYTECODE=1
ENV PYTHONUNBUFFERED=1

WORKDIR /app

ARG UID=10001
RUN useradd --no-create-home --home-dir "/nonexistent" \
    --shell "/sbin/nologin" --uid "${UID}" appuser
{{system_packages}}
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=bind,source=bench-requirements.txt,target=bench-requirements.txt \
    python -m pip install {{install_args}}

COPY . .
{{project_install}}
USER appuser

{{port_lines}}CMD {{command}}
