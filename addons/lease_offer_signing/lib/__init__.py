# Plain Python helpers of the offer signing addon: no ORM import, so they are
# unit-tested without a database and port unchanged to later Odoo versions.
