"""Master data shared by the claim tests (created in setUpClass, rolled back)."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase


def days_ago(days):
    return fields.Date.to_string(datetime.date.today() - datetime.timedelta(days=days))


class ClaimCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(ClaimCase, cls).setUpClass()
        env = cls.env
        cls.company = env.user.company_id
        cls.Claim = env["lease.insurance.claim"]
        Status = env["lease.financing.contract.status"]
        cls.status_active = Status.create({"code": "TST-AKT", "name": "Test aktivní"})
        cls.status_suspended = Status.create({"code": "TST-POZ", "name": "Test pozastavená"})
        cls.status_theft = Status.create({"code": "TST-UKKR", "name": "Test ukončená – krádež", "is_final": True})
        cls.status_loss = Status.create({"code": "TST-UKPU", "name": "Test ukončená – PU", "is_final": True})
        Type = env["lease.insurance.claim.type"]
        cls.type_crash = Type.create({"code": "TST-HAV", "name": "Test havárie", "description": "Havárie (test)"})
        cls.type_theft = Type.create({
            "code": "TST-KRA", "name": "Test krádež", "is_theft": True, "change_contract_status": True,
            "target_contract_status_id": cls.status_theft.id})
        cls.type_total_loss = Type.create({
            "code": "TST-TS", "name": "Test totální škoda", "is_total_loss": True,
            "change_contract_status": True, "target_contract_status_id": cls.status_loss.id})
        cls.type_total_loss_plain = Type.create({
            "code": "TST-TS2", "name": "Test totální škoda bez změny stavu", "is_total_loss": True})
        cls.type_flag_no_target = Type.create({
            "code": "TST-NT", "name": "Test bez cílového stavu", "change_contract_status": True})

        Partner = env["res.partner"]
        cls.insurer = Partner.create({"name": "TST Pojišťovna Alfa", "is_company": True, "is_insurer": True})
        cls.insurer2 = Partner.create({"name": "TST Pojišťovna Beta", "is_company": True, "is_insurer": True})
        cls.customer = Partner.create({"name": "TST Stavební firma s.r.o.", "is_company": True,
                                       "company_registry": "26001233"})
        cls.customer2 = Partner.create({"name": "TST Jan Zákazník", "company_registry": "63421186"})
        cls.contact = Partner.create({"name": "TST Kontakt Horák", "parent_id": cls.customer.id})
        cls.driver = Partner.create({"name": "TST Řidič Beneš", "parent_id": cls.customer.id})
        cls.garage = Partner.create({"name": "TST Autoservis", "is_company": True, "supplier": True})

        cls.object = env["lease.financed.object"].create({
            "name": "TST Škoda Octavia", "vin": "TSTVIN0000000001X", "license_plate": "9TS 1111",
            "partner_id": cls.customer.id})
        cls.machine = env["lease.financed.object"].create({
            "name": "TST Traktor", "object_type": "machine", "serial_no": "TSTSERIAL-77",
            "partner_id": cls.customer2.id})
        Financing = env["lease.financing.contract"]
        cls.financing = Financing.create({
            "name": "TST-LS-0001", "partner_id": cls.customer.id, "financed_object_id": cls.object.id,
            "detailed_status_id": cls.status_active.id, "date_start": days_ago(400)})
        cls.financing2 = Financing.create({
            "name": "TST-UV-0002", "partner_id": cls.customer2.id, "financed_object_id": cls.machine.id,
            "detailed_status_id": cls.status_active.id})
        Insurance = env["lease.insurance.contract"]
        cls.insurance = Insurance.create({
            "name": "TST-PS-8060001", "insurer_id": cls.insurer.id, "financing_contract_id": cls.financing.id,
            "product_code": "TSTPROD", "variant_code": "TSTVAR", "coverage_code": "TSTCOV",
            "participation_form": "percent_min", "participation_percent": 10.0, "participation_min": 5000.0})
        cls.insurance_glass = Insurance.create({
            "name": "TST-PS-2209002", "insurer_id": cls.insurer2.id, "financing_contract_id": cls.financing.id,
            "product_code": "TSTSKLO", "participation_form": "abs", "participation_abs": 2000.0})
        cls.insurance_machine = Insurance.create({
            "name": "TST-PS-2205003", "insurer_id": cls.insurer2.id, "financing_contract_id": cls.financing2.id,
            "product_code": "TSTSTROJE", "participation_form": "percent_min_max", "participation_percent": 5.0,
            "participation_min": 1000.0, "participation_max": 9000.0})
        cls.assessor = env["lease.insurance.assessor"].create({
            "name": "TST Likvidátor Novák", "insurer_id": cls.insurer.id, "phone": "+420 600 000 001"})

    @classmethod
    def new_claim(cls, **values):
        vals = {"claim_type_id": cls.type_crash.id, "insurance_contract_id": cls.insurance.id}
        vals.update(values)
        return cls.Claim.create(vals)

    @classmethod
    def make_user(cls, login, groups, company=None):
        company = company or cls.company
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": login, "login": login, "email": "%s@example.com" % login,
            "company_id": company.id, "company_ids": [(6, 0, [company.id])],
            "groups_id": [(6, 0, [cls.env.ref(group).id for group in groups])]})
