from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debate.core.scoring import base_score, combine, contributions, strengths, weight
from debate.models import Link, Stance, VoteTally


def named_strengths(
    base: dict[str, float], links: list[tuple[str, str, Stance]], semantics: str = "dfquad"
) -> dict[str, float]:
    """σ of examples whose arguments have names, every weight 1."""
    ids = {name: i for i, name in enumerate(base, 1)}
    sigma = strengths(
        {ids[n]: b for n, b in base.items()},
        dict.fromkeys(ids.values(), 1.0),
        [Link(ids[parent], ids[child], stance) for parent, child, stance in links],
        semantics,
    )
    return {name: sigma[i] for name, i in ids.items()}


def test_rago_et_al_2016_e_democracy_example() -> None:
    """The DF-QuAD example of Rago et al. (KR 2016), with every weight 1."""
    base = {
        "A1": 0.5,
        "A2": 0.5,
        "P1": 0.7,
        "P2": 0.5,
        "P3": 0.9,
        "C1": 0.2,
        "C2": 0.2,
        "C3": 0.6,
        "C4": 0.5,
    }
    links: list[tuple[str, str, Stance]] = [
        ("A2", "C1", "con"),
        ("P2", "C2", "con"),
        ("P2", "C3", "con"),
        ("P2", "C4", "con"),
        ("A1", "P1", "pro"),
        ("A1", "P2", "pro"),
        ("A2", "P3", "pro"),
    ]
    sigma = named_strengths(base, links)
    assert sigma["A1"] == pytest.approx(0.862, abs=5e-4)
    assert sigma["A2"] == pytest.approx(0.85, abs=5e-4)
    assert sigma["P2"] == pytest.approx(0.08, abs=5e-4)
    assert sigma["C4"] == 0.5  # a leaf keeps its base score


def test_base_score_and_weight_formulas() -> None:
    assert base_score(VoteTally()) == 0.5
    assert weight(VoteTally()) == 1.0
    # votes +2 and -1: ((4/4 + 1/4) + 0.5) / 3
    assert base_score(VoteTally(2, 1)) == pytest.approx((1.0 + 0.25 + 0.5) / 3)
    # impacts 4 and 0: (1 + 0 + 1) / 3
    assert weight(VoteTally(2, 4)) == pytest.approx(2 / 3)


@st.composite
def trees(draw: st.DrawFn) -> tuple[dict[int, float], dict[int, float], list[Link]]:
    n = draw(st.integers(1, 25))
    unit = st.floats(0, 1)
    base = {i: draw(unit) for i in range(n)}
    weights = {i: draw(unit) for i in range(n)}
    links = [
        Link(draw(st.integers(0, i - 1)), i, draw(st.sampled_from(["pro", "con"])))
        for i in range(1, n)
    ]
    return base, weights, links


@given(trees())
def test_strengths_stay_in_the_unit_interval(tree: tuple) -> None:
    base, weights, links = tree
    for value in strengths(base, weights, links).values():
        assert 0.0 <= value <= 1.0


@given(trees(), st.floats(0, 1), st.floats(0, 1))
def test_an_extra_attacker_never_raises_its_parent(tree: tuple, tau: float, w: float) -> None:
    base, weights, links = tree
    before = strengths(base, weights, links)[0]
    new = len(base)
    after = strengths({**base, new: tau}, {**weights, new: w}, [*links, Link(0, new, "con")])[0]
    assert after <= before + 1e-12


@given(trees())
def test_contributions_are_the_change_on_removal(tree: tuple) -> None:
    base, weights, links = tree
    sigma = strengths(base, weights, links)
    kids = [link for link in links if link.parent == 0]
    deltas = contributions(base[0], [(k.stance, weights[k.child] * sigma[k.child]) for k in kids])
    for link, delta in zip(kids, deltas, strict=True):
        without = strengths(base, weights, [x for x in links if x != link])[0]
        assert delta == pytest.approx(sigma[0] - without, abs=1e-9)


@given(st.floats(0, 1), st.floats(0, 1))
def test_equal_support_and_attack_leave_the_base_score(tau: float, x: float) -> None:
    assert combine(tau, x, x) == tau


SEMANTICS = ["dfquad", "qe", "euler", "mlp"]


def cyras_example(semantics: str) -> dict[str, float]:
    base = {"a": 0.5, "b": 0.2, "c": 0.85, "d": 0.65, "e": 0.4, "f": 1.0}
    links: list[tuple[str, str, Stance]] = [
        ("a", "b", "pro"),
        ("a", "c", "con"),
        ("a", "d", "pro"),
        ("b", "e", "con"),
        ("c", "e", "pro"),
        ("c", "f", "con"),
    ]
    return named_strengths(base, links, semantics)


def test_quadratic_energy_on_cyras_example() -> None:
    sigma = cyras_example("qe")
    assert sigma["a"] == pytest.approx(0.518755, abs=1e-6)
    assert sigma["b"] == pytest.approx(0.172414, abs=1e-6)
    assert sigma["c"] == pytest.approx(0.625, abs=1e-6)


def test_euler_and_mlp_by_hand() -> None:
    import math

    # b: τ .2 attacked by e (.4), so E = -.4.
    euler_b = 1 - (1 - 0.2**2) / (1 + 0.2 * math.exp(-0.4))
    mlp_b = 1 / (1 + math.exp(-(math.log(0.2 / 0.8) - 0.4)))
    assert cyras_example("euler")["b"] == pytest.approx(euler_b)
    assert cyras_example("mlp")["b"] == pytest.approx(mlp_b)


@pytest.mark.parametrize("semantics", SEMANTICS)
@given(tree=trees())
def test_every_semantics_stays_in_the_unit_interval(semantics: str, tree: tuple) -> None:
    base, weights, links = tree
    for value in strengths(base, weights, links, semantics).values():
        assert -1e-12 <= value <= 1 + 1e-12


@pytest.mark.parametrize("semantics", SEMANTICS)
@given(tree=trees(), tau=st.floats(0, 1), w=st.floats(0, 1), stance=st.sampled_from(["pro", "con"]))
def test_every_semantics_is_monotone_and_ignores_zero_weight(
    semantics: str, tree: tuple, tau: float, w: float, stance: str
) -> None:
    base, weights, links = tree
    before = strengths(base, weights, links, semantics)[0]
    new = len(base)
    extra = [*links, Link(0, new, stance)]  # type: ignore[arg-type]
    after = strengths({**base, new: tau}, {**weights, new: w}, extra, semantics)[0]
    if stance == "con":
        assert after <= before + 1e-9
    else:
        assert after >= before - 1e-9
    unweighted = strengths({**base, new: tau}, {**weights, new: 0.0}, extra, semantics)[0]
    assert unweighted == pytest.approx(before, abs=1e-12)


@pytest.mark.parametrize("semantics", SEMANTICS)
@given(tree=trees(), data=st.data())
def test_changing_a_node_changes_only_it_and_its_ancestors(
    semantics: str, tree: tuple, data: st.DataObject
) -> None:
    base, weights, links = tree
    node = data.draw(st.sampled_from(sorted(base)))
    before = strengths(base, weights, links, semantics)
    after = strengths({**base, node: data.draw(st.floats(0, 1))}, weights, links, semantics)
    parent = {link.child: link.parent for link in links}
    ancestors = {node}
    while node in parent:
        node = parent[node]
        ancestors.add(node)
    for other in base:
        if other not in ancestors:
            assert after[other] == before[other]


@pytest.mark.parametrize("semantics", SEMANTICS)
@given(tree=trees())
def test_contributions_are_exact_under_every_semantics(semantics: str, tree: tuple) -> None:
    base, weights, links = tree
    sigma = strengths(base, weights, links, semantics)
    kids = [link for link in links if link.parent == 0]
    effective = [(k.stance, weights[k.child] * sigma[k.child]) for k in kids]
    deltas = contributions(base[0], effective, semantics)
    for link, delta in zip(kids, deltas, strict=True):
        without = strengths(base, weights, [x for x in links if x != link], semantics)[0]
        assert delta == pytest.approx(sigma[0] - without, abs=1e-9)
