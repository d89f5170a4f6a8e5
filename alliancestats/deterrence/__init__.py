"""Deterrence research: the initiation outcome, the estimation frame, robustness and named replications."""
from .design import ALLIANCE_VARS, deterrence_frame, repledge
from .outcome import add_initiation, estimation_sample, initiation_events

__all__ = ["ALLIANCE_VARS", "deterrence_frame", "repledge", "add_initiation", "estimation_sample",
           "initiation_events"]
