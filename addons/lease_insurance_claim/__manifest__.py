# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Lease Insurance Claims",
    "summary": "Pojistné události na předmětech financování / "
               "Insurance claims on leased vehicles and objects",
    "version": "11.0.1.0.0",
    "category": "Accounting",
    "website": "https://example.com/lease-insurance-suite",
    "author": "Lease Insurance Suite",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "mail",
        "account_invoicing",
        "account_asset",
        "fleet",
    ],
    "data": [
        "security/groups.xml",
        "security/ir.model.access.csv",
        "views/lease_insurance_claim_views.xml",
        "views/menus.xml",
    ],
}
