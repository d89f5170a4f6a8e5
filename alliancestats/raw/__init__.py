"""Raw releases -> validated, provenance-stamped Parquet (``data/processed``)."""
from .catalog import Dataset, TableSpec, datasets, get_dataset, tables
from .run import IngestReport, ingest, local_status

__all__ = ["Dataset", "TableSpec", "datasets", "get_dataset", "tables", "IngestReport", "ingest", "local_status"]
