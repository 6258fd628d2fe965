"""Linear models in numpy: weighted ridge regression and multinomial logistic regression.

Small and exact: ridge is one linear solve, logistic regression is fitted by Newton's method
(few features, few rows), so training is deterministic and needs nothing beyond numpy.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def ridge(
    x: np.ndarray, targets: np.ndarray, *, l2: float | np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Weights ``w`` minimising sum_i weights_i (x_i w - t_i)^2 + sum_j l2_j w_j^2 (``l2`` a number or one
    penalty per column; a constant last column, the bias, is not shrunk)."""
    x = np.asarray(x, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=np.float64)
    xw = x * w[:, None]
    penalty = np.broadcast_to(np.asarray(l2, dtype=np.float64), (x.shape[1],)).copy()
    if x.shape[1] and np.all(x[:, -1] == 1.0):
        penalty[-1] = 1e-6
    gram = x.T @ xw + np.diag(penalty)
    return np.linalg.solve(gram, xw.T @ t)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def logistic(x: np.ndarray, y: np.ndarray, n_classes: int, *, l2: float, iterations: int = 50) -> np.ndarray:
    """Multinomial logistic regression by Newton's method; ``x`` has a bias column first (not shrunk).

    Returns a (features, classes) matrix; class 0's column is fixed at zero (the reference class).
    """
    x = np.asarray(x, dtype=np.float64)
    n, d = x.shape
    k = n_classes - 1
    if k < 1:  # one class: nothing to learn
        return np.zeros((d, max(n_classes, 1)))
    onehot = np.eye(n_classes)[np.asarray(y, dtype=int)][:, 1:]
    penalty = np.full(d, float(l2))
    penalty[0] = 1e-6
    reg = np.kron(np.eye(k), np.diag(penalty))
    beta = np.zeros(d * k)
    for _ in range(iterations):
        probs = softmax(np.hstack([np.zeros((n, 1)), x @ beta.reshape(k, d).T]))[:, 1:]
        grad = (x.T @ (probs - onehot)).T.reshape(-1) + reg @ beta
        hessian = np.zeros((d * k, d * k))
        for a in range(k):
            for b in range(k):
                coef = probs[:, a] * ((a == b) - probs[:, b])
                hessian[a * d : (a + 1) * d, b * d : (b + 1) * d] = x.T @ (x * coef[:, None])
        step = np.linalg.solve(hessian + reg, grad)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return np.hstack([np.zeros((d, 1)), beta.reshape(k, d).T])


def predict_proba(x: np.ndarray, coef: np.ndarray) -> np.ndarray:
    return softmax(np.asarray(x, dtype=np.float64) @ coef)


def _lbfgs(
    loss_grad: Callable[[np.ndarray], tuple[float, np.ndarray]], x0: np.ndarray, iterations: int, memory: int = 10
) -> np.ndarray:
    """Minimise a smooth convex function with L-BFGS and a backtracking line search."""
    x = x0.copy()
    f, g = loss_grad(x)
    s_hist: list[np.ndarray] = []
    y_hist: list[np.ndarray] = []
    for _ in range(iterations):
        q = g.copy()
        alphas = []
        for s, y in zip(reversed(s_hist), reversed(y_hist), strict=True):
            a = (s @ q) / (y @ s)
            alphas.append(a)
            q -= a * y
        if s_hist:
            q *= (s_hist[-1] @ y_hist[-1]) / (y_hist[-1] @ y_hist[-1])
        for (s, y), a in zip(zip(s_hist, y_hist, strict=True), reversed(alphas), strict=True):
            q += s * (a - (y @ q) / (y @ s))
        direction = -q
        slope = g @ direction
        if slope >= 0:  # not a descent direction: restart from the gradient
            direction, slope = -g, -(g @ g)
            s_hist.clear()
            y_hist.clear()
        step = 1.0
        while True:
            x_new = x + step * direction
            f_new, g_new = loss_grad(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = x_new - x, g_new - g
        if s @ y > 1e-12:
            s_hist.append(s)
            y_hist.append(y)
            if len(s_hist) > memory:
                s_hist.pop(0)
                y_hist.pop(0)
        converged = abs(f - f_new) <= 1e-9 * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if converged or np.abs(g).max() < 1e-6:
            break
    return x


def logistic_binary(
    x: np.ndarray, target: np.ndarray, *, l2: float, weights: np.ndarray | None = None, iterations: int = 300
) -> np.ndarray:
    """Weighted, L2-penalised binary logistic regression (L-BFGS); the last column is an unshrunk bias."""
    x = np.asarray(x, dtype=np.float64)
    t = np.asarray(target, dtype=np.float64)
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    penalty = np.full(x.shape[1], float(l2))
    if x.shape[1] and np.all(x[:, -1] == 1.0):
        penalty[-1] = 0.0

    def loss_grad(beta: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ beta
        loss = float(w @ (np.logaddexp(0.0, z) - t * z) + 0.5 * (penalty * beta) @ beta)
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        return loss, x.T @ (w * (p - t)) + penalty * beta

    return _lbfgs(loss_grad, np.zeros(x.shape[1]), iterations)
