"""Imported once by multiprocessing's fork server (see `process.pool_context`): loads the
pipeline there, so that every worker process forked from the server starts warm."""
from .process import warm_up

try:
    warm_up()
except Exception:   # the server must live on; each worker then warms up (and fails) itself
    pass
