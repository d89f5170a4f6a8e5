"""NATO defence-expenditure tables: hand-made workbook in the release layout + real-data checks."""
import pandas as pd
import pytest

from alliancestats.errors import IngestError
from alliancestats.raw.sources import nato

SECTIONS = {}
for (sheet, sec), (series, unit) in nato.SECTIONS.items():
    SECTIONS.setdefault(sheet, []).append((sec, series))


def _book(path, bad=None):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in nato.SHEETS:
        ws = wb.create_sheet(sheet)
        ws.append([None, f"Table {sheet}"])
        if sheet == "TABLE4":
            ws.append([None, None, None, 2014, "2024e", "Real change 2014-2024e (%)", "Share of real GDP 2014 (%)"])
            ws.append([None, None, "Albania", 150.0, 309.5, 106.3, 1.35])
            ws.append([None, None, "United States", 660020.6, 754684.1, 14.3, 3.7])
            ws.append([None, None, "Note: Figures for 2024 are estimates."])
            continue
        off = 1 if sheet == "TABLE7" else 0
        ws.append([None] * (3 + off) + [2014, "2019", "2023e"])           # header, row 2
        for k, (sec, _) in enumerate(SECTIONS[sheet]):
            if sec:
                ws.append([None, sec.capitalize()])
            alb = "Albania   (Leks)" if sheet == "TABLE1" else "Albania"
            ws.append([None] * (2 + off) + [alb, 1.5 + k, 2.5, 3.5])
            ws.append([None] * (2 + off) + ["Czechia*" + ("   (Koruny)" if sheet == "TABLE1" else ""), 10.0, None, 30.0])
            ws.append([None, "NATO Total", None] + [None] * off + [100.0, 200.0, 300.0])
            ws.append([None, None, None] + [None] * off + ["#REF!", "#REF!", "#REF!"])
        ws.append([None, None, "Notes: Figures for 2023 and 2024 are estimates."])
        ws.append([None, "-7-"])
        if bad and sheet == "TABLE2":
            ws.cell(row=4, column=4).value = bad
    wb.save(path)
    return path


def test_fixture(tmp_path):
    res = nato.load_country_year({"xlsx": _book(tmp_path / "t.xlsx")})
    d = res.data
    nsec = sum(len(v) for v in SECTIONS.values())  # 15 sections
    # per section: 2 countries + aggregate + #REF! row; TABLE4: 2 countries
    assert res.rows_read == nsec * 4 + 2
    assert (res.rejected["reason"] == "NATO aggregate, not a country").sum() == nsec
    assert res.rejected["reason"].str.startswith("no country label").sum() == nsec
    t1 = d[d.source_file == "TABLE1"]
    alb = t1[(t1.country == "Albania") & (t1.series == "defexp_ncu_current")].set_index("year")
    assert alb["value"].to_dict() == {2014: 1.5, 2019: 2.5, 2023: 3.5}
    assert alb["estimate"].tolist() == [False, False, True]
    assert set(alb["currency"]) == {"Leks"} and set(alb["ccode"]) == {339}
    cz = d[(d.country == "Czechia") & (d.series == "defexp_usd_current")]
    assert cz["year"].tolist() == [2014, 2023] and set(cz["ccode"]) == {316}   # empty 2019 cell not written
    assert d.loc[d.source_file == "TABLE2", "currency"].isna().all()
    pers = d[d.series == "military_personnel"]
    assert set(pers["country"]) == {"Albania", "Czechia"} and set(pers["unit"]) == {"thousand persons"}
    t4 = d[d.source_file == "TABLE4"].set_index("country")
    assert t4.loc["United States", "value"] == 14.3 and t4.loc["United States", "year"] == 2024
    assert bool(t4.loc["United States", "estimate"]) and t4.loc["United States", "series"] == "defexp_real_change_2014_2024"
    assert set(d["series"]) == {s for v in SECTIONS.values() for _, s in v} | {"defexp_real_change_2014_2024"}
    assert str(d["ccode"].dtype) == "Int16" and str(d["estimate"].dtype) == "boolean"


def test_text_in_a_value_cell_is_an_error(tmp_path):
    with pytest.raises(IngestError) as e:
        nato.load_country_year({"xlsx": _book(tmp_path / "t.xlsx", bad="n.a.")})
    assert "TABLE2" in str(e.value) and "2014" in str(e.value) and "n.a." in str(e.value)


@pytest.fixture(scope="module")
def real(real_dir):
    return nato.load_country_year({"xlsx": real_dir / "nato_defence_expenditure" / "240617-def-exp-2024-TABLES-en.xlsx"})


def test_real_accounting(real):
    written = real.data[["source_file", "source_line"]].drop_duplicates()
    assert len(written) + len(real.rejected) == real.rows_read
    assert (real.rejected["reason"] == "NATO aggregate, not a country").sum() == 18
    assert real.data["ccode"].notna().all()  # every ally maps
    assert real.data["country"].nunique() == 32  # 32 allies incl. Sweden (2024)


def test_real_values_and_units(real):
    d = real.data.set_index(["country", "series", "year"])
    us = d.loc[("United States", "defexp_ncu_current", 2024)]
    assert us["value"] == 967707 and bool(us["estimate"])
    assert d.loc[("United States", "defexp_share_real_gdp", 2014), "value"] == pytest.approx(3.7, abs=0.1)  # PERCENT
    assert d.loc[("Germany", "military_personnel", 2014), "value"] == pytest.approx(178.8)  # thousands
    assert not bool(d.loc[("Germany", "defexp_usd_current", 2019), "estimate"])  # '2019' header string
    # Table 4 2014-2024 real change matches Table 2 constant-price spending
    a = d.loc[("Albania", "defexp_usd_const2015", 2014), "value"]
    b = d.loc[("Albania", "defexp_usd_const2015", 2024), "value"]
    assert d.loc[("Albania", "defexp_real_change_2014_2024", 2024), "value"] == pytest.approx((b / a - 1) * 100, abs=0.01)
