# fplint in a small image: `docker build -t fplint .` then
#   docker run --rm fplint check examples/valid            # the bundled clean example
#   docker run --rm -v "$PWD:/data" fplint check data/     # your dataset, mounted at /data
#
# Two stages: the first builds fplint's wheel and the wheels of what it needs (with the
# compiled speed-ups of the `fast` extra); the second installs only those wheels into a slim
# Python, with no compiler, no pip cache and no source tree, and runs as a user without root.
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY fplint ./fplint
COPY schemas ./schemas
COPY rules ./rules
RUN python -m pip wheel --no-cache-dir --wheel-dir /wheels ".[fast]"

FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir --no-index --find-links /wheels "fplint[fast]" \
    && rm -rf /wheels \
    && useradd --create-home --uid 10001 fplint
USER fplint
WORKDIR /data
COPY --chown=fplint examples/valid ./examples/valid
ENTRYPOINT ["fplint"]
CMD ["check", "."]
