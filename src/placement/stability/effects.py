"""The published effect sizes behind the synthetic history: one documented place.

Only `history.py` reads these. The model never sees them; it has to find the effects back from
the generated placements (tests/unit/stability checks that it does, direction by direction).

Sources
- Base rate: about 27.5% of foster placements end early and unplanned (meta-analysis of 37
  studies; Konijn et al. 2019 pool to the same order; WODC/NJi summaries quote 27.5%).
- Konijn, C., Admiraal, S., Baart, J., et al. (2019). Foster care placement instability: a
  meta-analytic review. Children and Youth Services Review 96, 483-499 (42 studies). Bivariate
  associations with breakdown: behaviour problems r ≈ .35, non-kinship placement r ≈ .31,
  (lower) quality of parenting (sizeable; we take r ≈ .25), older age at placement r ≈ .25,
  placed apart from siblings r ≈ .16, history of maltreatment r ≈ .14.
- Oosterman, M., Schuengel, C., Slot, N. W., Bullens, R. A. R., & Doreleijers, T. A. H. (2007).
  Disruptions in foster care: a review and meta-analysis. Children and Youth Services Review 29,
  53-76. Found no reliable kinship effect: set `non_kinship_r` to 0 to generate that world.
- Previous placements, needs fit, the carer's past endings and travel to school are common
  findings without one pooled figure; their sizes here are our assumptions and say so.

How a correlation becomes a coefficient on the log-odds scale: r -> Cohen's d = 2r / sqrt(1-r²)
-> log odds ratio = d·π/√3 (Chinn 2000) for a yes/no trait, and half of that per standard
deviation for a continuous one. Bivariate correlations overlap (behaviour problems and age go
together, for example), so every coefficient is multiplied by `overlap` before use; without that
the synthetic world would be far more predictable than any real one.
"""

from __future__ import annotations

import math

import msgspec


class Effects(msgspec.Struct, frozen=True, kw_only=True):
    base_rate_two_years: float = 0.275  # share of placements ending unplanned within 2 years
    behaviour_problems_r: float = 0.35  # Konijn 2019
    non_kinship_r: float = 0.31  # Konijn 2019; Oosterman 2007 found none: may be 0
    parenting_quality_r: float = 0.25  # Konijn 2019 (lower quality, more breakdown)
    age_at_placement_r: float = 0.25  # Konijn 2019, per SD of age at start
    siblings_apart_r: float = 0.16  # Konijn 2019
    maltreatment_r: float = 0.14  # Konijn 2019
    # Assumptions (no single pooled figure), on the log-odds scale:
    previous_placement_logit: float = 0.18  # per earlier placement of the child
    needs_fit_logit: float = 0.9  # from no fit (0) to full fit (1), less breakdown
    carer_past_breakdown_logit: float = 0.3  # per earlier breakdown at the same carer
    school_travel_logit_per_30min: float = 0.15  # longer trips to the own school, more strain
    family_home_logit: float = -0.2  # professional carers hold on somewhat longer
    overlap: float = 0.6  # shrinks the bivariate effects (they overlap)
    median_days_to_breakdown: float = 200.0  # breakdowns cluster in the first year


def logit_binary(r: float) -> float:
    """Log odds ratio of a yes/no trait with point-biserial correlation r."""
    if r == 0:
        return 0.0
    d = 2 * r / math.sqrt(1 - r * r)
    return d * math.pi / math.sqrt(3)


def logit_per_sd(r: float) -> float:
    """Log odds ratio per standard deviation of a continuous trait with correlation r."""
    return logit_binary(r) / 2


DEFAULT_EFFECTS = Effects()
NO_KINSHIP_EFFECT = msgspec.structs.replace(DEFAULT_EFFECTS, non_kinship_r=0.0)
