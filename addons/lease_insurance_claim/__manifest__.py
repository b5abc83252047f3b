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
        "security/lease_insurance_claim_security.xml",
        "data/ir_sequence_data.xml",
        "views/menus.xml",
        "views/lease_financing_contract_status_views.xml",
        "views/lease_financed_object_views.xml",
        "views/lease_financing_contract_views.xml",
        "views/lease_insurance_contract_views.xml",
        "views/lease_insurance_assessor_views.xml",
        "views/lease_insurance_claim_type_views.xml",
        "wizards/lease_contract_status_wizard_views.xml",
        "wizards/lease_insurance_config_wizard_views.xml",
        "views/lease_insurance_claim_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
    ],
}
