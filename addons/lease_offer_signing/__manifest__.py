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
    "external_dependencies": {
        "python": ["PyPDF2"],
        "bin": ["wkhtmltopdf"],
    },
    "data": [
        "security/groups.xml",
        "security/ir.model.access.csv",
        "security/lease_offer_signing_security.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/lease_offer_health_question_template_data.xml",
        "report/lease_offer_report.xml",
        "views/assets.xml",
        "views/lease_offer_views.xml",
        "views/lease_offer_conflict_views.xml",
        "views/lease_offer_export_batch_views.xml",
        "views/lease_offer_storage_link_views.xml",
        "views/lease_offer_health_question_template_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/lease_offer_demo.xml",
    ],
}
