odoo.define('lease_offer_signing.state_icon', function (require) {
"use strict";

/**
 * The status of a life-insurance document as an icon, with the explanation
 * of the status as its tooltip (the seed's document list shows the same).
 */
var AbstractField = require('web.AbstractField');
var fieldRegistry = require('web.field_registry');

var ICONS = {
    draft: 'fa-pencil',
    awaiting_signature: 'fa-hourglass-half',
    signed: 'fa-check',
    backed_up: 'fa-cloud-upload',
    exported: 'fa-lock',
    accepted: 'fa-check-circle',
    cancelled: 'fa-ban',
    conflict: 'fa-exclamation-triangle',
};

var StateIcon = AbstractField.extend({
    className: 'o_lease_offer_state_icon',
    supportedFieldTypes: ['selection'],

    _render: function () {
        var state = this.value;
        var description = this.recordData.state_description || '';
        var $icon = $('<i>', {
            class: 'fa fa-fw ' + (ICONS[state] || 'fa-question-circle'),
            title: description,
            'aria-label': description,
            role: 'img',
        });
        this.$el.empty().append($icon)
            .removeClass(function (index, className) {
                return (className.match(/o_lease_state_\S+/g) || []).join(' ');
            })
            .addClass('o_lease_state_' + state)
            .attr('title', description);
    },
});

fieldRegistry.add('lease_offer_state_icon', StateIcon);

return StateIcon;
});
