"""Binary-outcome models (logit, probit) with the standard errors political scientists report.

    Pr(y_i = 1 | x_i) = F(x_i' beta),   F = logistic (logit) or standard normal CDF (probit).

Standard errors (``se=``):
- ``"classical"``: inverse observed information, (-H)^-1.
- ``"robust"``: Huber-White sandwich, H^-1 (sum_i s_i s_i') H^-1, with the
  small-sample factor n/(n-k) (as statsmodels; Stata's ML commands use
  n/(n-1), a difference that vanishes in large samples).
- ``"cluster"``: cluster-robust sandwich, H^-1 (sum_g S_g S_g') H^-1 with S_g
  the sum of scores in cluster g, times G/(G-1) (n-1)/(n-k) (as statsmodels
  and Stata's ``regress``; Stata's ML commands use G/(G-1); Cameron & Miller
  2015, JHR 50:317). ``cluster=`` names the
  column(s); ``"dyad"`` clusters by directed dyad (ccode1, ccode2) and
  ``"ndyad"`` by non-directed dyad (min, max of the codes).

Estimation is Newton-Raphson with the exact Hessian, in numpy (:func:`newton`;
checked against statsmodels' ``Logit``/``Probit`` in the tests, and several
times faster on the 1.9 M-row directed panel); the sandwich is computed here
from the per-observation scores and the Hessian so the same code serves every
estimator (Firth, rare-events) and can be checked by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import special, stats

from ..errors import AllianceStatsError


class ModelInputError(AllianceStatsError, ValueError):
    """The data or specification cannot give a meaningful estimate."""


class SeparationError(ModelInputError):
    """Perfect or quasi-complete separation: plain ML estimates do not exist."""


@dataclass
class BinaryResult:
    """A fitted binary model: coefficients, covariance, fit statistics."""

    model: str  # "logit", "probit", "firth", "relogit"
    outcome: str
    params: pd.Series
    cov: pd.DataFrame
    se_type: str
    n_obs: int
    n_events: int
    llf: float
    n_clusters: int | None = None
    cluster: tuple[str, ...] | None = None
    notes: list[str] = field(default_factory=list)
    sample_index: pd.Index | None = None
    extra: dict = field(default_factory=dict)

    @property
    def bse(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    @property
    def k(self) -> int:
        return len(self.params)

    @property
    def aic(self) -> float:
        return -2 * self.llf + 2 * self.k

    @property
    def bic(self) -> float:
        return -2 * self.llf + np.log(self.n_obs) * self.k

    def coef_table(self, level: float = 0.95) -> pd.DataFrame:
        """Tidy table: term, estimate, std_error, z, p_value, conf_low, conf_high."""
        z = self.params / self.bse
        q = stats.norm.ppf(0.5 + level / 2)
        return pd.DataFrame({
            "term": self.params.index,
            "estimate": self.params.to_numpy(),
            "std_error": self.bse.to_numpy(),
            "z": z.to_numpy(),
            "p_value": 2 * stats.norm.sf(np.abs(z.to_numpy())),
            "conf_low": (self.params - q * self.bse).to_numpy(),
            "conf_high": (self.params + q * self.bse).to_numpy(),
        })

    def summary(self) -> str:
        head = [
            f"{self.model.capitalize()} model of {self.outcome}",
            f"N = {self.n_obs:,}   events = {self.n_events:,}   log-likelihood = {self.llf:.3f}   "
            f"AIC = {self.aic:.1f}   BIC = {self.bic:.1f}",
            f"Standard errors: {self.se_type}" + (
                f" by {'+'.join(self.cluster)} ({self.n_clusters:,} clusters)" if self.cluster else ""),
        ]
        tab = self.coef_table()
        body = tab.to_string(index=False, float_format=lambda v: f"{v:.4f}")
        return "\n".join(head + ["", body] + [f"note: {n}" for n in self.notes])

    def __repr__(self) -> str:  # readable in notebooks
        return self.summary()

    def stats_dict(self) -> dict:
        """Named quantities for results.json: each coefficient with SE and p-value, n, events, fit."""
        tab = self.coef_table()
        out = {"n_obs": self.n_obs, "n_events": self.n_events, "log_likelihood": self.llf,
               "aic": self.aic, "bic": self.bic, "se_type": self.se_type, "model": self.model}
        out["coefficients"] = {r.term: {"estimate": r.estimate, "std_error": r.std_error, "p_value": r.p_value,
                                        "conf_low": r.conf_low, "conf_high": r.conf_high}
                               for r in tab.itertuples()}
        return out

    def to_csv(self, path=None) -> str:
        text = self.coef_table().to_csv(index=False, float_format="%.6g", lineterminator="\n")
        if path:
            open(path, "w", encoding="utf-8", newline="\n").write(text)
        return text

    def to_markdown(self) -> str:
        return table_markdown(self.coef_table())

    def to_latex(self) -> str:
        return table_latex(self.coef_table(), caption=f"{self.model.capitalize()} model of {self.outcome}",
                           note=f"N = {self.n_obs:,}; events = {self.n_events:,}; {self.se_type} standard errors.")


def table_markdown(df: pd.DataFrame, digits: int = 4) -> str:
    """A GitHub-flavoured Markdown table (no optional dependency needed)."""
    cols = list(df.columns)
    fmt = lambda v: f"{v:.{digits}f}" if isinstance(v, (float, np.floating)) else str(v)  # noqa: E731
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def table_latex(df: pd.DataFrame, caption: str = "", note: str = "", digits: int = 4) -> str:
    """A booktabs LaTeX table."""
    esc = lambda s: str(s).replace("_", r"\_").replace("%", r"\%").replace("&", r"\&")  # noqa: E731
    fmt = lambda v: f"{v:.{digits}f}" if isinstance(v, (float, np.floating)) else esc(v)  # noqa: E731
    cols = list(df.columns)
    out = [r"\begin{table}[ht]", r"\centering"]
    if caption:
        out.append(rf"\caption{{{esc(caption)}}}")
    out += [r"\begin{tabular}{l" + "r" * (len(cols) - 1) + "}", r"\toprule",
            " & ".join(esc(c) for c in cols) + r" \\", r"\midrule"]
    out += [" & ".join(fmt(v) for v in row) + r" \\" for row in df.itertuples(index=False)]
    out += [r"\bottomrule", r"\end{tabular}"]
    if note:
        out.append(rf"\par\footnotesize {esc(note)}")
    out.append(r"\end{table}")
    return "\n".join(out) + "\n"


def cluster_ids(data: pd.DataFrame, cluster: str | Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Integer cluster ids; "dyad" = directed dyad, "ndyad" = non-directed dyad."""
    if isinstance(cluster, str) and cluster == "dyad":
        cols = ("ccode1", "ccode2")
        key = data[list(cols)]
    elif isinstance(cluster, str) and cluster == "ndyad":
        cols = ("ccode1", "ccode2")
        a, b = data["ccode1"].to_numpy(), data["ccode2"].to_numpy()
        key = pd.DataFrame({"lo": np.minimum(a, b), "hi": np.maximum(a, b)})
    else:
        cols = (cluster,) if isinstance(cluster, str) else tuple(cluster)
        key = data[list(cols)]
    codes = key.groupby(list(key.columns), sort=True).ngroup().to_numpy()
    return codes, cols


def cluster_frame(data: pd.DataFrame, index: pd.Index, cluster) -> pd.DataFrame:
    """The estimation-sample rows of just the columns ``cluster_ids`` needs (no copy of a wide frame)."""
    if isinstance(cluster, str) and cluster in ("dyad", "ndyad"):
        cols = ["ccode1", "ccode2"]
    else:
        cols = [cluster] if isinstance(cluster, str) else list(cluster)
    return data.loc[index, cols]


def sandwich(hessian: np.ndarray, scores: np.ndarray, groups: np.ndarray | None, n: int, k: int) -> np.ndarray:
    """Robust (groups None) or cluster-robust covariance with statsmodels' small-sample factors."""
    hinv = np.linalg.inv(-hessian)
    if groups is None:
        meat = scores.T @ scores
        factor = n / (n - k)
    else:
        order = np.argsort(groups, kind="stable")
        g = groups[order]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        sums = np.add.reduceat(scores[order], starts, axis=0)
        meat = sums.T @ sums
        ng = len(starts)
        factor = ng / (ng - 1) * (n - 1) / (n - k)
    return factor * hinv @ meat @ hinv


def design(data: pd.DataFrame, outcome: str, covariates: Sequence[str], *, constant: bool = True,
           what: str = "model") -> tuple[pd.Series, pd.DataFrame, list[str]]:
    """Complete-case outcome and design matrix, with clear errors for bad input."""
    missing = [c for c in [outcome, *covariates] if c not in data.columns]
    if missing:
        raise ModelInputError(f"{what}: unknown variable(s) {missing}; available: {sorted(map(str, data.columns))[:30]} ...")
    notes = []
    cols = [outcome, *covariates]
    sub = data[cols]
    all_na = [c for c in covariates if sub[c].isna().all()]
    if all_na:
        raise ModelInputError(f"{what}: covariate(s) {all_na} are NA on every row (a merge that matched nothing?)")
    keep = sub.notna().all(axis=1).to_numpy()
    dropped = int((~keep).sum())
    if dropped:
        notes.append(f"{dropped:,} rows dropped for missing values (listwise)")
    sub = sub.loc[keep]
    y = sub[outcome].astype("float64")
    if not y.isin([0.0, 1.0]).all():
        raise ModelInputError(f"{what}: outcome {outcome!r} must be 0/1")
    if y.sum() == 0:
        raise ModelInputError(f"{what}: outcome {outcome!r} has no events in the estimation sample")
    if y.sum() == len(y):
        raise ModelInputError(f"{what}: outcome {outcome!r} is 1 on every row of the estimation sample")
    X = sub[list(covariates)].astype("float64")
    const = [c for c in covariates if X[c].min() == X[c].max()]
    if const:
        raise ModelInputError(f"{what}: covariate(s) {const} do not vary in the estimation sample")
    if constant:
        X.insert(0, "const", 1.0)
    return y, X, notes


def check_separation(y: np.ndarray, X: pd.DataFrame) -> str | None:
    """A covariate that perfectly predicts the outcome on one side (binary covariates), if any."""
    for c in X.columns:
        if c == "const":
            continue
        x = X[c].to_numpy()
        if ((x == 0.0) | (x == 1.0)).all():
            for v in (0.0, 1.0):
                sel = x == v
                if sel.any() and (y[sel].min() == y[sel].max()):
                    return f"{c} = {int(v)} predicts {outcome_word(y[sel][0])} perfectly ({int(sel.sum()):,} rows)"
    return None


def outcome_word(v) -> str:
    return "no event" if v == 0 else "the event"


def log1pexp(eta: np.ndarray) -> np.ndarray:
    """log(1 + e^eta), stably, as max(eta, 0) + log1p(e^-|eta|) (cheaper than np.logaddexp)."""
    return np.maximum(eta, 0.0) + np.log1p(np.exp(-np.abs(eta)))


def _link_pieces(eta: np.ndarray, y: np.ndarray, link: str):
    """Log-likelihood, d llf / d eta, and -d2 llf / d eta2 per observation."""
    if link == "logit":
        p = special.expit(eta)
        ll = y * eta - log1pexp(eta)
        return ll, y - p, p * (1.0 - p)
    q = 2.0 * y - 1.0
    z = q * eta
    logcdf = special.log_ndtr(z)
    lam = q * np.exp(-0.5 * z * z - 0.5 * np.log(2 * np.pi) - logcdf)  # q * phi(z) / Phi(z)
    return logcdf, lam, lam * (lam + eta)


def xtwx(X: np.ndarray, w: np.ndarray, chunk: int = 8192) -> np.ndarray:
    """X' diag(w) X, accumulated over row blocks that stay in cache (3x faster than one product on 1 M rows)."""
    k = X.shape[1]
    out = np.zeros((k, k))
    for s in range(0, len(X), chunk):
        xc = X[s:s + chunk]
        out += (xc * w[s:s + chunk, None]).T @ xc
    return out


def newton(X: np.ndarray, y: np.ndarray, link: str = "logit", *, maxiter: int = 100, tol: float = 1e-10):
    """Maximum likelihood by Newton-Raphson with the exact Hessian.

    Starts at the intercept-only solution (Pr = mean of y) and halves the step
    whenever the log-likelihood would fall. Returns (beta, llf, Hessian,
    per-observation scores, converged). The Hessian is
    -X' diag(w) X with w = p(1-p) (logit) or lambda(lambda + eta) (probit).
    """
    n, k = X.shape
    beta = np.zeros(k)
    ybar = min(max(y.mean(), 1e-6), 1 - 1e-6)
    const = np.flatnonzero((X == 1.0).all(axis=0))
    if len(const):
        beta[const[0]] = special.logit(ybar) if link == "logit" else special.ndtri(ybar)
    eta = X @ beta
    ll, g, w = _link_pieces(eta, y, link)
    llf = ll.sum()
    converged = False
    for _ in range(maxiter):
        grad = X.T @ g
        info = xtwx(X, w)
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            break
        t = 1.0
        while True:
            nb = beta + t * step
            neta = X @ nb
            nll, ng, nw = _link_pieces(neta, y, link)
            nllf = nll.sum()
            if nllf >= llf - 1e-12 * abs(llf) or t < 1e-8:
                break
            t /= 2
        done = abs(nllf - llf) <= tol * (abs(llf) + 1.0) and np.max(np.abs(t * step)) < 1e-7
        beta, eta, g, w, llf = nb, neta, ng, nw, nllf
        if done:
            converged = True
            break
    H = -xtwx(X, w)
    S = X * g[:, None]
    return beta, float(llf), H, S, converged


def fit_binary(data: pd.DataFrame, outcome: str, covariates: Sequence[str], *, link: str = "logit",
               se: str = "classical", cluster: str | Sequence[str] | None = None,
               constant: bool = True) -> BinaryResult:
    """Fit a logit or probit by maximum likelihood; see module docstring for ``se``.

    Bad input raises :class:`ModelInputError` (unknown or all-NA covariate, no
    events, constant covariate) and perfect separation under plain ML raises
    :class:`SeparationError` pointing to :func:`alliancestats.models.fit_firth`.
    """
    if link not in ("logit", "probit"):
        raise ValueError("link must be 'logit' or 'probit'")
    if se not in ("classical", "robust", "cluster"):
        raise ValueError("se must be 'classical', 'robust' or 'cluster'")
    if se == "cluster" and cluster is None:
        raise ValueError("se='cluster' needs cluster= (a column, a list, 'dyad' or 'ndyad')")
    y, X, notes = design(data, outcome, covariates, constant=constant, what=link)
    sep = check_separation(y.to_numpy(), X)
    if sep:
        raise SeparationError(f"{link}: perfect separation ({sep}); maximum-likelihood estimates do not exist. "
                              "Use alliancestats.models.fit_firth (Firth's penalized logit) instead.")
    names = list(X.columns)
    Xa = np.ascontiguousarray(X.to_numpy(dtype="float64"))
    ya = y.to_numpy(dtype="float64")
    params, llf, H, S, converged = newton(Xa, ya, link)
    if not converged:
        raise ModelInputError(f"{link}: Newton iterations did not converge (quasi-separation?); try fit_firth")
    if np.any(np.abs(params) > 25):
        notes.append("a coefficient exceeds |25|: possible quasi-complete separation; compare with fit_firth")
    n, k = len(y), len(names)
    n_clusters = None
    cl_cols = None
    if se == "classical":
        cov = np.linalg.inv(-H)
    else:
        groups = None
        if se == "cluster":
            groups, cl_cols = cluster_ids(cluster_frame(data, y.index, cluster), cluster)
            n_clusters = int(groups.max() + 1)
        cov = sandwich(H, S, groups, n, k)
    return BinaryResult(
        model=link, outcome=outcome, params=pd.Series(params, index=names),
        cov=pd.DataFrame(cov, index=names, columns=names), se_type=se, n_obs=n, n_events=int(y.sum()),
        llf=llf, n_clusters=n_clusters, cluster=cl_cols, notes=notes, sample_index=y.index,
    )


def with_se(result: BinaryResult, data: pd.DataFrame, covariates: Sequence[str], *, se: str,
            cluster: str | Sequence[str] | None = None, constant: bool = True) -> BinaryResult:
    """The same logit/probit estimates with another variance estimator (no re-estimation).

    Scores and Hessian are evaluated at ``result.params`` on the same
    estimation sample; e.g. a model clustered by directed dyad re-expressed
    with non-directed-dyad clusters.
    """
    if result.model not in ("logit", "probit"):
        raise ValueError("with_se applies to fit_binary results (logit or probit)")
    y, X, _ = design(data, result.outcome, covariates, constant=constant, what=result.model)
    if list(X.columns) != list(result.params.index) or not y.index.equals(result.sample_index):
        raise ModelInputError("with_se: data/covariates do not reproduce the model's estimation sample")
    Xa = np.ascontiguousarray(X.to_numpy(dtype="float64"))
    beta = result.params.to_numpy()
    _, g, w = _link_pieces(Xa @ beta, y.to_numpy(dtype="float64"), result.model)
    H = -xtwx(Xa, w)
    n, k = Xa.shape
    n_clusters = cl_cols = None
    if se == "classical":
        cov = np.linalg.inv(-H)
    else:
        groups = None
        if se == "cluster":
            if cluster is None:
                raise ValueError("se='cluster' needs cluster=")
            groups, cl_cols = cluster_ids(cluster_frame(data, y.index, cluster), cluster)
            n_clusters = int(groups.max() + 1)
        cov = sandwich(H, Xa * g[:, None], groups, n, k)
    names = list(result.params.index)
    return BinaryResult(
        model=result.model, outcome=result.outcome, params=result.params.copy(),
        cov=pd.DataFrame(cov, index=names, columns=names), se_type=se, n_obs=n, n_events=result.n_events,
        llf=result.llf, n_clusters=n_clusters, cluster=cl_cols, notes=list(result.notes),
        sample_index=result.sample_index,
    )
