# Naive reference: the single-stage Dockerfile many projects start with.
# Everything is copied before the install, so any source edit re-runs it;
# no .dockerignore, no cache mount, root user, no health check.
# bench/run fills the double-brace placeholders from `containerize plan --json`:
# the same Python, the same packages (written to bench-requirements.txt) plus
# the server our plan adds, the project itself when the plan installs it, and
# the same command, so the three images differ only in packaging.
FROM python:{{python}}-slim
WORKDIR /app
COPY . .
{{system_packages}}RUN pip install {{install_args}} {{project_dirs}}
{{port_lines}}CMD {{command}}
