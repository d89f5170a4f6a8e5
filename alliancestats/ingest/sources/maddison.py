"""Placeholder: loaders being written."""
DATASETS = ()
