from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DevinculationLinksMixin(models.AbstractModel):
    """Devinculations of a claim or an insurance contract: the count of the
    smart button, the list it opens and the refusal to delete the record
    while devinculations refer to it."""

    _name = "lease.devinculation.links.mixin"
    _description = "Devinculations of a Record"

    #: field of lease.devinculation pointing to the model using the mixin
    _devinculation_field = None

    devinculation_count = fields.Integer(string="Devinculations", compute="_compute_devinculation_count")

    def _compute_devinculation_count(self):
        devinculations = self.env["lease.devinculation"]
        counts = {}
        real_ids = [record_id for record_id in self.ids if isinstance(record_id, int)]
        if real_ids and devinculations.check_access_rights("read", raise_exception=False):
            field = self._devinculation_field
            rows = devinculations.read_group([(field, "in", real_ids)], [field], [field])
            counts = {row[field][0]: row["%s_count" % field] for row in rows}
        for record in self:
            record.devinculation_count = counts.get(record.id, 0)

    @api.multi
    def unlink(self):
        used = self.env["lease.devinculation"].sudo().search(
            [(self._devinculation_field, "in", self.ids)], limit=1)
        if used:
            record = self.browse(used[self._devinculation_field].id)
            raise UserError(_(
                "%(record)s cannot be deleted: devinculation %(devinculation)s refers to it.")
                % {"record": record.display_name, "devinculation": used.name})
        return super(DevinculationLinksMixin, self).unlink()
