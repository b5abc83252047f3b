# Lease Insurance Suite — the two set-up commands are `make run` and `make test`.
.PHONY: run test stop lint clean-db bench

run:  ## set up everything and serve the demo database on http://127.0.0.1:8069
	@scripts/run

test:  ## set up, lint, install into a fresh database with tests, run pytest
	@scripts/test

stop:  ## stop the embedded PostgreSQL cluster
	@scripts/stop

lint:  ## only the linters (flake8, pylint-odoo)
	@scripts/lint

clean-db:  ## drop the demo database; the next `make run` recreates it
	@scripts/clean-db

bench:  ## the benchmarks of bench/ on the database of the last `make test`
	@scripts/bench
