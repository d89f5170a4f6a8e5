"""Alliance fulfillment in war: alliance x war cases, relevance rules, rates, determinants.

    import alliancestats as als
    fc = als.fulfillment.build_cases(data_dir)                 # rules="literature" (LLM 2000 / B&F 2018)
    als.fulfillment.case_rates(fc).summary()
    fc.exclusions()                                             # candidate cases excluded, by rule
    fc.explain(2535, 139)                                       # Anglo-Soviet treaty in World War II
    als.fulfillment.fit_case_determinants(fc, data_dir)         # Leeds & Anac (2005) logit

    # issue-5 member-pair coding, kept by name
    coded = als.fulfillment.fulfillment_opportunities(data_dir, scheme="llm")
    als.fulfillment.fulfillment_rates(coded).summary()
"""
from .cases import FulfillmentCases, build_cases
from .coding import FULFILLMENT_TYPES, SCHEMES, code_outcomes
from .determinants import (CASE_DETERMINANTS, DETERMINANTS, case_determinants_data, determinants_data,
                           fit_case_determinants, fit_determinants)
from .dyadic_attack import ATTACK_TOLERANCE_DAYS, dyad_initiators, war_records
from .explain import explain, explain_case
from .invocation import RULE_IDS, code_pairs
from .opportunities import OBLIGATIONS, build_opportunities
from .rates import (RatesResult, analysis_sample, case_rates, cluster_bootstrap, fulfillment_rates,
                    wilson_interval)
from .rules import RULES, RuleSet, get_rules


def fulfillment_opportunities(data_dir=None, *, scheme: str = "llm", keep_excluded: bool = False, **kw):
    """Build and code the member-pair opportunity table (issue 5); excluded candidates dropped unless asked.

    Parameters
    ----------
    data_dir : path, optional
    scheme : str
    keep_excluded : bool
    **kw
        Passed to :func:`build_opportunities`.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> fulfillment_opportunities("/path/to/processed")  # doctest: +SKIP
    """
    coded = code_outcomes(build_opportunities(data_dir, **kw), scheme=scheme)
    if not keep_excluded:
        coded = coded[coded["status"] != "excluded"].reset_index(drop=True)
    return coded


__all__ = ["ATTACK_TOLERANCE_DAYS", "CASE_DETERMINANTS", "DETERMINANTS", "FULFILLMENT_TYPES", "FulfillmentCases",
           "OBLIGATIONS", "RULES", "RULE_IDS", "RatesResult", "RuleSet", "SCHEMES", "analysis_sample",
           "build_cases", "build_opportunities", "case_determinants_data", "case_rates", "cluster_bootstrap",
           "code_outcomes", "code_pairs", "determinants_data", "dyad_initiators", "explain", "explain_case",
           "fit_case_determinants", "fit_determinants", "fulfillment_opportunities", "fulfillment_rates",
           "get_rules", "war_records", "wilson_interval"]
