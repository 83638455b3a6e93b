# Reference in the style of `docker init`'s Python template (as documented in
# Docker's guide "Containerize a Python application"): one stage on the slim
# image, an unprivileged user, the install in its own step with a pip cache
# mount and the requirement files bind-mounted (not copied), then the source.
#
# Differences from the template, all needed to build and run here:
# - no `# syntax=` line: it makes BuildKit pull a frontend image (offline here);
# - `useradd` instead of `adduser` (same user, same options): the stand-in
#   base images on this machine do not carry `adduser`;
# - every requirement file the install reads is bind-mounted, not only
#   requirements.txt (a `-r` include would otherwise be missing);
# - the install names the server our plan adds when the project lacks it, and
#   `ENV PORT` feeds the command taken from `containerize plan --json`.
ARG PYTHON_VERSION={{python}}
FROM python:${PYTHON_VERSION}-slim

ENV PYTHONDONTWRITEBYTECODE=1
ENV PYTHONUNBUFFERED=1

WORKDIR /app

ARG UID=10001
RUN useradd --no-create-home --home-dir "/nonexistent" \
    --shell "/sbin/nologin" --uid "${UID}" appuser

RUN --mount=type=cache,target=/root/.cache/pip \
{{bind_mounts}}    python -m pip install {{install_args}}

USER appuser
COPY . .

ENV PORT={{port}}
EXPOSE {{port}}
CMD {{command}}
