"""One module per publisher family; each defines ``DATASETS``."""
