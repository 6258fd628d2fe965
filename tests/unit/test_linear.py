"""The numpy linear models behind the learned judge."""

from __future__ import annotations

import numpy as np

from reviewer.judge.learned.linear import logistic, logistic_binary, predict_proba, ridge


def _data(n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(n, 3))
    return x, x @ np.array([2.0, -1.0, 0.0]) + 0.5


def test_ridge_recovers_a_linear_rule_and_shrinks_with_the_penalty() -> None:
    x, y = _data()
    with_bias = np.hstack([x, np.ones((len(x), 1))])
    w = ridge(with_bias, y, l2=1e-6)
    assert np.allclose(w, [2.0, -1.0, 0.0, 0.5], atol=1e-6)
    shrunk = ridge(with_bias, y, l2=1e4)
    assert np.abs(shrunk[:3]).sum() < 0.1 * np.abs(w[:3]).sum()
    per_column = ridge(with_bias, y, l2=np.array([1e6, 1e-6, 1e-6, 0.0]))
    assert abs(per_column[0]) < 0.01 and abs(per_column[1] + 1.0) < 0.05


def test_multinomial_logistic_separates_three_classes() -> None:
    rng = np.random.default_rng(3)
    centres = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
    labels = rng.integers(0, 3, size=300)
    x = centres[labels] + rng.normal(scale=0.5, size=(300, 2))
    features = np.hstack([np.ones((300, 1)), x])
    coef = logistic(features, labels, 3, l2=1e-3)
    assert coef.shape == (3, 3) and np.all(coef[:, 0] == 0.0)
    assert (predict_proba(features, coef).argmax(axis=1) == labels).mean() > 0.95
    assert logistic(features, np.zeros(300, dtype=int), 1, l2=1.0).shape == (3, 1)


def test_binary_logistic_with_weights() -> None:
    x, y = _data()
    target = (y > 0.5).astype(float)
    features = np.hstack([x, np.ones((len(x), 1))])
    beta = logistic_binary(features, target, l2=1e-4)
    assert ((features @ beta > 0) == (target > 0)).mean() > 0.97
    heavy = logistic_binary(features, target, l2=1e-4, weights=np.where(target > 0, 50.0, 1.0))
    assert (features @ heavy > 0).sum() > (features @ beta > 0).sum()
