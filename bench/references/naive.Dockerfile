# Naive reference: the single-stage Dockerfile many projects start with.
# Everything is copied before the install, so any source edit re-runs it;
# pip's cache and the build context's clutter end up in the image; root user.
# bench/run fills the double-brace placeholders from `containerize plan --json`, so the
# three images run the same Python, dependencies, server and command.
FROM python:{{python}}-slim
WORKDIR /app
COPY . .
RUN pip install {{install_args}}
ENV PORT={{port}}
EXPOSE {{port}}
CMD {{command}}
