import base64
import logging
import re

from odoo import api, models
from odoo.addons.base.ir.ir_actions_report import _get_wkhtmltopdf_bin

from ..lib import wkhtmltopdf
from .lease_devinculation import LETTER_REPORT

_logger = logging.getLogger(__name__)

#: top margin (mm) of a letter whose letterhead is in the page itself
LETTERHEAD_IN_BODY_MARGIN_TOP = 12

#: a stylesheet of a compiled asset bundle in the report's HTML
_ASSET_LINK = re.compile(r"""<link[^>]*href=["'](/web/content/[^"']+\.css)["'][^>]*/?>""")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.multi
    def render_qweb_pdf(self, res_ids=None, data=None):
        """The devinculation letter is always printed as a self-contained PDF.

        Odoo's standard print lets wkhtmltopdf download the stylesheets from
        this Odoo server.  The server cannot answer while modules are loading
        (install, upgrade, tests), so the print would wait forever; in test
        mode Odoo therefore gives HTML instead of a PDF.  With the stylesheets
        inside the page, wkhtmltopdf needs no server: the letter is the same
        real PDF in the print menu, in the e-mail attachment and in the tests.

        A wkhtmltopdf built without the patched Qt (Debian's) ignores the
        header and footer of the company layout: the letterhead is then
        printed in the page itself.
        """
        if len(self) != 1 or self.report_name != LETTER_REPORT:
            return super(IrActionsReport, self).render_qweb_pdf(res_ids, data=data)
        if res_ids:
            self.env[self.model].browse(res_ids)._check_letter_recipient()
        letterhead_in_body = not self._wkhtmltopdf_renders_headers()
        report = self.with_context(debug=False, lease_letterhead_in_body=letterhead_in_body)
        html = report.render_qweb_html(res_ids, data=data)[0].decode("utf-8")
        bodies, _html_ids, header, footer, paperformat_args = report._prepare_html(html)
        if letterhead_in_body:
            paperformat_args = dict(paperformat_args or {}, **{
                "data-report-margin-top": LETTERHEAD_IN_BODY_MARGIN_TOP})
        inline = report._inline_stylesheets
        pdf = report._run_wkhtmltopdf(
            [inline(body) for body in bodies], header=inline(header), footer=inline(footer),
            landscape=self.env.context.get("landscape"), specific_paperformat_args=paperformat_args)
        return pdf, "pdf"

    def _wkhtmltopdf_renders_headers(self):
        try:
            binary = _get_wkhtmltopdf_bin()
        except IOError:
            return False
        return wkhtmltopdf.binary_renders_headers(binary)

    def _inline_stylesheets(self, html):
        """``html`` with the linked asset-bundle stylesheets copied into it."""
        if not html:
            return html
        as_bytes = isinstance(html, bytes)
        text = html.decode("utf-8") if as_bytes else html
        attachments = self.env["ir.attachment"].sudo()

        def replace(match):
            url = match.group(1)
            attachment = attachments.search([("url", "=", url)], limit=1)
            if not attachment:
                # a link left in place would make wkhtmltopdf call this server
                _logger.warning("Report stylesheet %s not found: printed without it.", url)
                return ""
            return "<style>%s</style>" % base64.b64decode(attachment.datas).decode("utf-8")

        text = _ASSET_LINK.sub(replace, text)
        return text.encode("utf-8") if as_bytes else text
