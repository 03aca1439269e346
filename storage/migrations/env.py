"""Alembic environment: runs on the connection handed over by storage.migrate."""

import importlib
import pkgutil

from alembic import context
from sqlmodel import SQLModel

import storage

# Every module of the storage package whose name ends in "tables" defines tables; import them all
# so that the metadata is complete whichever features are installed.
for module in pkgutil.iter_modules(storage.__path__):
    if module.name.endswith("tables"):
        importlib.import_module(f"storage.{module.name}")

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
