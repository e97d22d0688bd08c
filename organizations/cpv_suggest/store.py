"""The CPV suggester of this process: retrieval fitted once from the vocabulary, the newest trained layer loaded.

Retrieval needs only the CPV table and the synonym file, so suggestions work on a fresh install. The
trained layer lives in the database (CpvSuggesterModel), shared by web and worker processes; each
process checks for a newer row at most every `RECHECK_SECONDS`.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle
import threading
import time
import zlib
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

from ..models import CpvCode, CpvSuggesterModel
from .engine import CpvSuggester, RetrievalIndex, TrainedLayer

SYNONYMS = Path(__file__).resolve().parent.parent / "data" / "cpv_synonyms.yaml"
RECHECK_SECONDS = 60.0

_lock = threading.Lock()
_state: dict = {"index": None, "layer_id": None, "layer": None, "checked": 0.0}


@lru_cache(maxsize=1)
def synonyms() -> dict[str, dict]:
    """code → {'de': German label, 'terms': [keywords]} from the curated data file."""
    with SYNONYMS.open(encoding="utf-8") as handle:
        return {str(code): entry for code, entry in yaml.safe_load(handle)["codes"].items()}


def german_label(code: str) -> str:
    return (synonyms().get(code) or {}).get("de", "")


def _sign(payload: bytes) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), payload, hashlib.sha256).hexdigest()


def dump_layer(layer: TrainedLayer) -> tuple[bytes, str]:
    payload = zlib.compress(pickle.dumps(layer, protocol=pickle.HIGHEST_PROTOCOL), 6)
    return payload, _sign(payload)


def load_layer(row: CpvSuggesterModel) -> TrainedLayer | None:
    payload = bytes(row.payload)
    if not hmac.compare_digest(_sign(payload), row.digest):
        return None  # written under another key or tampered with: fall back to retrieval alone
    return pickle.loads(zlib.decompress(payload))  # noqa: S301 - verified above


def build_index() -> RetrievalIndex:
    titles = dict(CpvCode.objects.values_list("code", "title"))
    return RetrievalIndex(titles=titles, synonyms=synonyms())


def current_suggester() -> CpvSuggester | None:
    """This process's suggester (None while the CPV vocabulary is not loaded)."""
    with _lock:
        if _state["index"] is None:
            if not CpvCode.objects.exists():
                return None
            _state["index"] = build_index()
        now = time.monotonic()
        if now - _state["checked"] >= RECHECK_SECONDS:
            _state["checked"] = now
            row = CpvSuggesterModel.objects.only("pk").first()
            if row is None:
                _state["layer_id"], _state["layer"] = None, None
            elif row.pk != _state["layer_id"]:
                full = CpvSuggesterModel.objects.get(pk=row.pk)
                _state["layer_id"], _state["layer"] = row.pk, load_layer(full)
        return CpvSuggester(_state["index"], _state["layer"])


def reset() -> None:
    """Forget the cached suggester (tests, and after the vocabulary changes)."""
    with _lock:
        _state.update(index=None, layer_id=None, layer=None, checked=0.0)


def expire_layer() -> None:
    """Look for a newer trained layer on the next suggestion (after training in this process)."""
    with _lock:
        _state["checked"] = 0.0
