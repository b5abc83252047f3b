# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the advisor portal asks the document model: its lists, a document
looked up by id, the allowed actions, the form and the signing page's data.
Everything runs as the advisor, so the model's own rules answer."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import OfferCase


class TestPortalModel(OfferCase):

    def offer_env(self, user=None):
        return self.env["lease.offer"].sudo(user or self.advisor1)

    def form(self, **values):
        form = {"client_name": "Karel Portálový", "client_mobile": "777 555 666",
                "client_email": "karel.portalovy@example.cz", "digital_signing": "1", "premium": "1 250,50",
                "sum_insured_death": "800000", "insurance_term_years": "20", "payment_frequency": "monthly",
                "date_start": "1.2.2031", "person_0_name": "Karel Portálový", "person_0_birth_number": "790304/0024",
                "person_0_is_client": "1", "person_0_risk": "death", "person_0_sum_insured": "800 000"}
        form.update(values)
        return form

    # ------------------------------------------------------------------ lookup and lists
    def test_find_gives_only_the_advisors_own_documents(self):
        own = self.new_offer()
        foreign = self.new_offer(self.advisor2)
        Offer = self.offer_env()
        self.assertEqual(Offer._portal_find(own.id), own)
        self.assertEqual(Offer._portal_find(str(own.id)), own)
        for wrong in (foreign.id, 10 ** 9, 10 ** 12, "abc", None, -1, 0):
            self.assertFalse(Offer._portal_find(wrong), wrong)
        own.sudo()._write_system({"active": False})
        self.assertFalse(Offer._portal_find(own.id), "an archived document has dropped out of the portal")

    def test_a_back_office_user_sees_only_their_own_documents_in_the_portal(self):
        other = self.new_offer(self.advisor2)
        self.assertFalse(self.env["lease.offer"].sudo(self.backoffice)._portal_find(other.id))

    def test_list_domain_and_filters(self):
        offer = self.new_offer()
        modeling = self.new_offer(document_type="modeling")
        Offer = self.offer_env()
        listed = Offer.search(Offer._portal_list_domain())
        self.assertIn(offer, listed)
        self.assertIn(modeling, listed)
        self.assertNotIn(self.new_offer(self.advisor2), listed)
        only_modelings = Offer.search(Offer._portal_list_domain(document_type="modeling"))
        self.assertEqual(set(only_modelings.mapped("document_type")), {"modeling"})
        self.assertEqual(Offer.search(Offer._portal_list_domain(document_type="nonsense")), listed)
        drafts = Offer.search(Offer._portal_list_domain(state="draft"))
        self.assertEqual(set(drafts.mapped("state")), {"draft"})
        self.assertEqual(Offer.search(Offer._portal_list_domain(state="'; drop table")), listed)
        self.assertEqual(Offer._portal_order("nonsense"), Offer._portal_order("date"))

    def test_conflicts_are_listed_apart(self):
        offer = self.paper_offer()
        stale = offer.version
        self.exported(offer)
        offer.write({"note": "pozdní změna", "version": stale})
        Offer = self.offer_env()
        self.assertNotIn(offer, Offer.search(Offer._portal_list_domain()))
        self.assertIn(offer, Offer.search(Offer._portal_list_domain(conflicts=True)))

    # ------------------------------------------------------------------ actions
    def test_actions_follow_the_state(self):
        draft = self.new_offer()
        actions = draft._portal_actions()
        self.assertTrue(actions["edit"] and actions["start_signing"] and actions["load_health_questions"])
        self.assertFalse(actions["storno"] or actions["sign"] or actions["save_completed"] or actions["prefill"])
        paper = self.paper_offer()
        self.assertTrue(paper._portal_actions()["storno"])
        self.assertTrue(paper._portal_actions()["edit"], "stored but not exported yet: still editable")
        self.exported(paper)
        self.assertFalse(paper._portal_actions()["edit"] or paper._portal_actions()["storno"])
        signed = self.signed_offer()
        actions = signed._portal_actions()
        self.assertFalse(actions["edit"] or actions["storno"] or actions["sign"])
        self.assertTrue(actions["view_pdf"] and actions["copy"])
        modeling = self.new_offer(document_type="modeling")
        self.assertTrue(modeling._portal_actions()["prefill"])
        self.assertFalse(modeling._portal_actions()["load_health_questions"])
        awaiting = self.new_offer()
        awaiting.action_start_signing()
        self.assertTrue(awaiting._portal_actions()["sign"] and awaiting._portal_actions()["back_to_draft"])

    # ------------------------------------------------------------------ the form
    def test_create_from_the_form(self):
        offer = self.offer_env()._portal_create(self.form())
        self.assertEqual(offer.advisor_id, self.advisor1)
        self.assertEqual(offer.document_type, "offer")
        self.assertEqual(offer.partner_id.name, "Karel Portálový")
        self.assertEqual(offer.premium, 1250.5)
        self.assertEqual(offer.sum_insured_death, 800000)
        self.assertEqual(offer.date_start, "2031-02-01")
        self.assertEqual(offer.insured_person_ids.birth_number, "790304/0024")
        self.assertTrue(offer.insured_person_ids.is_client)
        self.assertTrue(offer.digital_signing)
        self.assertFalse(offer.contract_no)

    def test_an_existing_client_is_chosen_among_the_advisors_own(self):
        own = self.new_offer()
        offer = self.offer_env()._portal_create(self.form(partner_id=str(own.partner_id.id), client_name=""))
        self.assertEqual(offer.partner_id, own.partner_id)
        stranger = self.env["res.partner"].create({"name": "Cizí klient"})
        with self.assertRaisesRegex(UserError, "Choose the client"):
            self.offer_env()._portal_create(self.form(partner_id=str(stranger.id)))
        with self.assertRaisesRegex(UserError, "Choose the client"):
            self.offer_env()._portal_create(self.form(partner_id="abc"))

    def test_bad_input_is_refused_and_nothing_is_created(self):
        Partner = self.env["res.partner"]
        before = (self.offer_env().search_count([]), Partner.search_count([("name", "=", "Karel Portálový")]))
        for values, error, message in (
                ({"premium": "12x"}, UserError, "is not a number"),
                ({"premium": "-5"}, UserError, "cannot be negative"),
                ({"insurance_term_years": "2.5"}, UserError, "not a whole number"),
                ({"date_start": "31.2.2031"}, UserError, "is not a date"),
                ({"payment_frequency": "weekly"}, UserError, "from the list"),
                ({"person_0_birth_number": "790304/0025"}, ValidationError, "not a valid Czech birth number"),
                ({"document_type": "change_request", "contract_no": "8001234567"}, ValidationError, "starts with 7"),
                ({"document_type": "change_request", "contract_no": ""}, ValidationError, "starts with 7"),
                ({"document_type": "nonsense"}, UserError, "type of the document")):
            with self.assertRaisesRegex(error, message):
                self.offer_env()._portal_create(self.form(**values))
        after = (self.offer_env().search_count([]), Partner.search_count([("name", "=", "Karel Portálový")]))
        self.assertEqual(before, after, "a refused form leaves neither a document nor a new client behind")

    def test_change_request_for_a_seven_contract(self):
        offer = self.offer_env()._portal_create(self.form(document_type="change_request", contract_no="700 123 4567"))
        self.assertEqual(offer.document_type, "change_request")
        self.assertEqual(offer.contract_no, "700 123 4567")

    def test_form_values_round_trip(self):
        offer = self.offer_env()._portal_create(self.form())
        offer.action_load_health_questions()
        values = offer._portal_form_values()
        self.assertEqual(values["version"], str(offer.version))
        self.assertEqual(values["premium"], "1250.50")
        self.assertEqual(values["partner_id"], str(offer.partner_id.id))
        self.assertEqual(len(values["persons"]), 1)
        self.assertTrue(values["questions"])
        empty = self.offer_env().browse()._portal_form_values()
        self.assertTrue(empty["digital_signing"])
        self.assertEqual(empty["payment_frequency"], "monthly")

    def test_save_applies_the_edit_of_the_current_version(self):
        offer = self.offer_env()._portal_create(self.form())
        offer.action_load_health_questions()
        question = offer.health_question_ids[:1]
        person = offer.insured_person_ids
        form = self.form(version=str(offer.version), partner_id=str(offer.partner_id.id), premium="999",
                         person_0_id=str(person.id), person_0_sum_insured="500000",
                         person_1_name="Adam Portálový", person_1_risk="accident", person_1_sum_insured="100000")
        form["question_%d_answer" % question.id] = "yes"
        form["question_%d_note" % question.id] = "astma"
        self.assertEqual(offer._portal_save(form), "saved")
        self.assertEqual(offer.premium, 999)
        self.assertEqual(person.sum_insured, 500000)
        self.assertEqual(len(offer.insured_person_ids), 2)
        self.assertEqual((question.answer, question.note), ("yes", "astma"))
        with self.assertRaisesRegex(UserError, "name of every insured"):
            offer._portal_save(self.form(version=str(offer.version), partner_id=str(offer.partner_id.id),
                                         person_0_id=str(person.id), person_0_name=""))
        # removing a person
        form = self.form(version=str(offer.version), partner_id=str(offer.partner_id.id),
                         person_0_id=str(person.id), person_0_delete="1")
        offer._portal_save(form)
        self.assertNotIn(person, offer.insured_person_ids)

    def test_stale_or_foreign_edits_are_refused(self):
        offer = self.offer_env()._portal_create(self.form())
        stale = str(offer.version)
        offer.write({"note": "změna jinde"})
        with self.assertRaisesRegex(UserError, "changed meanwhile"):
            offer._portal_save(self.form(version=stale, partner_id=str(offer.partner_id.id), premium="1"))
        with self.assertRaisesRegex(UserError, "which version"):
            offer._portal_save(self.form(partner_id=str(offer.partner_id.id)))
        other = self.offer_env(self.advisor2)._portal_create(self.form(client_name="Klient Druhého"))
        with self.assertRaisesRegex(UserError, "does not belong to this document"):
            offer._portal_save(self.form(version=str(offer.version), partner_id=str(offer.partner_id.id),
                                         person_0_id=str(other.insured_person_ids.id)))
        with self.assertRaises(AccessError):
            self.offer_env().browse(other.id)._portal_save(self.form(version=str(other.version)))
        self.assertNotEqual(offer.premium, 1)

    def test_save_after_the_export_becomes_a_conflict(self):
        offer = self.offer_env()._portal_create(self.form(digital_signing=""))
        form = self.form(version=str(offer.version), partner_id=str(offer.partner_id.id), premium="1",
                         digital_signing="")
        offer.action_save_completed()
        self.exported(offer)
        self.assertEqual(offer._portal_save(form), "conflict")
        self.assertEqual(offer.state, "conflict")
        self.assertNotEqual(offer.premium, 1, "the exported data stand")

    def test_locked_documents_refuse_the_form(self):
        offer = self.signed_offer()
        with self.assertRaisesRegex(UserError, "signed digitally"):
            offer._portal_save(self.form(version=str(offer.version), partner_id=str(offer.partner_id.id)))

    # ------------------------------------------------------------------ signing page
    def test_signing_data_in_signing_order(self):
        offer = self.new_offer()
        offer.action_start_signing()
        data = offer._portal_signing_data()
        self.assertEqual([field["role"] for field in data], ["client", "advisor"])
        self.assertEqual([field["is_next"] for field in data], [True, False])
        self.assertEqual(data[0]["field_id"], "client.1")
        self.sign(offer, offer.signature_ids.filtered(lambda s: s.role == "client"))
        status = offer._portal_signing_status()
        self.assertEqual([field["state"] for field in status["fields"]], ["signed", "pending"])
        self.assertTrue(status["fields"][0]["image"].startswith("data:image/png;base64,"))
        self.assertFalse(status["all_signed"])
        self.assertEqual(status["document_sha256"], offer.document_sha256)

    def test_agent_language_follows_the_user(self):
        Offer = self.env["lease.offer"]
        self.assertEqual(Offer.with_context(lang="cs_CZ")._portal_agent_language(), "cs")
        self.assertEqual(Offer.with_context(lang="en_US")._portal_agent_language(), "en")
