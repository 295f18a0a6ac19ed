"""Expressions over claims (`met_in_scope <= met_reviewed <= met_cases`), safely evaluated.

An expression is parsed by Python's `ast` and only a whitelist of nodes is evaluated: names
of claims, numbers, + - * /, comparisons, `and`/`or`/`not`, and a few functions. Nothing is
ever passed to `eval`. Values are intervals: a claim stands for every value its stated
figure allows, so a comparison is true (for all of them), false (for all of them) or
unknown, and only "false" is an inconsistency.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_CEILING,
    ROUND_FLOOR,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

from claimcheck.units import Unit, conversion

INF = Decimal("Infinity")
#: The kinds of a share and of a difference of shares (`units.PERCENT`, `units.POINTS`).
PERCENT = "percent"
POINTS = "percentage points"
#: The kind of a number worked out from measures (a ratio, a product of two dimensions), in
#: absolute units: unlike a constant, which is read in the scale of what it meets, it is
#: rescaled like a measure ("£412.6m / 352,000 residents" is £1,172 per resident, not 1,172
#: million).
NUMBER = ""
FUNCTIONS = ("years", "low", "high", "abs", "min", "max")
#: A relation between claims is a line, not a program: longer is refused before parsing.
MAX_LENGTH = 10_000
#: A number in an expression is of a registry's size (`loader.MAX_DIGITS`): 1e999999 is
#: refused, as a value of that size is.
MAX_DIGITS = 100
#: Sums, differences and products are exact: a registry's values have up to 100 digits
#: before the point and as many after, and the global context's 28 significant digits would
#: round them (1234567890123456789012345678999 - 1234567890123456789012345678901 was 0). A
#: result that needs more digits than this is refused (C005), never rounded.
EXACT_DIGITS = 10_000
#: A quotient is exact when it has at most this many significant digits, else bounded
#: outward to them (1/3 is between 0.333...3 and 0.333...4): never rounded to one side.
QUOTIENT_DIGITS = 50
_TRAPS = [InvalidOperation, DivisionByZero, Overflow]
_EXACT = Context(prec=EXACT_DIGITS, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[*_TRAPS, Inexact])
_DOWN = Context(prec=QUOTIENT_DIGITS, rounding=ROUND_FLOOR, Emax=MAX_EMAX, Emin=MIN_EMIN)
_UP = Context(prec=QUOTIENT_DIGITS, rounding=ROUND_CEILING, Emax=MAX_EMAX, Emin=MIN_EMIN)
for _context in (_DOWN, _UP):
    _context.traps = dict.fromkeys(_context.traps, False) | dict.fromkeys(_TRAPS, True)


def exact() -> AbstractContextManager[Context]:
    """The decimal context arithmetic on claims' values is done in (`EXACT_DIGITS`): a local
    one, never the global context, which a caller may have changed."""
    return localcontext(_EXACT)


class ExpressionError(Exception):
    """The expression cannot be evaluated; the message says why."""


class Truth(enum.Enum):
    """Three-valued logic: a comparison over intervals may be undecided."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def __and__(self, other: Truth) -> Truth:
        if Truth.FALSE in (self, other):
            return Truth.FALSE
        return Truth.TRUE if self is other is Truth.TRUE else Truth.UNKNOWN

    def __or__(self, other: Truth) -> Truth:
        if Truth.TRUE in (self, other):
            return Truth.TRUE
        return Truth.FALSE if self is other is Truth.FALSE else Truth.UNKNOWN

    def __invert__(self) -> Truth:
        return {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE}.get(self, Truth.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Interval:
    """Every value a figure could be: from `lo` to `hi`, either end possibly infinite (never
    reached) or open: "more than 60,000" is (60000, ∞), which 60,000 itself is not in."""

    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    def _ends(self) -> tuple[_End, _End]:
        """Each end with whether it is left out (an infinite end always is)."""
        return (
            (self.lo, self.lo_open or self.lo.is_infinite()),
            (self.hi, self.hi_open or self.hi.is_infinite()),
        )

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo,
            self.hi + other.hi,
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def __sub__(self, other: Interval) -> Interval:
        return self + -other

    def __mul__(self, other: Interval) -> Interval:
        products = [_product_end(a, b) for a in self._ends() for b in other._ends()]
        return _hull(products)

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise ExpressionError("division by zero (the divisor's interval includes 0)")
        if any(end.is_infinite() for end in (self.lo, self.hi, other.lo, other.hi)):
            # Through the inverse, whose infinite end is 0: [1, ∞) / [2, ∞) is (0, ∞).
            inverse = Interval(
                _inverse(other.hi, _DOWN),
                _inverse(other.lo, _UP),
                other.hi_open or other.hi.is_infinite(),
                other.lo_open or other.lo.is_infinite(),
            )
            return self * inverse
        # Each end's quotient rounded outward: exact when it has at most QUOTIENT_DIGITS
        # digits (6 / 3 is 2), else the interval still holds every value (its ends then
        # closed: a wider interval is still a true one).
        quotients: list[_End] = []
        for a, a_open in self._ends():
            for b, b_open in other._ends():
                down, up = _DOWN.divide(a, b), _UP.divide(a, b)
                left_out = (a_open or b_open) and not (a == 0 and not a_open) and down == up
                quotients += [(down, left_out), (up, left_out)]
        return _hull(quotients)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.hi_open, self.lo_open)

    def __str__(self) -> str:
        if self.lo == self.hi:
            return _fmt(self.lo)
        (lo, lo_out), (hi, hi_out) = self._ends()
        return f"{'(' if lo_out else '['}{_fmt(lo)}, {_fmt(hi)}{')' if hi_out else ']'}"


#: An end of an interval, and whether it is left out (open).
_End = tuple[Decimal, bool]


def _lowest(ends: list[_End], *, every: bool = False) -> _End:
    """The lowest of several ends: left out only if every end at that value is (one that
    reaches it is enough); `every`: if any is (it must be reached by each)."""
    value = min(v for v, _ in ends)
    tied = [left_out for v, left_out in ends if v == value]
    return value, any(tied) if every else all(tied)


def _highest(ends: list[_End], *, every: bool = False) -> _End:
    value = max(v for v, _ in ends)
    tied = [left_out for v, left_out in ends if v == value]
    return value, any(tied) if every else all(tied)


def _hull(ends: list[_End]) -> Interval:
    (lo, lo_open), (hi, hi_open) = _lowest(ends), _highest(ends)
    return Interval(lo, hi, lo_open, hi_open)


def _product_end(a: _End, b: _End) -> _End:
    """The product of two ends: left out when either is, but for a 0 that is reached (0
    times anything is 0)."""
    (x, x_out), (y, y_out) = a, b
    reached_zero = (x == 0 and not x_out) or (y == 0 and not y_out)
    return _mul(x, y), (x_out or y_out) and not reached_zero


def _mul(a: Decimal, b: Decimal) -> Decimal:
    if a == 0 or b == 0:  # 0 x infinity: the finite end decides, and it is 0
        return Decimal(0)
    return a * b


def _inverse(value: Decimal, context: Context) -> Decimal:
    return Decimal(0) if value.is_infinite() else context.divide(1, value)


#: A whole number of up to this many digits is shown in full; larger and smaller ones in
#: scientific notation.
_SHOWN_DIGITS = 40


def _fmt(value: Decimal) -> str:
    if value.is_infinite():
        return "∞" if value > 0 else "-∞"
    if value and not -4 <= value.adjusted() < _SHOWN_DIGITS:
        # 8E+1999999 is not written out in two million digits, nor 1E-29 as 0.0000.
        return f"{_EXACT.normalize(value):.12g}"
    # Every digit of a whole number: not the global context's 28.
    whole = value == value.to_integral_value()
    text = f"{_EXACT.normalize(value):f}" if whole else f"{value:f}"
    if "." in text and len(text.split(".")[1]) > 4:
        text = f"{value:.4f}".rstrip("0")
    return text


@dataclass(frozen=True, slots=True)
class Measure:
    """What a claim's value counts in: a kind that `+`, `-`, `min`, `max` and comparisons
    must share ("money:GBP", "count", "percent", "duration"), its unit's scale (a claim in
    `GBP million` counts in millions, one in `GBP billion` in billions), and for a
    measurement its unit (months, kilometres), converted where it meets another."""

    kind: str
    scale: Decimal = Decimal(1)
    #: The unit of a measurement (a duration, length, volume, mass, area, power, energy),
    #: converted into another unit of its dimension where they meet; None for counts,
    #: shares, money and numbers.
    unit: Unit | None = None
    #: The constants the value was multiplied by (False) or divided by (True) since it was
    #: a claim's: in `wait_months <= target_years * 12` the 12 converts years to months by
    #: hand (`_by_hand`).
    factors: tuple[tuple[Decimal, bool], ...] = ()
    #: Terms with different factors were added (`a_years * 12 + b_years`): which of them a
    #: factor converted is not known.
    mixed: bool = False

    def meets(self, other: Measure) -> bool:
        """The same kind; money with no currency stands with any currency; a number in
        absolute units (`NUMBER`) with anything."""
        if self.kind == other.kind or NUMBER in (self.kind, other.kind):
            return True
        kinds = {self.kind, other.kind}
        return "money" in kinds and all(k.startswith("money") for k in kinds)


@dataclass(frozen=True)
class Operand:
    """What a claim contributes to expressions."""

    value: Interval | None
    #: The ends of a range value [low, high], each with its precision.
    ends: tuple[Interval, Interval] | None = None
    #: Its period's length in years (`years()`): a named period's exactly (2025-Q3 is
    #: 0.25), whole years counted either way (1997/2013 is 16 or 17), else every length its
    #: dates allow.
    years: Decimal | Interval | None = None
    #: What the value counts in, or None for a plain number (a claim with no unit).
    measure: Measure | None = None
    #: Why its period has no length, when it has one that has none (a reversed period).
    no_years: str = ""


Value = Interval | Truth
#: A number while evaluating: its interval and what it counts in (None: a plain number).
_Number = tuple[Interval, Measure | None]
#: A number that counts in something.
_Measured = tuple[Interval, Measure]


def written(expr: str) -> str:
    """An expression on one line, as it is read and shown: a YAML block scalar's line breaks
    (`|`, `>`) and runs of white space are single spaces, since an expression is a line."""
    return " ".join(expr.split())


def names_in(expr: str) -> list[str]:
    """The claim ids an expression refers to (not function names), in order."""
    if len(expr) > MAX_LENGTH:
        return []
    try:
        tree = ast.parse(written(expr), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # ValueError: a NUL
        return []
    calls = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    names = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in calls]
    return [n.id for n in sorted(names, key=lambda n: (n.lineno, n.col_offset))]


def evaluate(
    expr: str,
    operands: Mapping[str, Operand],
    tolerance: Decimal = Decimal(0),
    *,
    target: Measure | None = None,
) -> Value:
    """The value of `expr` with claim names bound to `operands`; ExpressionError if it has none.

    Claims in different scales are compared and added in the smaller one (`tunnel_cost <=
    budget` with £1.2bn and £950m compares 1,200 with 950 million pounds, not 1.2 with 950);
    claims of different kinds (pounds and dollars, a count and a percentage, months and years)
    are never added or compared: ExpressionError says so. A number is given in the `target`'s
    scale (a derived claim's own unit)."""
    if len(expr) > MAX_LENGTH:
        raise ExpressionError(f"the expression is over {MAX_LENGTH:,} characters")
    expr = written(expr)
    if "#" in expr:
        # Python would read it as a comment: on one line, it would hide every line after it.
        raise ExpressionError(
            "`#` is not allowed in an expression (Python reads it as a comment, which would "
            "hide the rest of the expression): say what the relation means in `message`"
        )
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:  # also a literal of over 4,300 digits
        raise ExpressionError(f"not a valid expression: {exc.msg.split(';')[0]}") from None
    except (ValueError, RecursionError, MemoryError):  # a NUL; nesting the parser refuses
        raise ExpressionError("not a valid expression") from None
    try:
        with exact():
            return _evaluate(expr, tree, operands, tolerance, target)
    except Inexact:
        raise ExpressionError(
            f"a result needs over {EXACT_DIGITS:,} digits to be exact (claimcheck computes "
            "exactly or not at all): the expression cannot be checked"
        ) from None
    except (InvalidOperation, ArithmeticError) as exc:
        raise ExpressionError(f"arithmetic error: {exc}") from None
    except RecursionError:
        raise ExpressionError("the expression is nested too deeply") from None


def _evaluate(
    expr: str,
    tree: ast.Expression,
    operands: Mapping[str, Operand],
    tolerance: Decimal,
    target: Measure | None,
) -> Value:
    """`evaluate` of the parsed `tree`, in the exact context."""
    result = _Evaluator(operands, tolerance, expr).visit(tree.body)
    if isinstance(result, Truth):
        return result
    value, measure = result
    if target is not None and measure is not None:
        if not measure.meets(target):
            raise ExpressionError(
                f"`{expr}` gives {_kind(measure)}, but the claim is {_kind(target)}"
            )
        if measure.unit is not None and target.unit is not None:
            value, measure = _into(expr, (value, measure), target.unit)
        assert measure is not None
        value = _rescale(value, measure.scale / target.scale)
    return value


class _Evaluator:
    def __init__(self, operands: Mapping[str, Operand], tolerance: Decimal, expr: str) -> None:
        self.operands = operands
        self.tolerance = tolerance
        self.expr = expr

    def visit(self, node: ast.expr) -> _Number | Truth:
        method: Callable[[ast.expr], _Number | Truth] | None = getattr(
            self, f"_{type(node).__name__}", None
        )
        if method is None:
            raise ExpressionError(f"{_describe(node)} is not allowed in an expression")
        return method(node)

    def number(self, node: ast.expr) -> _Number:
        value = self.visit(node)
        if isinstance(value, Truth):
            raise ExpressionError(
                f"`{ast.unparse(node)}` is a comparison, where a number is needed"
            )
        return value

    def truth(self, node: ast.expr) -> Truth:
        value = self.visit(node)
        if not isinstance(value, Truth):
            raise ExpressionError(
                f"`{ast.unparse(node)}` is a number, where a comparison is needed"
            )
        return value

    def _Constant(self, node: ast.Constant) -> _Number:
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExpressionError(f"{node.value!r} is not a number")
        written = ast.get_source_segment(self.expr, node)
        if isinstance(node.value, int):
            value = Decimal(node.value)
        else:
            # As written, not as a float reads it (80.00000000000000000000000000000001 is
            # no 80, and 1e400 no infinity).
            try:
                value = Decimal(written) if written is not None else Decimal(str(node.value))
            except InvalidOperation:  # pragma: no cover - every float literal is a decimal
                value = Decimal(str(node.value))
        if value and not -MAX_DIGITS <= value.adjusted() < MAX_DIGITS:
            raise ExpressionError(
                f"{written or value} is beyond the numbers a registry holds (at most "
                f"{MAX_DIGITS} digits before the point, and none beyond {MAX_DIGITS} after it)"
            )
        return Interval.exact(value), None

    def _Name(self, node: ast.Name) -> _Number:
        operand = self._operand(node.id)
        if operand.value is None:
            raise ExpressionError(f"claim `{node.id}` has no value to compute with")
        return operand.value, operand.measure

    def _operand(self, name: str) -> Operand:
        if name not in self.operands:
            from claimcheck.suggest import did_you_mean

            hint = did_you_mean(name, self.operands)
            raise ExpressionError(f"unknown claim `{name}`" + (f" ({hint})" if hint else ""))
        return self.operands[name]

    def _UnaryOp(self, node: ast.UnaryOp) -> _Number | Truth:
        if isinstance(node.op, ast.Not):
            return ~self.truth(node.operand)
        if isinstance(node.op, ast.USub):
            value, measure = self.number(node.operand)
            return -value, measure
        if isinstance(node.op, ast.UAdd):
            return self.number(node.operand)
        raise ExpressionError(f"{_describe(node)} is not allowed in an expression")

    def _BinOp(self, node: ast.BinOp) -> _Number:
        (left, lm), (right, rm) = self.number(node.left), self.number(node.right)
        if isinstance(node.op, ast.Add | ast.Sub):
            kinds = {lm.kind if lm else None, rm.kind if rm else None}
            if kinds == {PERCENT, POINTS}:
                # 26.2% + 3.2 percentage points is 29.4%: a share moved by a difference.
                return (left + right if isinstance(node.op, ast.Add) else left - right), Measure(
                    PERCENT
                )
            (left, right), measure = _common(node, (left, lm), (right, rm))
            if isinstance(node.op, ast.Sub) and kinds == {PERCENT}:
                # 29.4% - 26.2% is 3.2 percentage points, not 3.2%.
                return left - right, Measure(POINTS)
            return (left + right if isinstance(node.op, ast.Add) else left - right), measure
        if isinstance(node.op, ast.Mult):
            if lm is None or rm is None:  # a number times a measure: of the measure
                if lm is not None:
                    return left * right, _factored(lm, node.right, right, divided=False)
                if rm is not None:
                    return left * right, _factored(rm, node.left, left, divided=False)
                return left * right, None
            return _product((left, lm), (right, rm))
        if isinstance(node.op, ast.Div):
            if rm is None or rm.kind == NUMBER:
                # Of the numerator's measure: a number in absolute units divides as it is.
                quotient = left / _rescale(right, rm.scale if rm else Decimal(1))
                if lm is not None and rm is None:
                    return quotient, _factored(lm, node.right, right, divided=True)
                return quotient, lm
            if lm is not None:  # two measurements of one dimension: in one unit first
                (left, lm), (right, rm) = _one_unit(node, (left, lm), (right, rm))
            assert rm is not None
            # A ratio is a number in absolute units: each side in absolute units (thousands
            # of passengers over millions of passengers is not their digits' ratio).
            numerator = left if lm is None else _rescale(left, lm.scale)
            return numerator / _rescale(right, rm.scale), Measure(NUMBER)
        raise ExpressionError(f"operator {type(node.op).__name__} is not allowed (use + - * /)")

    def _BoolOp(self, node: ast.BoolOp) -> Truth:
        values = [self.truth(v) for v in node.values]
        result = values[0]
        for value in values[1:]:
            result = result & value if isinstance(node.op, ast.And) else result | value
        return result

    def _Compare(self, node: ast.Compare) -> Truth:
        result = Truth.TRUE
        left = self.number(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.number(comparator)
            (a, b), _ = _common(node, left, right)
            result = result & compare(a, op, b, self.tolerance)
            left = right
        return result

    def _Call(self, node: ast.Call) -> _Number:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS or node.keywords:
            known = ", ".join(FUNCTIONS)
            raise ExpressionError(f"`{ast.unparse(node.func)}` is not a known function ({known})")
        if name in ("years", "low", "high"):
            if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
                raise ExpressionError(f"{name}() takes one claim id")
            claim = node.args[0].id
            operand = self._operand(claim)
            if name == "years":
                if operand.no_years:
                    raise ExpressionError(f"years(): {operand.no_years}")
                if operand.years is None:
                    raise ExpressionError(f"years(): claim `{claim}` has no period")
                years = operand.years
                return (Interval.exact(years) if isinstance(years, Decimal) else years), None
            if operand.ends is None:
                raise ExpressionError(f"{name}(): claim `{claim}` has no [low, high] range")
            return (operand.ends[0] if name == "low" else operand.ends[1]), operand.measure
        numbers = [self.number(a) for a in node.args]
        if not numbers or (name == "abs" and len(numbers) != 1):
            raise ExpressionError(
                f"{name}() needs {'one argument' if name == 'abs' else 'arguments'}"
            )
        if name == "abs":
            ((arg, measure),) = numbers
            if arg.lo >= 0:
                return arg, measure
            if arg.hi <= 0:
                return -arg, measure
            (lo, lo_out), (hi, hi_out) = arg._ends()
            top = _highest([(-lo, lo_out), (hi, hi_out)])
            return Interval(Decimal(0), top[0], False, top[1]), measure
        measure = numbers[0][1]
        for number in numbers[1:]:  # one kind, and the smallest scale and unit among them
            _, measure = _common(node, (numbers[0][0], measure), number)
        args = []
        for value, m in numbers:
            if m is not None and measure is not None:
                if m.unit is not None and measure.unit is not None:
                    value, m = _into(ast.unparse(node), (value, m), measure.unit)
                value = _rescale(value, m.scale / measure.scale)
            args.append(value)
        los, his = [a._ends()[0] for a in args], [a._ends()[1] for a in args]
        if name == "min":  # its top is reached only if every argument there reaches it
            (lo, lo_out), (hi, hi_out) = _lowest(los), _lowest(his, every=True)
        else:
            (lo, lo_out), (hi, hi_out) = _highest(los, every=True), _highest(his)
        return Interval(lo, hi, lo_out, hi_out), measure


def compare(left: Interval, op: ast.cmpop, right: Interval, tolerance: Decimal) -> Truth:
    """Whether `left op right` holds for all, none, or only some of the intervals' values;
    an open end is never reached ("more than 60,000" <= 60,000 fails for every value)."""
    if isinstance(op, ast.Eq | ast.NotEq):
        # How far apart they are at their nearest (> 0 when they do not meet), and whether
        # that distance is itself reached; and the widest possible difference.
        (l_lo, l_lo_out), (l_hi, l_hi_out) = left._ends()
        (r_lo, r_lo_out), (r_hi, r_hi_out) = right._ends()
        gap, gap_out = _highest(
            [(l_lo - r_hi, l_lo_out or r_hi_out), (r_lo - l_hi, r_lo_out or l_hi_out)]
        )
        spread = max(l_hi - r_lo, r_hi - l_lo)
        if gap > tolerance or (gap == tolerance and gap_out):
            equal = Truth.FALSE
        elif spread <= tolerance:
            equal = Truth.TRUE
        else:
            equal = Truth.UNKNOWN
        return equal if isinstance(op, ast.Eq) else ~equal
    if isinstance(op, ast.Gt | ast.GtE):
        left, right = right, left
        op = ast.Lt() if isinstance(op, ast.Gt) else ast.LtE()
    (lo, lo_out), (hi, hi_out) = left._ends()
    (r_lo, r_lo_out), (r_hi, r_hi_out) = right._ends()
    if isinstance(op, ast.LtE):
        if hi <= r_lo:
            return Truth.TRUE
        if lo > r_hi or (lo == r_hi and (lo_out or r_hi_out)):
            return Truth.FALSE
        return Truth.UNKNOWN
    if isinstance(op, ast.Lt):
        if hi < r_lo or (hi == r_lo and (hi_out or r_lo_out)):
            return Truth.TRUE
        return Truth.FALSE if lo >= r_hi else Truth.UNKNOWN
    raise ExpressionError(f"comparison {type(op).__name__} is not allowed (use < <= == != >= >)")


def _product(left: _Number, right: _Number) -> _Number:
    """A product of two measures, in the measure of the one that is not a share or a count
    of it: £412.6m times 38.3% is £158.0m (in millions, as the £412.6m is), £15 per head
    times 352,000 residents is money, 2,000 households times 2.4 people a count. A product
    of two other dimensions (tonnes times miles) is a number in absolute units."""
    (a, am), (b, bm) = left, right
    assert am is not None and bm is not None
    ra, rb = _rank(am), _rank(bm)
    if ra != rb or ra <= _COUNT_RANK:
        if rb > ra or (ra == rb and am.kind == NUMBER):
            (a, am), (b, bm) = (b, bm), (a, am)
        # In the kept measure's scale: the other's scale goes into the value.
        mixed = am.mixed or bm.mixed or bool(am.factors and bm.factors)
        return a * _rescale(b, bm.scale), replace(am, factors=am.factors + bm.factors, mixed=mixed)
    return _rescale(a, am.scale) * _rescale(b, bm.scale), Measure(NUMBER)


#: Shares, differences of shares and numbers rank below counts, counts below durations
#: (a rate per week times weeks), durations below other dimensions and money.
_COUNT_RANK = 1


def _rank(measure: Measure) -> int:
    if measure.kind in (NUMBER, PERCENT, POINTS):
        return 0
    if measure.kind == "count":
        return _COUNT_RANK
    if measure.kind == "duration":
        return 2
    return 4 if measure.kind.startswith("money") else 3


def _rescale(value: Interval, factor: Decimal) -> Interval:
    """The interval multiplied by a positive factor (a change of scale)."""
    if factor == 1:
        return value
    return Interval(_mul(value.lo, factor), _mul(value.hi, factor), value.lo_open, value.hi_open)


def _kind(measure: Measure) -> str:
    if measure.kind == NUMBER:
        return "a number"
    kind, _, detail = measure.kind.partition(":")
    return f"{kind} ({detail})" if detail else kind


def _common(
    node: ast.AST, left: _Number, right: _Number
) -> tuple[tuple[Interval, Interval], Measure | None]:
    """Two numbers in one scale, the smaller of theirs, to add or compare; ExpressionError
    when they are of different kinds. A plain number takes the other's measure."""
    (a, am), (b, bm) = left, right
    if am is None or bm is None:
        return (a, b), am or bm
    if not am.meets(bm):
        raise ExpressionError(
            f"`{ast.unparse(node)}` puts {_kind(am)} with {_kind(bm)}, which are not added "
            "or compared: give the claims one unit (a currency is never converted)"
        )
    (a, am), (b, bm) = _one_unit(node, (a, am), (b, bm))
    scale = min(am.scale, bm.scale)
    kind = am.kind if am.kind not in ("money", NUMBER) else bm.kind or am.kind
    same = am.factors == bm.factors and not am.mixed and not bm.mixed
    measure = Measure(
        kind,
        scale,
        am.unit or bm.unit,
        am.factors if same else am.factors + bm.factors,
        mixed=not same,
    )
    return (_rescale(a, am.scale / scale), _rescale(b, bm.scale / scale)), measure


# --- measurements in different units -------------------------------------------------------
#
# A claim in months and one in years, metres and kilometres, kilograms and tonnes are
# converted where they meet (`+ - min max`, comparisons, a ratio, a derived claim's unit), as
# C001 converts a mention's figure: into the smaller unit, exactly where the units are
# (12 months are a year, 1,000 metres a kilometre), else to every value the conversion allows
# (a month is 28 to 31 days). A writer may have converted by hand before units were
# converted (`charging_days >= 365 * time_to_charge_years`): a constant that multiplies (or
# divides) a claim and is the number of the other's units in its own is read as that
# conversion, and the product is in the other's unit; a constant close to that number but not
# it, or one such among terms added with others (`a_years * 12 + b_years` against months),
# cannot be told from a multiple and is refused (C005), never guessed.

#: How close to a conversion's number a constant is taken for a conversion by hand gone wrong.
_NEAR = Decimal("0.05")


def _same_unit(a: Unit, b: Unit) -> bool:
    return a.name == b.name and (a.rate == b.rate or a.rate is None or b.rate is None)


def _conversion(where: str, source: Unit, target: Unit) -> tuple[Interval, Interval]:
    found = conversion(source, target)
    if found is None:
        raise ExpressionError(
            f"`{where}` puts {source.name} with {target.name}, which are not converted (a "
            "month or a year has no one length in days): give the claims one unit"
        )
    (times_lo, times_hi), (per_lo, per_hi) = found
    return Interval(times_lo, times_hi), Interval(per_lo, per_hi)


def _ratio(ratio: tuple[Interval, Interval]) -> Interval:
    """How many of the target unit one of the source unit is (a month: 28 to 31 days)."""
    times, per = ratio
    return times / per


def _by_hand(where: str, number: _Measured, unit: Unit) -> bool:
    """Whether a constant the number was multiplied or divided by converts its unit into
    `unit` (`target_years * 12` against months, `wait_months / 12` against years);
    ExpressionError when one is close to such a conversion but is not one, or is among terms
    added with others."""
    _, measure = number
    assert measure.unit is not None
    into = _ratio(_conversion(where, measure.unit, unit))
    back = _ratio(_conversion(where, unit, measure.unit))
    for constant, divided in measure.factors:
        ratio = back if divided else into
        exact = ratio.lo <= constant <= ratio.hi
        shown = _fmt(constant)
        operation = f"{'divided by' if divided else 'times'} {shown}"
        if exact and measure.mixed:
            raise ExpressionError(
                f"`{where}` adds terms of which only some are {operation}, the number of "
                f"{(measure.unit if divided else unit).name} in a "
                f"{_one(unit if divided else measure.unit)}: whether it converts them by hand "
                "is not known (claims in different units are converted): give the claims one "
                f"unit, or leave the {shown} out"
            )
        if exact:
            return True
        if (ratio.lo * (1 - _NEAR)) <= constant <= (ratio.hi * (1 + _NEAR)):
            raise ExpressionError(
                f"`{where}`: {operation} is close to converting "
                f"{(unit if divided else measure.unit).name} into "
                f"{(measure.unit if divided else unit).name} ({ratio}) but is not it: claims "
                f"in different units are converted, so leave the {shown} out, or give the "
                "claims one unit"
            )
    return False


def _one(unit: Unit) -> str:
    """A unit's name for one of it ("year" of "years")."""
    return unit.name[:-1] if unit.name.endswith("s") else unit.name


def _into(where: str, number: _Measured, unit: Unit) -> _Measured:
    """The number in `unit`: as it is when a constant converted it by hand (`_by_hand`),
    else converted."""
    value, measure = number
    if measure.unit is None or _same_unit(measure.unit, unit):
        return number
    if _by_hand(where, number, unit):
        return value, replace(measure, unit=unit, factors=(), mixed=False)
    times, per = _conversion(where, measure.unit, unit)
    return value * times / per, replace(measure, unit=unit)


def _one_unit(node: ast.AST, left: _Measured, right: _Measured) -> tuple[_Measured, _Measured]:
    """Two measurements of one dimension in one unit: the one a constant converted by hand
    into the other's, else the smaller (years into months, kilometres into metres)."""
    (_, am), (_, bm) = left, right
    if am.unit is None or bm.unit is None:
        return left, right
    if _same_unit(am.unit, bm.unit):
        return left, right
    where = ast.unparse(node)
    if _by_hand(where, left, bm.unit):
        if _by_hand(where, right, am.unit):
            raise ExpressionError(
                f"`{where}` converts both sides by hand: claims in different units are "
                "converted, so leave the constants out"
            )
        return _into(where, left, bm.unit), right
    if _by_hand(where, right, am.unit):
        return left, _into(where, right, am.unit)
    if _ratio(_conversion(where, am.unit, bm.unit)).lo >= 1:  # a's unit is the larger
        return _into(where, left, bm.unit), right
    return left, _into(where, right, am.unit)


def _factored(measure: Measure, node: ast.expr, value: Interval, *, divided: bool) -> Measure:
    """A measurement multiplied (or divided) by a plain number, with the number recorded when
    it is a constant the expression writes (not a claim's value or years())."""
    if measure.unit is None or not _constant(node) or value.lo != value.hi or not value.lo:
        return measure
    if value.lo.is_infinite():
        return measure
    return replace(measure, factors=(*measure.factors, (abs(value.lo), divided)))


def _constant(node: ast.expr) -> bool:
    """Whether the node is a number written in the expression, or arithmetic of such."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _constant(node.operand)
    return isinstance(node, ast.BinOp) and _constant(node.left) and _constant(node.right)


def _describe(node: ast.AST) -> str:
    try:
        return f"`{ast.unparse(node)}` ({type(node).__name__})"
    except Exception:  # pragma: no cover - unparse handles every expression node
        return type(node).__name__
