# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Lease Insurance Devinculation",
    "summary": "Pojistné devinkulace / Releases of insurance policy assignments",
    "version": "11.0.1.0.0",
    "category": "Accounting",
    "website": "https://example.com/lease-insurance-suite",
    "author": "Lease Insurance Suite",
    "license": "LGPL-3",
    "depends": [
        "mail",
        "lease_insurance_claim",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/lease_devinculation_security.xml",
        "data/ir_sequence_data.xml",
        "views/lease_devinculation_views.xml",
        "views/lease_insurance_claim_views.xml",
        "views/lease_insurance_contract_views.xml",
        "report/lease_devinculation_report.xml",
        "data/mail_template_data.xml",
    ],
    "demo": [
        "demo/lease_devinculation_demo.xml",
    ],
}
