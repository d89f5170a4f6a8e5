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


def test_nothing_to_ingest_warns_with_the_folder_or_flag_to_use(tmp_path):
    """An empty or wrong raw folder is a warning naming the sample world / download, never a silent no-op."""
    import shutil

    import pytest

    import alliancestats as als
    from alliancestats.raw.run import NothingToIngestWarning
    from alliancestats.synth import SAMPLE_DIR

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.warns(NothingToIngestWarning, match="alliancestats download --dest") as rec:
        rep = als.ingest(empty, tmp_path / "out")
    assert str(SAMPLE_DIR) in str(rec[0].message) and "reproduce --sample" in str(rec[0].message)
    assert rep.counts() == {"missing_input": rep.counts()["missing_input"]}
    assert any(n.startswith("no known release files") for n in rep.notes)

    # the sample world next to an unrelated file is left out (the README pitfall): say where to point instead
    mixed = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, mixed / "sample")
    (mixed / "my_notes.txt").write_text("not a release file\n")
    with pytest.warns(NothingToIngestWarning, match="synthetic sample files") as rec:
        als.ingest(mixed, tmp_path / "out2")
    msg = str(rec[0].message)
    assert str(mixed / "sample") in msg and "reproduce --sample" in msg

    # files there, but none of the dataset asked for
    with pytest.warns(NothingToIngestWarning, match="of atop_5_0 found.*drop --dataset"):
        als.ingest(mixed / "sample", tmp_path / "out3", datasets_=["atop_5_0"])


def test_user_errors_are_library_errors():
    """Bad options and bad values raise alliancestats' classes (OptionError is still a ValueError)."""
    import pandas as pd
    import pytest

    from alliancestats import store
    from alliancestats.errors import IngestError, OptionError
    from alliancestats.raw.convert import make_date
    from alliancestats.raw.crosswalk import name_to_ccode

    with pytest.raises(OptionError, match=r"source='sipr'.*'sipri'"):
        name_to_ccode(pd.Series(["France"]), source="sipr")
    one = pd.Series([1990])
    with pytest.raises(OptionError, match=r"bound='begin'.*'start', 'end'"):
        make_date(one, one, one, bound="begin")
    with pytest.raises(IngestError, match=r"row 0: expected a month 1-12, found 1990-13-\?"):
        make_date(one, pd.Series([13]), pd.Series([None], dtype="Float64"), bound="start")
    with pytest.raises(store.TamperedTableError, match="not a Parquet file"):
        store.data_region(b"PAR1 not really")
