"""A synthetic sample world: alliances, capabilities, disputes, wars and defence spending with known parameters.

The library must show its whole pipeline on a fresh machine with no
downloads, and its estimators must be checked against a world whose truth is
known. ``python -m alliancestats.synth --out data/raw/sample`` writes the
files committed under ``data/raw/sample/`` (about 1.5 MB, byte-identical on
every run; a test regenerates and compares them). **Nothing in it is real**:
country codes are real COW/ISO3 codes only so that the crosswalks work, and
every figure made from it is stamped "SYNTHETIC DATA".

The generative model (:mod:`.model`, parameters in :data:`TRUTH`)
------------------------------------------------------------------
States. 30 states with real COW codes (``model.STATES``), each a member of
the system from 1 January of its entry year to 31 December 2016; a fixed
map of land borders (conttype 1) and water distances (2-5)
(``model.CONTIGUITY``); fixed major-power spells (``model.MAJORS``).

Capabilities (NMC 6.0 layout). State ``i``'s latent size follows
``size_i * exp(x_it)`` with ``x_it = 0.9 x_i,t-1 + N(0, 0.05^2)``; the six
components grow at fixed rates times that size and small log-normal noise and
are rounded to integers; ``cinc`` is the mean over the six components of the
state's share of the system total (Singer, Bremer & Stuckey 1972), rounded to
9 decimals as written. The models below use the written (rounded) values.

Alliances (ATOP 5.1 member and alliance layout; Leeds et al. 2002). 60
alliances begin uniformly over 1816-2005 with 2-5 members drawn among the
states then in the system (same-region states four times as likely) and last
``5 + Exponential(mean 20)`` years; one ending after 2016 is coded as in
effect at the end of ATOP's data (exit 0/0/0, ``ineffect`` = 1). Every member
holds the same obligations (symmetric pacts). With probability 0.7 a pact is
a defense pact (``defense`` = ``consul`` = 1); otherwise neutrality,
non-aggression or consultation only. A defense pact is, with probability
0.35, conditional on a named adversary: ``conditio`` = ``defcon`` =
``defcoadv`` = 1, ``specthrt`` = 1 and ``statthr1`` = the COW code of a
non-member (same region four times as likely). All members enter on the
signature date and leave on the end date; one phase (``phase`` = 0).
Institutionalisation scores (``atopinst5_1.csv``: ``milinst``, ``formal``,
0-2; Leeds & Anac 2005) are drawn uniformly and independently: they have no
effect on anything.

Dispute initiation (GML MID 2.1 layout; Gibler, Miller & Little 2016). For
every directed dyad-year ``(i, j, t)`` with both states in the system,
1816-2010::

    Pr(i initiates a MID against j in t) = logistic(b0 + b_D D_ijt + b_C capshare_ijt + b_L L_ij)

* ``D_ijt`` (challenger-specific target defense): 1 if in year ``t`` the
  target ``j`` is a member of a defense pact, in effect on some day of ``t``,
  that has a member other than ``i`` and ``j`` and that is unconditional or
  conditional on ``i`` being the adversary (``statthr1 == i``) -- the
  "target has an ally committed to defend it against this challenger"
  variable of Leeds (2003) and Johnson & Leeds (2011);
* ``capshare_ijt = cinc_i / (cinc_i + cinc_j)`` (Bremer 1992);
* ``L_ij`` = 1 for a land border.

``b0 = -5.0, b_D = -0.9, b_C = 1.5, b_L = 1.8``. Each MID has two
participants, the challenger (side A, originator) and the target (side B,
originator), starts on a random day of ``t`` and ends the same year (days:
1 + Exponential(mean 40), cut at 31 December); hostility level 2/3/4 with
probabilities 0.2/0.3/0.5.

Wars (COW Inter-State War 4.0 layout; Sarkees & Wayman 2010). A MID that
starts by 2005 escalates to war with probability ``p_war`` = 0.15 (hostility
5, lasting 20-399 days, possibly into the next year). The challenger fights
on side 1 (initiator) and the target on side 2. **Reliability**: every state
obligated to defend the target against the challenger (the allies counted by
``D_ijt``) joins on side 2, 1-29 days after the war starts, with probability
``p_fulfill`` = 0.7, independently (cf. Leeds, Long & Mitchell 2000, who find
about 75 % of commitments honoured). Joiners appear in the war file only,
not in the MID files, so the initiation data above are exactly the model.

Defence burden (World Bank WDI 2018 CSVs and a SIPRI current-US$ export,
1960-2017). GDP (current US$) is ``2e9 size_i^1.2 exp(0.065 (t - 1960))``
times log-normal noise (sd 0.15); population is NMC ``tpop`` times 1000
(years to 2017 continue the NMC series). For a state-year with at least one
defense ally (any ATOP defense pact in effect, conditional or not), with
``share_it = GDP_it / (GDP_it + sum of its defense allies' GDP)``::

    milex / GDP (percent) = 1.0 + 3.0 share_it + N(0, 0.4^2)

(Olson & Zeckhauser 1966: larger allies carry a larger share of the
burden); otherwise ``2.0 + N(0, 0.4^2)``; floored at 0.1. SIPRI's current
US$ m is ``burden / 100 * GDP / 1e6``.

``truth.json`` next to the files records the parameters and realised counts.
"""
from __future__ import annotations

from pathlib import Path

from .formats import write_release_files
from .model import TRUTH, Truth, World, obligated_allies, simulate

#: Where the committed sample lives in a checkout.
SAMPLE_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "raw" / "sample"


def generate(out_dir, truth: Truth = TRUTH) -> list[Path]:
    """Simulate the world with ``truth`` and write its release files into ``out_dir``."""
    return write_release_files(simulate(truth), out_dir)


__all__ = ["TRUTH", "Truth", "World", "simulate", "generate", "obligated_allies", "write_release_files", "SAMPLE_DIR"]
