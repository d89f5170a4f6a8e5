"""Readable names for variables, models and table columns.

One dictionary used wherever a variable name reaches a reader: the
side-by-side model table (:func:`alliancestats.models.compare` via
:func:`alliancestats.outputs.write_regression_table`), the reproduction
report, and figures saved with :func:`alliancestats.outputs.save_figure`
(tick labels, legend entries and axis labels that are exactly a variable
name are replaced).

Extend it for your own variables, for one call or for the session::

    from alliancestats.labels import label, register_labels
    label("capshare1")                                  # 'Capability share of state 1'
    label("mycov", {"mycov": "My covariate"})           # one call
    register_labels({"mycov": "My covariate"})          # every later call

Names that are not in the dictionary and match no pattern come back
unchanged, so labelling never hides a variable.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping

#: variable name -> readable name (extend with :func:`register_labels`)
LABELS: dict[str, str] = {
    # intercept
    "const": "Constant",
    "Intercept": "Constant",
    # alliance obligations of the directed dyad (Leeds 2003; Johnson & Leeds 2011)
    "target_defense": "Target has defense pact",
    "target_defense_cond": "Target has defense pact (conditional)",
    "challenger_defense": "Challenger has defense pact",
    "challenger_offense": "Challenger has offense pact",
    "challenger_neutral": "Challenger has neutrality pact",
    "shared_defense": "Shared defense pact",
    "defense": "Defense pact",
    "offense": "Offense pact",
    "neutrality": "Neutrality pact",
    "nonaggression": "Non-aggression pact",
    "neutral": "Neutrality pact",
    "nonagg": "Non-aggression pact",
    "consultation": "Consultation pact",
    "atop_defense": "ATOP defense pact",
    "atop_offense": "ATOP offense pact",
    "atop_neutrality": "ATOP neutrality pact",
    "atop_nonagg": "ATOP non-aggression pact",
    "atop_consul": "ATOP consultation pact",
    "cow_defense": "COW defense pact",
    "cow_neutrality": "COW neutrality pact",
    "cow_entente": "COW entente",
    # capabilities, geography, power status
    "cinc": "CINC",
    "cinc1": "CINC, side 1",
    "cinc2": "CINC, side 2",
    "capshare1": "Capability share of state 1",
    "capratio_ln": "Capability ratio (log)",
    "landcontig": "Land contiguity",
    "conttype": "Contiguity type",
    "capdist": "Capital distance (km)",
    "mindist": "Minimum distance (km)",
    "cowmaj": "Major power",
    "cowmaj1": "State 1 is a major power",
    "cowmaj2": "State 2 is a major power",
    # regime
    "polity2": "Polity2",
    "v2x_polyarchy": "V-Dem polyarchy",
    "xm_qudsest": "Democracy (UDS)",
    "jointdem": "Joint democracy",
    "weaklink": "Weak-link democracy",
    # alliance portfolio similarity (Signorino & Ritter 1999)
    "s_unweighted": "S score (unweighted)",
    "s_weighted": "S score (CINC-weighted)",
    "tau_b": "Tau-b",
    # disputes and wars
    "gmlmidonset": "MID onset (GML)",
    "gmlmidongoing": "MID ongoing (GML)",
    "cowmidonset": "MID onset (COW)",
    "cowmidongoing": "MID ongoing (COW)",
    "initiation": "Dispute initiation",
    "hostlev": "Hostility level",
    # burden-sharing
    "gdp": "GDP",
    "milex": "Military expenditure",
    "burden": "Military burden (milex / GDP)",
    "share_gdp": "Share of alliance GDP",
    "share_milex": "Share of alliance milex",
    "exploitation_ratio": "Exploitation ratio",
    "g_leader": "Leader's spending growth",
    "g_own": "Own spending growth",
    "g_gdp": "GDP growth",
    "threat_excess": "Rival's excess spending growth",
    # burden-sharing models (analyses/burden_sharing.py) and named alliances
    "burden_gdp_share": "Burden on GDP share (levels)",
    "burden_gdp_share_differences": "Burden on GDP share (differences)",
    "leader_follower": "Leader-follower",
    "leader_follower_lag1": "Leader-follower, leader lagged 1 year",
    "leader_follower_no_threat": "Leader-follower, no threat term",
    "leader_follower_all_years": "Leader-follower, every year",
    "spill_in_contemporaneous": "Spill-in (contemporaneous)",
    "nato": "NATO",
    "rio": "Rio Pact",
    "warsaw_pact": "Warsaw Pact",
    "anzus": "ANZUS",
    "seato": "SEATO",
    "us_asia_bilaterals": "US bilateral treaties in Asia",
    # models (column names of coefficient tables)
    "logit": "Logit",
    "probit": "Probit",
    "firth": "Firth logit",
    "relogit": "Rare-events logit",
    "logit_dyadcl": "Logit (dyad-clustered SE)",
    "logit_ndyadcl": "Logit (undirected-dyad-clustered SE)",
    "probit_dyadcl": "Probit (dyad-clustered SE)",
    "logit_joiner": "Logit (joiners as initiators)",
    "initiation_joiner": "Dispute initiation (joiners as initiators)",
    "leeds2003": "Leeds (2003)",
    "johnson_leeds2011": "Johnson & Leeds (2011)",
    "bremer_dangerous_dyads": "Dangerous dyads (Bremer 1992)",
    # columns of tidy coefficient tables
    "term": "Term",
    "variable": "Variable",
    "model": "Model",
    "estimate": "Estimate",
    "std_error": "Std. error",
    "p_value": "p",
    "conf_low": "CI low",
    "conf_high": "CI high",
    "n_obs": "N",
    "n_events": "Events",
    "pct_change": "% change",
    "lo": "CI low",
    "hi": "CI high",
    "first_difference": "First difference",
    "pr_from": "Pr (from)",
    "pr_to": "Pr (to)",
    "published_estimate": "Published estimate",
    "published_std_error": "Published SE",
    "published_source": "Published source",
}

#: (regular expression, template) for families of names; the first match wins
PATTERNS: list[tuple[str, str]] = [
    # deterrence's cubic peace-years terms (Carter & Signorino 2010): t, t^2/100, t^3/1000
    (r"^peace_t$", "Peace years"),
    (r"^peace_t2$", "Peace years² / 100"),
    (r"^peace_t3$", "Peace years³ / 1000"),
    # models estimated on a sub-period (deterrence: logit_1816_1944)
    (r"^logit_(?P<a>\d{4})_(?P<b>\d{4})$", "Logit, {a}-{b}"),
    (r"^probit_(?P<a>\d{4})_(?P<b>\d{4})$", "Probit, {a}-{b}"),
    # add_peace_years: <prefix>spell, <prefix>spell2, <prefix>spell3, <prefix>spline<k>
    (r"^(?P<p>\w*?)spell$", "Peace years"),
    (r"^(?P<p>\w*?)spell2$", "Peace years²"),
    (r"^(?P<p>\w*?)spell3$", "Peace years³"),
    (r"^(?P<p>\w*?)spline(?P<k>\d+)$", "Peace-years spline {k}"),
]
_COMPILED: list[tuple[re.Pattern, str]] = [(re.compile(p), t) for p, t in PATTERNS]


def register_labels(mapping: Mapping[str, str]) -> None:
    """Add or replace readable names for the rest of the session."""
    LABELS.update({str(k): str(v) for k, v in mapping.items()})


def label(name, labels: Mapping[str, str] | None = None) -> str:
    """The readable name of ``name``: ``labels`` first, then :data:`LABELS`, then :data:`PATTERNS`.

    Returns ``name`` unchanged (as a string) when nothing matches.
    """
    name = str(name)
    if labels and name in labels:
        return str(labels[name])
    if name in LABELS:
        return LABELS[name]
    for rx, template in _COMPILED:
        m = rx.match(name)
        if m:
            return template.format(**m.groupdict())
    return name


def label_dict(names: Iterable, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{name: label(name)}`` for the names that have a readable name (for ``compare(labels=...)``)."""
    out = {}
    for n in names:
        lab = label(n, labels)
        if lab != str(n):
            out[str(n)] = lab
    return out


def labeller(labels: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """A one-argument function mapping a name to its readable name (for plotting code)."""
    return lambda name: label(name, labels)
