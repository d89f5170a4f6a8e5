"""Session fixtures: the synthetic sample world ingested once, one Dask LocalCluster (2 worker processes)."""
from __future__ import annotations

import pytest

import alliancestats as als
from alliancestats.synth import SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("mv_sample_processed")
    rep = als.ingest(SAMPLE_DIR, out)
    assert not rep.failed
    return out


@pytest.fixture(scope="session")
def dask_client():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()
