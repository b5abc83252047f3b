# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Lease Offer Signing",
    "summary": "Sjednávání nabídek životního pojištění s digitálním podpisem / "
               "Life-insurance offers signed on a Wacom pad in the portal",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://example.com/lease-insurance-suite",
    "author": "Lease Insurance Suite",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "mail",
        "portal",
    ],
}
