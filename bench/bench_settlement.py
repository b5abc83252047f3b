"""Benchmark of the settlement figures of insurance claims (not part of the tests).

Recomputes the stored settlement fields (invoice line amount, expected price,
reinvoiced amount, indemnities, reduction, total correction, total amount,
expected participation) of 10,000 claims with 5 service permission lines and
one indemnity each, through the ORM as Odoo does after a change: the fields
are marked to recompute and ``recompute()`` evaluates and stores them.

The data go in with multi-row ``INSERT ... SELECT generate_series`` (a plain
``create`` costs dozens of queries per claim) inside one transaction that is
rolled back at the end, so the database is left as it was (the tables are
analysed inside it, so the planner sees their real size).

Measured at 1,000 / 5,000 / 10,000 claims, with the SQL queries counted on the
cursor (``sql_log_count``):

* batch: the addon's compute (one query sums the lines of all claims, one
  search and one read per 1,000 indemnities), then Odoo's writes: one UPDATE
  per claim with distinct figures;
* naive baseline in the same run: the same recompute with a per-claim
  variant that searches and reads each claim's lines and indemnities.

Prints queries per claim and claims/s of both and their ratio; the reading
part of the batch compute is also shown alone (it must not grow with the
number of claims).  Values of a sample are checked against the pure formula.

Run from the repository root, once ``make test`` (or ``make run``) has set up
the project:

    .venv/bin/python bench/bench_settlement.py [--db lease_test] [--sizes 1000,5000,10000]
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINES_PER_CLAIM = 5


def load_odoo():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import odoo_launcher
    config_path = odoo_launcher.write_config()
    import odoo
    odoo.tools.config.parse_config(["-c", config_path, "--log-level=warn"])
    return odoo


def insert_claims(env, count, tag):
    """``count`` claims, each with one permission of 5 lines (every 7th
    rejected, every 3rd a draft) and one indemnity, in 4 queries."""
    cr = env.cr
    company = env.user.company_id
    cr.execute("""
        INSERT INTO lease_insurance_claim
            (name, company_id, state, evidence_date, settlement_method, settlement_form, real_participation,
             correction_amount, direct_reinvoiced_amount, book_value, wreck_price, estimated_damage,
             participation_form, participation_percent, participation_abs, participation_min, participation_max,
             fin_settlement_state, create_uid, write_uid, create_date, write_date)
        SELECT %(tag)s || g, %(company)s, 'new', current_date, 'none',
               (ARRAY['invoice', 'budget', 'residual_value'])[1 + g %% 3],
               1000 + g %% 500, g %% 70, g %% 11 * 100, 200000 + g, 30000 + g %% 1000, 50000 + g %% 900,
               (ARRAY['percent_min', 'abs', 'percent', 'max', 'percent_min_max'])[1 + g %% 5],
               10, 4000, 5000, 20000, 'open', 1, 1, now(), now()
          FROM generate_series(1, %(count)s) g
        RETURNING id
    """, {"tag": tag, "company": company.id, "count": count})
    claim_ids = sorted(row[0] for row in cr.fetchall())
    cr.execute("""
        INSERT INTO lease_service_permission (name, claim_id, state, date, company_id, create_uid, write_uid,
                                              create_date, write_date)
        SELECT 'SP-' || claim.name, claim.id,
               CASE WHEN claim.id %% 7 = 0 THEN 'rejected' WHEN claim.id %% 3 = 0 THEN 'draft' ELSE 'approved' END,
               current_date, claim.company_id, 1, 1, now(), now()
          FROM lease_insurance_claim claim WHERE claim.id = ANY(%(ids)s)
    """, {"ids": claim_ids})
    cr.execute("""
        INSERT INTO lease_service_permission_line
            (permission_id, claim_id, company_id, sequence, description, expected_price, purchase_price,
             reinvoice_amount, reinvoice_reason, reinvoice_method, permission_state, is_invoiced,
             create_uid, write_uid, create_date, write_date)
        SELECT permission.id, permission.claim_id, permission.company_id, n, 'Položka ' || n,
               1000 * n + permission.id %% 97, 1100 * n + permission.id %% 89 + 0.25, (n = 2)::int * 300.5,
               (ARRAY['none', 'indemnity_reduction', 'direct_client'])[1 + (n %% 3)],
               (ARRAY['none', 'settlement', 'mass_invoice'])[1 + (n %% 3)], permission.state, false,
               1, 1, now(), now()
          FROM lease_service_permission permission, generate_series(1, %(lines)s) n
         WHERE permission.claim_id = ANY(%(ids)s)
    """, {"ids": claim_ids, "lines": LINES_PER_CLAIM})
    cr.execute("""
        INSERT INTO lease_insurance_indemnity (claim_id, company_id, date, currency_id, amount, amount_lcy,
                                               reduction_amount, create_uid, write_uid, create_date, write_date)
        SELECT claim.id, claim.company_id, current_date, %(currency)s, 9000 + claim.id %% 5000,
               9000 + claim.id %% 5000, claim.id %% 3 * 250, 1, 1, now(), now()
          FROM lease_insurance_claim claim WHERE claim.id = ANY(%(ids)s)
    """, {"ids": claim_ids, "currency": company.currency_id.id})
    # planner statistics as a live database has them (the rows are not committed)
    for table in ("lease_insurance_claim", "lease_service_permission", "lease_service_permission_line",
                  "lease_insurance_indemnity"):
        cr.execute("ANALYZE %s" % table)
    return claim_ids


def naive_amounts(claims):
    """Per-claim variant of ``_settlement_amounts``: two searches and their
    reads for every claim, as a straightforward compute would do."""
    from odoo.addons.lease_insurance_claim.lib import settlement
    amounts = {}
    Line = claims.env["lease.service.permission.line"]
    Indemnity = claims.env["lease.insurance.indemnity"]
    for claim in claims:
        values = {key: [] for key in settlement.CLAIM_AMOUNT_LISTS}
        for line in Line.search([("permission_id.claim_id", "=", claim.id),
                                 ("permission_id.state", "!=", "rejected")]):
            values["purchase_prices"].append(line.purchase_price)
            values["expected_prices"].append(line.expected_price)
            values["reinvoice_amounts"].append(line.reinvoice_amount)
        for indemnity in Indemnity.search([("claim_id", "=", claim.id)]):
            values["indemnity_amounts"].append(indemnity.amount)
            values["indemnity_amounts_lcy"].append(indemnity.amount_lcy)
            values["reduction_amounts"].append(indemnity.reduction_amount)
        amounts[claim.id] = values
    return amounts


def recompute(env, claim_ids, fields_only=False):
    """(queries, seconds) of recomputing the settlement figures of the claims."""
    Claim = env["lease.insurance.claim"]
    field = Claim._fields["total_amount"]
    env.cache.invalidate()
    claims = Claim.browse(claim_ids)
    before, start = env.cr.sql_log_count, time.perf_counter()
    if fields_only:
        field.compute_value(claims)
    else:
        # as modified() does after a change: every field of the compute is to recompute
        for computed in Claim._field_computed[field]:
            env.add_todo(computed, claims)
        claims.recompute()
    return env.cr.sql_log_count - before, time.perf_counter() - start


def check_sample(env, claim_ids):
    """Stored figures of a few claims against the pure formula on fresh reads."""
    from odoo.addons.lease_insurance_claim.lib import settlement
    env.cache.invalidate()
    for claim in env["lease.insurance.claim"].browse(claim_ids[:: max(1, len(claim_ids) // 25)]):
        lines = claim.permission_ids.filtered(lambda rec: rec.state != "rejected").mapped("line_ids")
        values = {name: claim[name] for name in settlement.CLAIM_INPUT_FIELDS}
        values.update(purchase_prices=lines.mapped("purchase_price"), expected_prices=lines.mapped("expected_price"),
                      reinvoice_amounts=lines.mapped("reinvoice_amount"),
                      indemnity_amounts=claim.indemnity_ids.mapped("amount"),
                      indemnity_amounts_lcy=claim.indemnity_ids.mapped("amount_lcy"),
                      reduction_amounts=claim.indemnity_ids.mapped("reduction_amount"))
        expected = settlement.claim_totals(values)
        actual = {name: claim[name] for name in expected}
        if actual != expected:
            raise AssertionError("claim %s: %s != %s" % (claim.id, actual, expected))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=os.environ.get("LEASE_TEST_DB", "lease_test"))
    parser.add_argument("--sizes", default="1000,5000,10000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    odoo = load_odoo()
    with odoo.api.Environment.manage():
        cr = odoo.registry(args.db).cursor()
        run(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), sizes)


def run(env, sizes):
    cr = env.cr
    Claim = type(env["lease.insurance.claim"])
    batch_amounts = Claim._settlement_amounts
    try:
        start = time.perf_counter()
        claim_ids = insert_claims(env, max(sizes), "BENCH/%d/" % os.getpid())
        print("inserted %d claims, %d lines, %d indemnities in %.1f s (one transaction, rolled back at the end)"
              % (len(claim_ids), len(claim_ids) * LINES_PER_CLAIM, len(claim_ids), time.perf_counter() - start))
        header = ("claims", "batch: queries/claim, cl/s", "naive: queries/claim, cl/s", "batch read queries",
                  "speedup")
        print("%8s | %27s | %27s | %20s | %7s" % header)
        recompute(env, claim_ids[-200:])  # warm-up: registry caches, first queries
        rows = []
        for size in sizes:
            ids = claim_ids[:size]
            read_queries, _ = recompute(env, ids, fields_only=True)
            batch_queries, batch_seconds = recompute(env, ids)
            check_sample(env, ids)
            Claim._settlement_amounts = naive_amounts
            try:
                naive_queries, naive_seconds = recompute(env, ids)
            finally:
                Claim._settlement_amounts = batch_amounts
            check_sample(env, ids)
            rows.append((size, batch_queries / size, size / batch_seconds, naive_queries / size,
                         size / naive_seconds, read_queries, naive_seconds / batch_seconds))
            print("%8d | %12.3f %14.0f | %12.3f %14.0f | %20d | %6.1fx" % rows[-1])
        print("\nbatch queries per claim stay constant (one UPDATE per claim plus a fixed number of reads);")
        print("the naive compute adds two searches and their reads per claim.")
    finally:
        cr.rollback()
        cr.close()


if __name__ == "__main__":
    main()
