"""The case coding recovers the synthetic sample world's fulfillment probability.

In the sample world (alliancestats.synth) a challenger attacks a target on
the war's first day and every ally obligated to defend the target joins its
side with probability ``p_fulfill`` = 0.7, independently. The world ships no
directed dyadic war file, so the casus foederis comes from participant dates
(original targets attacked, joiners not). Under rules "literature" the
decided defense member-pair rows are those obligated allies, so their
honored share estimates 0.7. The case-unit rate is a different quantity: a
multilateral case is honored only if all k obligated allies join (0.7^k), so
only bilateral cases (one decided pair) estimate 0.7 directly.
"""
from __future__ import annotations

import numpy as np
import pytest

import alliancestats as als
import alliancestats.fulfillment as ff
from alliancestats.synth import SAMPLE_DIR, TRUTH

Z99 = 2.576


@pytest.fixture(scope="module")
def sample_cases(tmp_path_factory):
    """Cases built from the sample's ATOP and war files only (the ingest recognises them as synthetic)."""
    out = tmp_path_factory.mktemp("sample_atop_war")
    assert not als.ingest(SAMPLE_DIR, out, datasets_=("atop_5_1", "cow_war_4_0")).failed
    return ff.build_cases(out)


def _check(k, n, p=TRUTH.p_fulfill):
    se = np.sqrt(p * (1 - p) / n)
    assert abs(k / n - p) < Z99 * se, f"{k}/{n} = {k / n:.3f} vs {p}"


def test_defense_pairs_recover_p_fulfill(sample_cases):
    p = sample_cases.pairs
    dec = p[p["status"].isin(["honored", "violated"]) & (p["obligation"] == "defense")]
    assert len(dec) >= 80
    assert dec["b_original_target"].all()  # only original targets are attacked in this world
    _check(int(dec["honored"].astype(int).sum()), len(dec))
    assert any("original target" in e for e in sample_cases.records["attacked_evidence"])


def test_bilateral_defense_cases_recover_p_fulfill(sample_cases):
    t = sample_cases.types
    bil = t[t["relevant"] & (t["obligation"] == "defense") & (t["n_decided"] == 1)]
    assert len(bil) >= 15
    _check(int(bil["honored"].astype(int).sum()), len(bil))
