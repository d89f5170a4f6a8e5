import pandas as pd

from alliancestats.cli import main


def test_panel_command_writes_the_piped_frame(mini_world, tmp_path, capsys):
    out = tmp_path / "ddy.csv"
    rc = main(["panel", "--start", "1900", "--end", "1905", "--with", "atop,gml,majors",
               "--data-dir", str(mini_world), "--out", str(out)])
    assert rc == 0
    df = pd.read_csv(out)
    assert len(df) == 94  # the hand-counted directed universe of the mini world
    r = df[(df.ccode1 == 2) & (df.ccode2 == 200) & (df.year == 1901)].iloc[0]
    assert (r.atop_defense, r.gmlmidonset, r.cowmaj2) == (1, 1, 1)
    assert "cite: atop_5_1" in capsys.readouterr().out


def test_panel_command_rejects_unknown_steps(tmp_path, capsys):
    assert main(["panel", "--with", "atop,nope", "--out", str(tmp_path / "x.parquet")]) == 2
    assert "nope" in capsys.readouterr().err
