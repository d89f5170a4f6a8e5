import pytest

import alliancestats as als


def test_cite_by_id_and_frame(mini_world):
    bib = als.cite("atop_5_1", "gml_mid_2_1")
    assert bib.count("@") == 2 and "leeds2002atop" in bib and "gibler2016" in bib
    d = als.create_dyad_years(True, 1900, 1901, data_dir=mini_world).pipe(als.add_alliances)
    bib = als.cite(d)
    assert "cow2017states" in bib and "leeds2002atop" in bib and "gibler" not in bib


def test_every_catalog_dataset_has_bibtex():
    for d in als.datasets():
        assert d.citation.strip().startswith("@") and d.citation.count("{") == d.citation.count("}"), d.dataset_id
    with pytest.raises(KeyError, match="unknown dataset"):
        als.cite("no_such_dataset")
