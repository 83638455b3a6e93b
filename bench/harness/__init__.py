"""The benchmark harness behind `bench/run` (Python 3.11+, standard library only).

One module per concept: settings, running commands, machine facts, the trees
that `plan` is timed on, timing, the Docker engine, the reference
Dockerfiles, image measurements, targets and the report.
"""
