"""The CPV suggester: n-gram retrieval over code titles and synonyms, a layer trained on confirmed codes, back-off.

How a text becomes five suggestions:

1. Retrieval (works on a fresh install): every CPV code is a document made of its English title plus the
   German label and keywords of `organizations/data/cpv_synonyms.yaml`. Texts and documents are compared
   as character n-gram TF-IDF vectors (3-5 characters inside word boundaries, accents folded), which copes
   with German compounds ("Pritschenwagen") and inflections without a stemmer, blended with whole-word
   TF-IDF (`WORD_WEIGHT`) so that a place name does not match a product by its letters. The 40 most similar codes
   are the candidates; a softmax over their cosine similarities (temperature `TEMPERATURE`) turns them
   into probabilities.
2. Trained layer (once the platform has at least `MIN_EXAMPLES` confirmed codes): a logistic regression
   over the texts of listings and lots whose codes users chose. Its probabilities are blended with the
   retrieval's, with a weight that grows with the examples per code (`TrainedLayer.weight`).
3. Back-off: a code is suggested only when its probability (with its candidate descendants) reaches
   `THRESHOLD`; otherwise the deepest ancestor (class, group, division) whose subtree collects that much
   probability is suggested instead, marked as a broader code. THRESHOLD, TEMPERATURE and WORD_WEIGHT were
   chosen on the development half of the labelled set (`manage.py evaluate_cpv_suggest --sweep`), never the test half.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier

from ..models.cpv import significant_prefix

TEMPERATURE = 0.05
THRESHOLD = 0.2
CANDIDATES = 40
MIN_EXAMPLES = 20
LAYER_FEATURES = 20000
WORD_WEIGHT = 0.3


def ancestors_of(code: str, known: set[str] | dict) -> list[str]:
    """The code's ancestors present in the vocabulary, deepest first ('34134000' → 34130000, 34100000, 34000000)."""
    prefix = significant_prefix(code)
    found = []
    for length in range(len(prefix) - 1, 1, -1):
        candidate = code[:length].ljust(8, "0")
        if candidate != code and candidate in known:
            found.append(candidate)
    return found


def query_text(title: str, description: str = "") -> str:
    """The title counts twice: officers put the essential words there."""
    return f"{title} {title} {description}".strip()


def _vectorizer(**kwargs) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        strip_accents="unicode",
        lowercase=True,
        dtype=np.float32,
        **kwargs,
    )


@dataclass(frozen=True)
class Suggestion:
    code: str
    confidence: float
    broader: bool  # True when this is an ancestor reported because the specific codes were too uncertain


class RetrievalIndex:
    """TF-IDF documents of every CPV code: title, German label, keywords."""

    def __init__(self, *, titles: dict[str, str], synonyms: dict[str, dict]):
        self.codes = sorted(titles)
        self.known = set(self.codes)
        self.titles = dict(titles)  # kept so that a suggestion needs no database query
        docs = []
        for code in self.codes:
            entry = synonyms.get(code) or {}
            docs.append(" ".join([titles[code], entry.get("de", ""), " ".join(entry.get("terms", []))]))
        self.vectorizer = _vectorizer()
        self.matrix = self.vectorizer.fit_transform(docs)
        # Whole words as a second opinion: n-grams alone let "Hamburg" find hamburgers.
        self.words = TfidfVectorizer(
            analyzer="word",
            sublinear_tf=True,
            strip_accents="unicode",
            lowercase=True,
            dtype=np.float32,
            token_pattern=r"(?u)\b\w\w\w+\b",
        )
        self.word_matrix = self.words.fit_transform(docs)
        # Stored feature-major (features × codes): a query then touches only the rows of its own n-grams,
        # a third faster than multiplying the code-major matrix by the query.
        self.by_feature = self.matrix.T.tocsr()
        self.words_by_feature = self.word_matrix.T.tocsr()

    def scores(self, text: str) -> np.ndarray:
        chars = (self.vectorizer.transform([text]) @ self.by_feature).toarray().ravel()
        words = (self.words.transform([text]) @ self.words_by_feature).toarray().ravel()
        return (1 - WORD_WEIGHT) * chars + WORD_WEIGHT * words


class TrainedLayer:
    """Logistic regression from confirmed (text, code) pairs; small enough to store in the database."""

    def __init__(self, examples: Sequence[tuple[str, str]]):
        texts = [text for text, _ in examples]
        labels = [code for _, code in examples]
        self.example_count = len(examples)
        self.class_count = len(set(labels))
        self.vectorizer = _vectorizer(max_features=LAYER_FEATURES)
        features = self.vectorizer.fit_transform(texts)
        # Logistic loss by stochastic gradient, one-vs-rest: seconds for thousands of examples and hundreds
        # of codes, where a full multinomial solver takes minutes. Fixed seed: the same data, the same model.
        self.model = SGDClassifier(loss="log_loss", alpha=1e-4, max_iter=30, tol=None, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "more classes than half the samples" is normal here
            self.model.fit(features, labels)
        self.model.coef_ = self.model.coef_.astype(np.float32)  # halves the stored size; ranks are unchanged

    @staticmethod
    def can_train(examples: Sequence[tuple[str, str]]) -> bool:
        return len(examples) >= MIN_EXAMPLES and len({code for _, code in examples}) >= 2

    @property
    def weight(self) -> float:
        """Trust grows with the examples per code: 1 per code → 0.17, 5 → 0.5, capped at 0.7."""
        per_code = self.example_count / max(self.class_count, 1)
        return min(0.7, per_code / (per_code + 5))

    def probabilities(self, text: str) -> dict[str, float]:
        proba = self.model.predict_proba(self.vectorizer.transform([text]))[0]
        top = np.argsort(proba)[::-1][:10]
        return {str(self.model.classes_[i]): float(proba[i]) for i in top}


class CpvSuggester:
    """Retrieval plus, when present, the trained layer; `suggest` is the whole pipeline for one text."""

    def __init__(
        self,
        index: RetrievalIndex,
        layer: TrainedLayer | None = None,
        *,
        temperature: float = TEMPERATURE,
        threshold: float = THRESHOLD,
    ):
        self.index = index
        self.layer = layer
        self.temperature = temperature
        self.threshold = threshold

    def probabilities(self, text: str) -> dict[str, float]:
        scores = self.index.scores(text)
        if not scores.any():
            retrieval: dict[str, float] = {}
        else:
            top = np.argpartition(scores, -CANDIDATES)[-CANDIDATES:]
            best = float(scores[top].max())
            weights = {self.index.codes[i]: math.exp((float(scores[i]) - best) / self.temperature) for i in top}
            total = sum(weights.values())
            retrieval = {code: w / total for code, w in weights.items()}
        if self.layer is None:
            return retrieval
        learned = {code: p for code, p in self.layer.probabilities(text).items() if code in self.index.known}
        weight = self.layer.weight if retrieval else 1.0
        blended = {code: (1 - weight) * p for code, p in retrieval.items()}
        for code, p in learned.items():
            blended[code] = blended.get(code, 0.0) + weight * p
        return blended

    def suggest(self, text: str, *, limit: int = 5) -> list[Suggestion]:
        probabilities = self.probabilities(text)
        if not probabilities:
            return []
        ranked = sorted(probabilities, key=lambda code: (-probabilities[code], code))
        mass: dict[str, float] = {}
        for code, p in probabilities.items():
            for node in (code, *ancestors_of(code, self.index.known)):
                mass[node] = mass.get(node, 0.0) + p
        chosen: list[Suggestion] = []
        seen: set[str] = set()
        for code in ranked:  # first pass: each candidate, or the ancestor that is sure enough
            node, broader = code, False
            if mass[code] < self.threshold:
                chain = ancestors_of(code, self.index.known)
                node = next((a for a in chain if mass[a] >= self.threshold), chain[-1] if chain else code)
                broader = node != code
            if node not in seen:
                seen.add(node)
                chosen.append(Suggestion(node, round(min(mass[node], 1.0), 3), broader))
            if len(chosen) >= limit:
                return chosen
        for code in ranked:  # fill up with the specific candidates the back-off merged away
            if code not in seen:
                seen.add(code)
                chosen.append(Suggestion(code, round(min(mass[code], 1.0), 3), False))
            if len(chosen) >= limit:
                break
        return chosen
