"""Saving and loading a trained model with skops, never pickle or joblib: loading checks every
type in the file against the explicit list `TRUSTED_TYPES` first and refuses anything else, so a
tampered or foreign file cannot run code. The bytes live in the database (model_versions.artifact,
see queries.py) so every API worker reads the same version; files are for export and tests.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from placement.core.errors import Conflict

# Every type a trained stability model holds beyond what skops trusts by itself. Adding a type
# here is a security decision: it must be a plain scikit-learn or numpy data type, never a
# function or a class that runs code when built.
TRUSTED_TYPES: tuple[str, ...] = (
    "scipy._lib.array_api_compat.numpy._aliases.asarray",  # how scipy's BSpline keeps its array
    "scipy.interpolate._bsplines.BSpline",  # the splines of SplineTransformer
    "sklearn.calibration._CalibratedClassifier",  # the fitted calibrated pair
    "sklearn.calibration._SigmoidCalibration",  # its Platt scaling (two numbers)
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",  # boosting's trees
)


class UntrustedModel(Conflict):
    """The stored bytes hold a type outside TRUSTED_TYPES: nothing is loaded."""


# skops (and with it scikit-learn) is imported at the first use, not at the app's start-up.

def dumps(model: Any) -> bytes:
    import skops.io as sio

    return sio.dumps(model)


def untrusted_types(data: bytes) -> list[str]:
    import skops.io as sio

    return [t for t in sio.get_untrusted_types(data=data) if t not in TRUSTED_TYPES]


def loads(data: bytes) -> Any:
    refused = untrusted_types(data)
    if refused:
        raise UntrustedModel(f"the model file holds types that are not trusted: {', '.join(refused)}")
    import skops.io as sio

    return sio.loads(data, trusted=list(sio.get_untrusted_types(data=data)))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_file(model: Any, path: Path) -> None:
    path.write_bytes(dumps(model))


def load_file(path: Path) -> Any:
    return loads(path.read_bytes())
