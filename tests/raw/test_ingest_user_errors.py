"""What a user sees on a typo and in a notebook: closest dataset ids, a short IngestReport display."""
from __future__ import annotations


def test_unknown_dataset_id_names_the_closest_ids(tmp_path):
    import pytest

    import alliancestats as als
    from alliancestats.errors import OptionError

    with pytest.raises(OptionError, match=r"'atop_5\.1' \(did you mean atop_5_1"):
        als.ingest(tmp_path, tmp_path / "out", datasets_=["atop_5.1"])
    assert not (tmp_path / "out").exists()  # nothing written for a typo


def test_ingest_report_displays_as_a_summary(tmp_path):
    from alliancestats.raw.run import IngestReport, TableOutcome

    r = IngestReport("raw", "out", [TableOutcome("x_t", "x", "written", rows_read=3, rows_written=3, rows_rejected=0)])
    assert repr(r) == "<IngestReport raw -> out: 1 written>"
    assert r._repr_html_().startswith("<pre>") and "x_t" in r._repr_html_()
