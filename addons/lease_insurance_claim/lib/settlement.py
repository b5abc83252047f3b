"""Settlement arithmetic of an insurance claim.

Plain Python on purpose (no ORM import): the claim's computed fields call
these functions, and they are unit-tested without a database.  All amounts
are in the company currency; results are rounded half-up to the currency's
decimal places (2 unless told otherwise).

Formulas (SPEC §4.2, seed tab "Insurance Indemnity Settlement"):

* total correction = real participation + reduction amount + correction
* total amount = invoice line amount - indemnity (LCY) - real participation
  - reduction amount - correction - direct reinvoicing; with the settlement
  form "Posting Residual Value" the book value is added and the wreck price
  subtracted as well
* expected participation (the deductible the insurer should withhold) from
  the participation form of the insurance contract, on the base B = invoice
  line amount (or the estimated damage while there are no lines), capped at
  B and never negative.
"""
from decimal import ROUND_HALF_UP, Decimal

PERCENT_MIN = "percent_min"
ABS = "abs"
PERCENT = "percent"
MAX = "max"
PERCENT_MIN_MAX = "percent_min_max"
PARTICIPATION_FORMS = (PERCENT_MIN, ABS, PERCENT, MAX, PERCENT_MIN_MAX)

RESIDUAL_VALUE = "residual_value"

ZERO = Decimal(0)


def to_decimal(value):
    """Decimal of an amount as the ORM hands it over (float, int, None, False)."""
    if value is None or value is False:
        return ZERO
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # repr gives the shortest string that round-trips: 0.1 -> "0.1"
        return Decimal(repr(value))
    return Decimal(value)


def round_amount(value, digits=2):
    """Round half-up (away from zero on .5) to ``digits`` decimals, as a float."""
    quantum = Decimal(1).scaleb(-digits)
    return float(to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))


def sum_amounts(values, digits=2):
    """Sum of amounts, exact in decimal, then rounded."""
    total = ZERO
    for value in values:
        total += to_decimal(value)
    return round_amount(total, digits)


def participation_base(invoice_line_amount, estimated_damage, has_lines):
    """Base of the deductible: the invoiced repair, or the estimate before any line exists."""
    return to_decimal(invoice_line_amount) if has_lines else to_decimal(estimated_damage)


def expected_participation(form, base, percent=0.0, abs_amount=0.0, minimum=0.0, maximum=0.0,
                           digits=2):
    """Deductible the insurer should withhold for a damage of ``base``.

    ``percent`` is given in percent (10 means 10 %).  Without a participation
    form there is no deductible.  The result is capped at the base and never
    negative.
    """
    if not form:
        return 0.0
    if form not in PARTICIPATION_FORMS:
        raise ValueError("unknown participation form %r" % (form,))
    base = max(to_decimal(base), ZERO)
    share = base * to_decimal(percent) / Decimal(100)
    if form == PERCENT:
        amount = share
    elif form == ABS:
        amount = to_decimal(abs_amount)
    elif form == PERCENT_MIN:
        amount = max(share, to_decimal(minimum))
    elif form == MAX:
        amount = to_decimal(maximum)
    else:  # PERCENT_MIN_MAX
        amount = min(max(share, to_decimal(minimum)), to_decimal(maximum))
    amount = min(amount, base)
    return round_amount(max(amount, ZERO), digits)


def total_correction(real_participation, reduction_amount, correction_amount, digits=2):
    return sum_amounts((real_participation, reduction_amount, correction_amount), digits)


def total_amount(settlement_form, invoice_line_amount, indemnity_amount_lcy, real_participation,
                 reduction_amount, correction_amount, direct_reinvoiced_amount,
                 book_value=0.0, wreck_price=0.0, digits=2):
    """Statement of costs and revenues of the claim (may be negative)."""
    amount = (to_decimal(invoice_line_amount) - to_decimal(indemnity_amount_lcy)
              - to_decimal(real_participation) - to_decimal(reduction_amount)
              - to_decimal(correction_amount) - to_decimal(direct_reinvoiced_amount))
    if settlement_form == RESIDUAL_VALUE:
        amount += to_decimal(book_value) - to_decimal(wreck_price)
    return round_amount(amount, digits)


#: plain input fields of a claim that enter ``claim_totals``
CLAIM_INPUT_FIELDS = (
    "real_participation", "correction_amount", "direct_reinvoiced_amount", "settlement_form", "book_value",
    "wreck_price", "estimated_damage", "participation_form", "participation_percent", "participation_abs",
    "participation_min", "participation_max",
)
#: amounts over the permission lines and the indemnities that enter ``claim_totals``
CLAIM_AMOUNT_LISTS = (
    "purchase_prices", "expected_prices", "reinvoice_amounts",
    "indemnity_amounts", "indemnity_amounts_lcy", "reduction_amounts",
)


def claim_totals(values, digits=2):
    """Every computed settlement figure of one claim, from plain inputs.

    ``values`` holds the claim's inputs: ``purchase_prices``,
    ``expected_prices``, ``reinvoice_amounts`` (iterables over the service
    permission lines that count), ``indemnity_amounts``,
    ``indemnity_amounts_lcy``, ``reduction_amounts`` (over the indemnities),
    and the plain fields ``real_participation``, ``correction_amount``,
    ``direct_reinvoiced_amount``, ``settlement_form``, ``book_value``,
    ``wreck_price``, ``estimated_damage``, ``participation_form``,
    ``participation_percent``, ``participation_abs``, ``participation_min``,
    ``participation_max``.  Missing keys count as empty.

    Returns a dict keyed by the claim's field names.
    """
    def get(key):
        return values.get(key)

    purchase_prices = list(get("purchase_prices") or ())
    invoice_line_amount = sum_amounts(purchase_prices, digits)
    indemnity_amount_lcy = sum_amounts(get("indemnity_amounts_lcy") or (), digits)
    reduction_amount = sum_amounts(get("reduction_amounts") or (), digits)
    base = participation_base(invoice_line_amount, get("estimated_damage"), has_lines=bool(purchase_prices))
    return {
        "invoice_line_amount": invoice_line_amount,
        "expected_price": sum_amounts(get("expected_prices") or (), digits),
        "reinvoiced_amount": sum_amounts(get("reinvoice_amounts") or (), digits),
        "indemnity_amount": sum_amounts(get("indemnity_amounts") or (), digits),
        "indemnity_amount_lcy": indemnity_amount_lcy,
        "reduction_amount": reduction_amount,
        "total_correction": total_correction(
            get("real_participation"), reduction_amount, get("correction_amount"), digits),
        "total_amount": total_amount(
            get("settlement_form"), invoice_line_amount, indemnity_amount_lcy, get("real_participation"),
            reduction_amount, get("correction_amount"), get("direct_reinvoiced_amount"),
            book_value=get("book_value"), wreck_price=get("wreck_price"), digits=digits),
        "expected_participation": expected_participation(
            get("participation_form"), base, percent=get("participation_percent"),
            abs_amount=get("participation_abs"), minimum=get("participation_min"),
            maximum=get("participation_max"), digits=digits),
    }


#: document types of the financial settlement posted to the customer
CUSTOMER_INVOICE = "out_invoice"
CUSTOMER_CREDIT_NOTE = "out_refund"


def settlement_posting(total, reduction_lines, digits=2):
    """What the financial settlement posts to the customer.

    The amount to reinvoice is the settlement total (the claim's Total
    Amount) plus the amounts to reinvoice of the service permission lines
    whose reinvoice reason is "reduction of insurance indemnity"; lines
    reinvoiced directly to the client are not part of it (they go to the
    mass invoice).

    ``reduction_lines`` is an iterable of ``(key, amount)`` pairs.  Returns
    ``(document_type, amount, lines)``: ``document_type`` is
    ``CUSTOMER_INVOICE`` for a positive amount, ``CUSTOMER_CREDIT_NOTE`` for a
    negative one and ``None`` when there is nothing to post; ``amount`` is the
    signed amount to reinvoice; ``lines`` are ``(key, price)`` pairs of the
    document's lines, the settlement total under the key ``None`` first,
    with prices signed for the document (a credit note of -15,000 shows
    +15,000) and lines of zero left out.

    Example: total -20,000 and one reduction line of 5,000 give
    ``("out_refund", -15000.0, [(None, 20000.0), (key, -5000.0)])``.
    """
    total = round_amount(total, digits)
    lines = [(None, total)] + [(key, round_amount(amount, digits)) for key, amount in reduction_lines]
    amount = sum_amounts([price for _key, price in lines], digits)
    if not amount:
        return None, 0.0, []
    sign = 1 if amount > 0 else -1
    document_type = CUSTOMER_INVOICE if sign > 0 else CUSTOMER_CREDIT_NOTE
    return document_type, amount, [(key, sign * price) for key, price in lines if price]
