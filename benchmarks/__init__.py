"""The measurement harness: the `manage.py bench_*` commands, the data they build (each marked with its own prefix
and removed by them), the load they send to a gunicorn on loopback and the bare views they compare the API with.
The top layer: it may import every app, no app imports it, and nothing here is a business rule."""
