"""Alliance fulfillment in war: opportunities, honoring and violation, rates, determinants.

    import alliancestats as als
    coded = als.fulfillment.fulfillment_opportunities(data_dir, scheme="llm")
    als.fulfillment.fulfillment_rates(coded).summary()
    als.fulfillment.explain(coded.iloc[0])
"""
from .coding import FULFILLMENT_TYPES, SCHEMES, code_outcomes
from .determinants import DETERMINANTS, determinants_data, fit_determinants
from .explain import explain
from .opportunities import OBLIGATIONS, build_opportunities
from .rates import RatesResult, analysis_sample, cluster_bootstrap, fulfillment_rates, wilson_interval


def fulfillment_opportunities(data_dir=None, *, scheme: str = "llm", keep_excluded: bool = False, **kw):
    """Build and code the opportunity table; excluded candidates are dropped unless ``keep_excluded``."""
    coded = code_outcomes(build_opportunities(data_dir, **kw), scheme=scheme)
    if not keep_excluded:
        coded = coded[coded["status"] != "excluded"].reset_index(drop=True)
    return coded


__all__ = ["FULFILLMENT_TYPES", "SCHEMES", "OBLIGATIONS", "DETERMINANTS", "RatesResult", "analysis_sample",
           "build_opportunities", "cluster_bootstrap", "code_outcomes", "determinants_data", "explain",
           "fit_determinants", "fulfillment_opportunities", "fulfillment_rates", "wilson_interval"]
